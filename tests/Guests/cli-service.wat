;; A hand-written yoi:host/service component for the `yoi plugin serve` tests. It imports
;; yoi:host/types, yoi:host/websocket (open, recv, close) and the types of yoi:host/service-types as
;; wit-component would lay them out, and exports the service world:
;;
;;   start(config) -> result<_, string>, by the configuration text (its first 256 bytes are kept):
;;       "err:TEXT"  err(TEXT)
;;       "ws://..."  opens that URL (err "open: <host-error>" when it cannot), then ok
;;       "hang"      ok; its handle(stopping) then loops forever (for the call bound)
;;       otherwise   ok
;;   handle(event) -> result<_, string>:
;;       readable(c)  recv(c, 0): a text message -> err("peer said: <text>"), a binary one ->
;;                    err("peer sent binary"); the close or nothing -> ok; a recv error -> err("recv: ...")
;;       timer-fired  ok
;;       stopping     closes the open connection (if any), ok; loops forever after "hang"
;;   invoke(request) -> result<string, string>   ok(request)
;;   status() -> service-status                   healthy, "config=<config>"
;;   stop()                                       nothing
;;
;; Memory map: 16 import return area (24 bytes), 64 export return area, 128.. host-error case names,
;; 256.. their table (ptr, len) x 6, 320.. literals, 512..767 the kept configuration, 1024..4095
;; output text, heap (cabi_realloc, bump, reset at each export call) from 8192.
(component $service
  (import "yoi:host/types@1.0.0" (instance $types
    (type $host-error-def (variant
      (case "denied" string) (case "limit" string) (case "invalid-handle") (case "timeout")
      (case "io" string) (case "invalid-argument" string)))
    (export "host-error" (type (eq $host-error-def)))
    (type $header-value-def (variant (case "plain" string) (case "secret" string)))
    (export "header-value" (type $header-value (eq $header-value-def)))
    (type $header-def (record (field "name" string) (field "value" $header-value)))
    (export "header" (type (eq $header-def)))
  ))
  (alias export $types "host-error" (type $host-error))
  (alias export $types "header" (type $header))
  (import "yoi:host/websocket@1.0.0" (instance $ws
    (alias outer $service $host-error (type $host-error-outer))
    (export "host-error" (type $host-error (eq $host-error-outer)))
    (alias outer $service $header (type $header-outer))
    (export "header" (type $header (eq $header-outer)))
    (type $open-request-def (record (field "url" string) (field "subprotocols" (list string)) (field "headers" (list $header))))
    (export "open-request" (type $open-request (eq $open-request-def)))
    (type $opened-def (record (field "connection" u32) (field "subprotocol" (option string))))
    (export "opened" (type $opened (eq $opened-def)))
    (type $message-def (variant (case "text" string) (case "binary" (list u8))))
    (export "message" (type $message (eq $message-def)))
    (type $close-frame-def (record (field "code" u16) (field "reason" string)))
    (export "close-frame" (type $close-frame (eq $close-frame-def)))
    (type $incoming-def (variant (case "message" $message) (case "closed" $close-frame)))
    (export "incoming" (type $incoming (eq $incoming-def)))
    (export "open" (func (param "request" $open-request) (result (result $opened (error $host-error)))))
    (export "recv" (func (param "connection" u32) (param "timeout-ms" u32) (result (result (option $incoming) (error $host-error)))))
    (export "close" (func (param "connection" u32) (param "code" (option u16)) (param "reason" (option string)) (result (result (error $host-error)))))
  ))
  (import "yoi:host/service-types@1.0.0" (instance $service-types
    (type $event-def (variant (case "readable" u32) (case "timer-fired" u32) (case "stopping")))
    (export "event" (type (eq $event-def)))
    (type $health-def (enum "healthy" "degraded" "unhealthy"))
    (export "health" (type $health (eq $health-def)))
    (type $service-status-def (record (field "health" $health) (field "detail" string)))
    (export "service-status" (type (eq $service-status-def)))
  ))
  (alias export $service-types "event" (type $event))
  (alias export $service-types "service-status" (type $service-status))

  (core module $libc
    (memory (export "memory") 1)
    (global $heap (mut i32) (i32.const 8192))
    (func (export "reset") (global.set $heap (i32.const 8192)))
    (func (export "cabi_realloc") (param $old i32) (param $old-size i32) (param $align i32) (param $new-size i32) (result i32)
      (local $p i32) (local $end i32)
      (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
                             (i32.sub (i32.const 0) (local.get $align))))
      (local.set $end (i32.add (local.get $p) (local.get $new-size)))
      (if (i32.gt_u (local.get $end) (i32.mul (memory.size) (i32.const 65536)))
        (then
          (if (i32.eq (memory.grow (i32.div_u (i32.add (i32.sub (local.get $end) (i32.mul (memory.size) (i32.const 65536)))
                                                       (i32.const 65535))
                                              (i32.const 65536)))
                      (i32.const -1))
            (then unreachable))))
      (global.set $heap (local.get $end))
      (if (local.get $old-size)
        (then (memory.copy (local.get $p) (local.get $old) (local.get $old-size))))
      (local.get $p))
  )
  (core instance $libc (instantiate $libc))

  (core func $open (canon lower (func $ws "open") (memory (core memory $libc "memory")) (realloc (core func $libc "cabi_realloc"))))
  (core func $recv (canon lower (func $ws "recv") (memory (core memory $libc "memory")) (realloc (core func $libc "cabi_realloc"))))
  (core func $close (canon lower (func $ws "close") (memory (core memory $libc "memory")) (realloc (core func $libc "cabi_realloc"))))

  (core module $main
    (import "libc" "memory" (memory 1))
    (import "libc" "reset" (func $reset))
    ;; open(url ptr, len, subprotocols ptr, len, headers ptr, len, return area)
    (import "ws" "open" (func $open (param i32 i32 i32 i32 i32 i32 i32)))
    ;; recv(connection, timeout-ms, return area)
    (import "ws" "recv" (func $recv (param i32 i32 i32)))
    ;; close(connection, code is-some, code, reason is-some, reason ptr, len, return area)
    (import "ws" "close" (func $close (param i32 i32 i32 i32 i32 i32 i32)))

    (global $outlen (mut i32) (i32.const 0))
    (global $configlen (mut i32) (i32.const 0))
    (global $conn (mut i32) (i32.const 0))   ;; the open connection's handle, 0 for none
    (global $hang (mut i32) (i32.const 0))   ;; start("hang") was called

    (data (i32.const 128) "denied")
    (data (i32.const 136) "limit")
    (data (i32.const 144) "invalid-handle")
    (data (i32.const 160) "timeout")
    (data (i32.const 168) "io")
    (data (i32.const 176) "invalid-argument")
    (data (i32.const 256)
      "\80\00\00\00\06\00\00\00" "\88\00\00\00\05\00\00\00" "\90\00\00\00\0e\00\00\00"
      "\a0\00\00\00\07\00\00\00" "\a8\00\00\00\02\00\00\00" "\b0\00\00\00\10\00\00\00")
    (data (i32.const 320) ": ")                 ;; 2
    (data (i32.const 324) "open")               ;; 4
    (data (i32.const 328) "recv")               ;; 4
    (data (i32.const 336) "peer said: ")        ;; 11
    (data (i32.const 352) "peer sent binary")   ;; 16
    (data (i32.const 372) "config=")            ;; 7
    (data (i32.const 380) "hang")               ;; 4

    ;; Appends memory[p, p+n) to the output text (capped at 3072 bytes).
    (func $append (param $p i32) (param $n i32)
      (if (i32.gt_u (i32.add (global.get $outlen) (local.get $n)) (i32.const 3072))
        (then (local.set $n (i32.sub (i32.const 3072) (global.get $outlen)))))
      (memory.copy (i32.add (i32.const 1024) (global.get $outlen)) (local.get $p) (local.get $n))
      (global.set $outlen (i32.add (global.get $outlen) (local.get $n))))

    ;; Appends "<case>[: <payload>]" for the host-error at address $e.
    (func $append-error (param $e i32)
      (local $case i32)
      (local.set $case (i32.load8_u (local.get $e)))
      (call $append
        (i32.load (i32.add (i32.const 256) (i32.shl (local.get $case) (i32.const 3))))
        (i32.load (i32.add (i32.const 260) (i32.shl (local.get $case) (i32.const 3)))))
      (if (i32.or (i32.le_u (local.get $case) (i32.const 1)) (i32.ge_u (local.get $case) (i32.const 4)))
        (then
          (call $append (i32.const 320) (i32.const 2))
          (call $append (i32.load offset=4 (local.get $e)) (i32.load offset=8 (local.get $e))))))

    ;; Writes result<_, string> / result<string, string> (case, output text) at 64.
    (func $finish (param $case i32) (result i32)
      (i32.store8 (i32.const 64) (local.get $case))
      (i32.store (i32.const 68) (i32.const 1024))
      (i32.store (i32.const 72) (global.get $outlen))
      (i32.const 64))

    ;; err("<step>: <host-error>") for the host-error at 20 (every import's error payload sits there).
    (func $fail (param $step i32) (param $step-len i32) (result i32)
      (global.set $outlen (i32.const 0))
      (call $append (local.get $step) (local.get $step-len))
      (call $append (i32.const 320) (i32.const 2))
      (call $append-error (i32.const 20))
      (call $finish (i32.const 1)))

    (func (export "start") (param $config i32) (param $len i32) (result i32)
      ;; Kept before the heap is reset: later allocations reuse the memory the argument is in.
      (if (i32.gt_u (local.get $len) (i32.const 256)) (then (local.set $len (i32.const 256))))
      (memory.copy (i32.const 512) (local.get $config) (local.get $len))
      (global.set $configlen (local.get $len))
      (call $reset)
      (global.set $outlen (i32.const 0))
      (if (i32.and (i32.ge_u (local.get $len) (i32.const 4)) (i32.eq (i32.load (i32.const 512)) (i32.const 0x3a727265))) ;; "err:"
        (then
          (call $append (i32.const 516) (i32.sub (local.get $len) (i32.const 4)))
          (return (call $finish (i32.const 1)))))
      (if (i32.and (i32.eq (local.get $len) (i32.const 4)) (i32.eq (i32.load (i32.const 512)) (i32.load (i32.const 380)))) ;; "hang"
        (then (global.set $hang (i32.const 1))))
      (if (i32.and (i32.ge_u (local.get $len) (i32.const 5)) (i32.eq (i32.load (i32.const 512)) (i32.const 0x2f3a7377))) ;; "ws:/"
        (then
          (call $open (i32.const 512) (local.get $len) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 16))
          (if (i32.load8_u (i32.const 16)) (then (return (call $fail (i32.const 324) (i32.const 4)))))
          (global.set $conn (i32.load (i32.const 20)))))
      (call $finish (i32.const 0)))

    ;; readable(connection): takes one item (see the header).
    (func $readable (param $conn i32) (result i32)
      (call $recv (local.get $conn) (i32.const 0) (i32.const 16))
      (if (i32.load8_u (i32.const 16)) (then (return (call $fail (i32.const 328) (i32.const 4)))))
      (if (i32.eqz (i32.load8_u (i32.const 20))) (then (return (call $finish (i32.const 0)))))
      (if (i32.load8_u (i32.const 24))
        (then
          (if (i32.eq (local.get $conn) (global.get $conn)) (then (global.set $conn (i32.const 0))))
          (return (call $finish (i32.const 0)))))
      (if (i32.load8_u (i32.const 28))
        (then
          (call $append (i32.const 352) (i32.const 16))
          (return (call $finish (i32.const 1)))))
      (call $append (i32.const 336) (i32.const 11))
      (call $append (i32.load (i32.const 32)) (i32.load (i32.const 36)))
      (call $finish (i32.const 1)))

    ;; handle(event): the event flattens to (case, payload).
    (func (export "handle") (param $case i32) (param $payload i32) (result i32)
      (call $reset)
      (global.set $outlen (i32.const 0))
      (if (i32.eqz (local.get $case)) (then (return (call $readable (local.get $payload)))))
      (if (i32.eq (local.get $case) (i32.const 2))
        (then
          (if (global.get $hang) (then (loop $forever (br $forever))))
          (if (global.get $conn)
            (then
              (call $close (global.get $conn) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 16))
              (global.set $conn (i32.const 0))))))
      (call $finish (i32.const 0)))

    (func (export "invoke") (param $request i32) (param $len i32) (result i32)
      (call $reset)
      (global.set $outlen (i32.const 0))
      (call $append (local.get $request) (local.get $len))
      (call $finish (i32.const 0)))

    ;; service-status at 64: health (u8), detail (ptr, len).
    (func (export "status") (result i32)
      (call $reset)
      (global.set $outlen (i32.const 0))
      (call $append (i32.const 372) (i32.const 7))
      (call $append (i32.const 512) (global.get $configlen))
      (i32.store8 (i32.const 64) (i32.const 0))
      (i32.store (i32.const 68) (i32.const 1024))
      (i32.store (i32.const 72) (global.get $outlen))
      (i32.const 64))

    (func (export "stop"))
  )
  (core instance $main (instantiate $main
    (with "libc" (instance $libc))
    (with "ws" (instance
      (export "open" (func $open))
      (export "recv" (func $recv))
      (export "close" (func $close))))))

  (func (export "start") (param "config" string) (result (result (error string)))
    (canon lift (core func $main "start") (memory (core memory $libc "memory")) (realloc (core func $libc "cabi_realloc"))))
  (func (export "handle") (param "event" $event) (result (result (error string)))
    (canon lift (core func $main "handle") (memory (core memory $libc "memory")) (realloc (core func $libc "cabi_realloc"))))
  (func (export "invoke") (param "request" string) (result (result string (error string)))
    (canon lift (core func $main "invoke") (memory (core memory $libc "memory")) (realloc (core func $libc "cabi_realloc"))))
  (func (export "status") (result $service-status)
    (canon lift (core func $main "status") (memory (core memory $libc "memory")) (realloc (core func $libc "cabi_realloc"))))
  (func (export "stop") (canon lift (core func $main "stop")))
)
