;; A hand-written yoi:host plugin component that drives host-owned WebSockets.
;; It imports yoi:host/types@1.0.0 and yoi:host/websocket@1.0.0 as wit-component would lay them out
;; (host-error defined in `types`, aliased into `websocket`) and exports:
;;
;;   run: func(input: string) -> result<string, string>
;;       input is a ws:// URL. open -> send text "hello from guest" -> recv -> send binary
;;       [0x00 0x01 0x7f 0x42] -> recv -> close. ok: "<echoed text>|<echoed binary as bytes>".
;;   connect: func(url: string) -> result<u32, string>            open; ok: the handle
;;   echo: func(connection: u32, count: u32, size: u32, binary: bool) -> result<u32, string>
;;       count round trips of one size-byte message (text of 'a's or binary); checks kind and length.
;;   disconnect: func(connection: u32) -> result<_, string>        close with the defaults
;;   boom: func()                                                 traps (unreachable)
;;
;; Two inputs of run test the host's bounds rather than WebSockets:
;;   "!spin"  loops forever (the call time limit must interrupt it);
;;   "!grow"  grows memory one page at a time until memory.grow returns -1;
;;            ok: "memory.grow -1 at <pages> pages".
;;
;; Errors are "<step>: <host-error case>[: <payload>]", e.g. "open: denied: ...", built from the
;; typed host-error the guest received.
;;
;; Memory map: 16 import return area (24 bytes), 64 export return area, 128.. case names,
;; 256.. case name table (ptr, len) x 6, 320.. literals, 1024..4095 output text,
;; 512.. grow literals, 600..619 digits, 4096..69631 message buffer, heap (cabi_realloc, bump, reset at each export call) from 73728.
(component $guest
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
    (alias outer $guest $host-error (type $host-error-outer))
    (export "host-error" (type $host-error (eq $host-error-outer)))
    (alias outer $guest $header (type $header-outer))
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
    (export "send" (func (param "connection" u32) (param "message" $message) (result (result (error $host-error)))))
    (export "recv" (func (param "connection" u32) (param "timeout-ms" u32) (result (result (option $incoming) (error $host-error)))))
    (export "close" (func (param "connection" u32) (param "code" (option u16)) (param "reason" (option string)) (result (result (error $host-error)))))
  ))

  (core module $libc
    (memory (export "memory") 2)
    (global $heap (mut i32) (i32.const 73728))
    (func (export "reset") (global.set $heap (i32.const 73728)))
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
  (core func $send (canon lower (func $ws "send") (memory (core memory $libc "memory")) (realloc (core func $libc "cabi_realloc"))))
  (core func $recv (canon lower (func $ws "recv") (memory (core memory $libc "memory")) (realloc (core func $libc "cabi_realloc"))))
  (core func $close (canon lower (func $ws "close") (memory (core memory $libc "memory")) (realloc (core func $libc "cabi_realloc"))))

  (core module $main
    (import "libc" "memory" (memory 1))
    (import "libc" "reset" (func $reset))
    ;; open(url ptr, len, subprotocols ptr, len, headers ptr, len, return area)
    (import "ws" "open" (func $open (param i32 i32 i32 i32 i32 i32 i32)))
    ;; send(connection, message case, payload ptr, len, return area)
    (import "ws" "send" (func $send (param i32 i32 i32 i32 i32)))
    ;; recv(connection, timeout-ms, return area)
    (import "ws" "recv" (func $recv (param i32 i32 i32)))
    ;; close(connection, code is-some, code, reason is-some, reason ptr, len, return area)
    (import "ws" "close" (func $close (param i32 i32 i32 i32 i32 i32 i32)))

    (global $outlen (mut i32) (i32.const 0))

    (data (i32.const 128) "denied")
    (data (i32.const 136) "limit")
    (data (i32.const 144) "invalid-handle")
    (data (i32.const 160) "timeout")
    (data (i32.const 168) "io")
    (data (i32.const 176) "invalid-argument")
    (data (i32.const 256)
      "\80\00\00\00\06\00\00\00" "\88\00\00\00\05\00\00\00" "\90\00\00\00\0e\00\00\00"
      "\a0\00\00\00\07\00\00\00" "\a8\00\00\00\02\00\00\00" "\b0\00\00\00\10\00\00\00")
    (data (i32.const 320) "hello from guest")   ;; 16
    (data (i32.const 340) "\00\01\7f\42")         ;; 4, the binary message
    (data (i32.const 348) ": ")                   ;; 2
    (data (i32.const 352) "|")                    ;; 1
    (data (i32.const 356) "open")                 ;; 4
    (data (i32.const 360) "send")                 ;; 4
    (data (i32.const 364) "recv")                 ;; 4
    (data (i32.const 368) "close")                ;; 5
    (data (i32.const 376) "recv: nothing arrived")      ;; 21
    (data (i32.const 400) "recv: closed by the peer")   ;; 24
    (data (i32.const 428) "recv: wrong message kind")   ;; 24
    (data (i32.const 456) "recv: wrong message size")   ;; 24
    (data (i32.const 484) "echo: size over 65536")      ;; 21
    (data (i32.const 512) "memory.grow -1 at ")         ;; 18
    (data (i32.const 536) " pages")                     ;; 6

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
          (call $append (i32.const 348) (i32.const 2))
          (call $append (i32.load offset=4 (local.get $e)) (i32.load offset=8 (local.get $e))))))

    ;; Writes result<_, string> / result<string, string> / result<u32, string> (case, output text) at 64.
    (func $finish (param $case i32) (result i32)
      (i32.store8 (i32.const 64) (local.get $case))
      (i32.store (i32.const 68) (i32.const 1024))
      (i32.store (i32.const 72) (global.get $outlen))
      (i32.const 64))

    ;; err("<step>: <host-error>") for the host-error at 20 (every import's error payload sits there).
    (func $fail (param $step i32) (param $step-len i32) (result i32)
      (global.set $outlen (i32.const 0))
      (call $append (local.get $step) (local.get $step-len))
      (call $append (i32.const 348) (i32.const 2))
      (call $append-error (i32.const 20))
      (call $finish (i32.const 1)))

    (func $fail-text (param $p i32) (param $n i32) (result i32)
      (global.set $outlen (i32.const 0))
      (call $append (local.get $p) (local.get $n))
      (call $finish (i32.const 1)))

    ;; recv into the return area; checks it is some(message(kind)); 0 on success, else an err result.
    (func $recv-message (param $conn i32) (param $kind i32) (result i32)
      (call $recv (local.get $conn) (i32.const 5000) (i32.const 16))
      (if (i32.load8_u (i32.const 16)) (then (return (call $fail (i32.const 364) (i32.const 4)))))
      (if (i32.eqz (i32.load8_u (i32.const 20))) (then (return (call $fail-text (i32.const 376) (i32.const 21)))))
      (if (i32.load8_u (i32.const 24)) (then (return (call $fail-text (i32.const 400) (i32.const 24)))))
      (if (i32.ne (i32.load8_u (i32.const 28)) (local.get $kind)) (then (return (call $fail-text (i32.const 428) (i32.const 24)))))
      (i32.const 0))

    ;; Appends the decimal digits of $v.
    (func $append-u32 (param $v i32)
      (local $p i32)
      (local.set $p (i32.const 620))
      (loop $digit
        (local.set $p (i32.sub (local.get $p) (i32.const 1)))
        (i32.store8 (local.get $p) (i32.add (i32.const 48) (i32.rem_u (local.get $v) (i32.const 10))))
        (local.set $v (i32.div_u (local.get $v) (i32.const 10)))
        (br_if $digit (local.get $v)))
      (call $append (local.get $p) (i32.sub (i32.const 620) (local.get $p))))

    ;; run("!spin") and run("!grow"): see the header.
    (func $bounds (param $mode i32) (result i32)
      (if (i32.eq (local.get $mode) (i32.const 0x73)) ;; 's'
        (then (loop $forever (br $forever))))
      (block $refused
        (loop $more
          (br_if $refused (i32.eq (memory.grow (i32.const 1)) (i32.const -1)))
          (br $more)))
      (call $append (i32.const 512) (i32.const 18))
      (call $append-u32 (memory.size))
      (call $append (i32.const 536) (i32.const 6))
      (call $finish (i32.const 0)))

    (func (export "run") (param $url i32) (param $url-len i32) (result i32)
      (local $conn i32) (local $r i32)
      (call $reset)
      (global.set $outlen (i32.const 0))
      (if (i32.and (i32.ge_u (local.get $url-len) (i32.const 2)) (i32.eq (i32.load8_u (local.get $url)) (i32.const 0x21))) ;; '!'
        (then (return (call $bounds (i32.load8_u offset=1 (local.get $url))))))
      (call $open (local.get $url) (local.get $url-len) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 16))
      (if (i32.load8_u (i32.const 16)) (then (return (call $fail (i32.const 356) (i32.const 4)))))
      (local.set $conn (i32.load (i32.const 20)))

      (call $send (local.get $conn) (i32.const 0) (i32.const 320) (i32.const 16) (i32.const 16))
      (if (i32.load8_u (i32.const 16)) (then (return (call $fail (i32.const 360) (i32.const 4)))))
      (local.set $r (call $recv-message (local.get $conn) (i32.const 0)))
      (if (local.get $r) (then (return (local.get $r))))
      (call $append (i32.load (i32.const 32)) (i32.load (i32.const 36)))
      (call $append (i32.const 352) (i32.const 1))

      (call $send (local.get $conn) (i32.const 1) (i32.const 340) (i32.const 4) (i32.const 16))
      (if (i32.load8_u (i32.const 16)) (then (return (call $fail (i32.const 360) (i32.const 4)))))
      (local.set $r (call $recv-message (local.get $conn) (i32.const 1)))
      (if (local.get $r) (then (return (local.get $r))))
      (call $append (i32.load (i32.const 32)) (i32.load (i32.const 36)))

      (call $close (local.get $conn) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 16))
      (if (i32.load8_u (i32.const 16)) (then (return (call $fail (i32.const 368) (i32.const 5)))))
      (call $finish (i32.const 0)))

    (func (export "connect") (param $url i32) (param $url-len i32) (result i32)
      (call $reset)
      (call $open (local.get $url) (local.get $url-len) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 16))
      (if (i32.load8_u (i32.const 16)) (then (return (call $fail (i32.const 356) (i32.const 4)))))
      (i32.store8 (i32.const 64) (i32.const 0))
      (i32.store (i32.const 68) (i32.load (i32.const 20)))
      (i32.const 64))

    (func (export "echo") (param $conn i32) (param $count i32) (param $size i32) (param $binary i32) (result i32)
      (local $i i32) (local $r i32)
      (call $reset)
      (if (i32.gt_u (local.get $size) (i32.const 65536)) (then (return (call $fail-text (i32.const 484) (i32.const 21)))))
      (memory.fill (i32.const 4096) (i32.const 0x61) (local.get $size))
      (block $done
        (loop $next
          (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
          (call $reset)
          (call $send (local.get $conn) (local.get $binary) (i32.const 4096) (local.get $size) (i32.const 16))
          (if (i32.load8_u (i32.const 16)) (then (return (call $fail (i32.const 360) (i32.const 4)))))
          (local.set $r (call $recv-message (local.get $conn) (local.get $binary)))
          (if (local.get $r) (then (return (local.get $r))))
          (if (i32.ne (i32.load (i32.const 36)) (local.get $size)) (then (return (call $fail-text (i32.const 456) (i32.const 24)))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $next)))
      (i32.store8 (i32.const 64) (i32.const 0))
      (i32.store (i32.const 68) (local.get $count))
      (i32.const 64))

    (func (export "disconnect") (param $conn i32) (result i32)
      (call $reset)
      (call $close (local.get $conn) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 16))
      (if (i32.load8_u (i32.const 16)) (then (return (call $fail (i32.const 368) (i32.const 5)))))
      (global.set $outlen (i32.const 0))
      (call $finish (i32.const 0)))

    (func (export "boom") unreachable)
  )
  (core instance $main (instantiate $main
    (with "libc" (instance $libc))
    (with "ws" (instance
      (export "open" (func $open))
      (export "send" (func $send))
      (export "recv" (func $recv))
      (export "close" (func $close))))))

  (func (export "run") (param "input" string) (result (result string (error string)))
    (canon lift (core func $main "run") (memory (core memory $libc "memory")) (realloc (core func $libc "cabi_realloc"))))
  (func (export "connect") (param "url" string) (result (result u32 (error string)))
    (canon lift (core func $main "connect") (memory (core memory $libc "memory")) (realloc (core func $libc "cabi_realloc"))))
  (func (export "echo") (param "connection" u32) (param "count" u32) (param "size" u32) (param "binary" bool) (result (result u32 (error string)))
    (canon lift (core func $main "echo") (memory (core memory $libc "memory")) (realloc (core func $libc "cabi_realloc"))))
  (func (export "disconnect") (param "connection" u32) (result (result (error string)))
    (canon lift (core func $main "disconnect") (memory (core memory $libc "memory")) (realloc (core func $libc "cabi_realloc"))))
  (func (export "boom") (canon lift (core func $main "boom")))
)
