;; A hand-written yoi:host/service component for the service driver's tests. It imports
;; yoi:host/types, websocket (open, send, recv, close), timers (set, now, cancel) and service-types as
;; wit-component would lay them out, and exports the world's five functions. What it does is chosen by
;; the config text given to start and by commands sent through invoke, so a test can drive every case.
;;
;; start(config) -> result<_, string>
;;     "err" -> err("bad config"); "trap" -> unreachable; "spin" -> loops forever; longer than
;;     4096 bytes -> err("config too long"); otherwise ok, and the config is kept: status's detail is
;;     the config text. A config "do <commands>" also runs <commands> (as invoke does) before
;;     answering; the first command that fails makes start return its err.
;;
;; handle(event) -> result<_, string>
;;     Appends one entry to the log, then acts by mode (set with "mode <m>"; drain at start):
;;       readable(c)   entry "r<c>:" then one letter per item recv returned: m message, c closed,
;;                     e error. drain: recv(c, 0) until none (or the close or error that ends c);
;;                     one: a single recv; ignore: no recv (the entry is "r<c>:").
;;       timer-fired(t) entry "t<t>".
;;       stopping      entry "s" (always ok, whatever the mode).
;;     In the modes err (err("handle failed")), trap (unreachable) and spin (loops forever) readable
;;     and timer-fired fail after their entry. Data reaches the guest only as what its own recv
;;     returns (in handle, or in "hold" below): an event carries a u32 and nothing else.
;;
;; invoke(request) -> result<string, string>
;;     request is one or more commands separated by ';', run in order; the ok answers are joined by
;;     ';'; the first command that fails ends the request with its err. Commands:
;;       open <ws-url>    websocket.open (no subprotocols, no headers); ok: the handle
;;       send <c> <text>  websocket.send of a text message
;;       close <c>        websocket.close with the defaults
;;       hold <c> <ms>    one recv(c, ms) outside handle, to keep the driver busy until c has an item;
;;                        log entry "h" + the item's letter (n: nothing came); ok: that letter
;;       set <ms>         timers.set; ok: the timer handle
;;       cancel <t>       timers.cancel
;;       now              timers.now; ok: the milliseconds
;;       log              ok: the log so far (entries separated by one space)
;;       count            ok: messages recv has returned so far
;;       bytes            ok: bytes of those messages
;;       last-error       ok: the last error recv returned ("<case>[: <payload>]")
;;       mark <text>      appends <text> to the log as an entry (ASCII)
;;       mode <m>         drain | one | ignore | err | trap | spin
;;       stop-mode <m>    spin | trap: what stop does instead of its work
;;       health <h>       healthy | degraded | unhealthy: what status reports
;;       fail             err("failed on purpose")
;;       trap / spin      unreachable / loops forever, inside invoke
;;     Host errors come back as err("<case>[: <payload>]"), e.g. "invalid-argument: ...".
;;
;; status() -> service-status
;;     health as set (healthy at start), detail = the config text.
;;
;; stop()
;;     Appends "x" to the log and closes every connection "open" opened that has not ended, with code
;;     4001 and reason "stopped" (so a peer can tell that stop ran); stop-mode spin loops, trap traps.
;;
;; Memory map (linear memory, 2 pages to start):
;;        16..   47  return area of the imported functions (every import's error payload sits at 20)
;;        64..   75  return area of the exports
;;       128..  191  host-error case names; 256..303 their (ptr, len) table
;;       320..  719  literals (messages, command and mode words)
;;      1024.. 1055  digits of formatted numbers (written backwards from 1056); 1060 one-byte scratch
;;      1088.. 1119  connections opened and not yet ended: 8 u32 slots, 0 = free
;;      1536.. 2047  the last error recv returned
;;      8192..12287  the config text
;;     16384..32767  the log
;;     32768..65535  the answer text of the current export
;;     65536..       heap (cabi_realloc, bump allocator; reset as each export returns, so what the host
;;                   lowered for a call lives until the call ends)
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
    (type $connection-def u32)
    (export "connection" (type $connection (eq $connection-def)))
    (type $open-request-def (record (field "url" string) (field "subprotocols" (list string)) (field "headers" (list $header))))
    (export "open-request" (type $open-request (eq $open-request-def)))
    (type $opened-def (record (field "connection" $connection) (field "subprotocol" (option string))))
    (export "opened" (type $opened (eq $opened-def)))
    (type $message-def (variant (case "text" string) (case "binary" (list u8))))
    (export "message" (type $message (eq $message-def)))
    (type $close-frame-def (record (field "code" u16) (field "reason" string)))
    (export "close-frame" (type $close-frame (eq $close-frame-def)))
    (type $incoming-def (variant (case "message" $message) (case "closed" $close-frame)))
    (export "incoming" (type $incoming (eq $incoming-def)))
    (export "open" (func (param "request" $open-request) (result (result $opened (error $host-error)))))
    (export "send" (func (param "connection" $connection) (param "message" $message) (result (result (error $host-error)))))
    (export "recv" (func (param "connection" $connection) (param "timeout-ms" u32) (result (result (option $incoming) (error $host-error)))))
    (export "close" (func (param "connection" $connection) (param "code" (option u16)) (param "reason" (option string)) (result (result (error $host-error)))))
  ))
  (alias export $ws "connection" (type $connection))

  (import "yoi:host/timers@1.0.0" (instance $timers
    (alias outer $guest $host-error (type $host-error-outer))
    (export "host-error" (type $host-error (eq $host-error-outer)))
    (type $timer-def u32)
    (export "timer" (type $timer (eq $timer-def)))
    (export "set" (func (param "delay-ms" u32) (result (result $timer (error $host-error)))))
    (export "now" (func (result u64)))
    (export "cancel" (func (param "timer" $timer) (result (result (error $host-error)))))
  ))
  (alias export $timers "timer" (type $timer))

  (import "yoi:host/service-types@1.0.0" (instance $service-types
    (alias outer $guest $connection (type $connection-outer))
    (export "connection" (type $connection (eq $connection-outer)))
    (alias outer $guest $timer (type $timer-outer))
    (export "timer" (type $timer (eq $timer-outer)))
    (type $event-def (variant (case "readable" $connection) (case "timer-fired" $timer) (case "stopping")))
    (export "event" (type $event (eq $event-def)))
    (type $health-def (enum "healthy" "degraded" "unhealthy"))
    (export "health" (type $health (eq $health-def)))
    (type $service-status-def (record (field "health" $health) (field "detail" string)))
    (export "service-status" (type $service-status (eq $service-status-def)))
  ))
  (alias export $service-types "event" (type $event))
  (alias export $service-types "service-status" (type $service-status))

  ;; Memory and the allocator, instantiated first so the lowered imports can name them.
  (core module $libc
    (memory (export "memory") 2)
    (global $heap (mut i32) (i32.const 65536))
    (func (export "reset") (global.set $heap (i32.const 65536)))
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
  (core func $set (canon lower (func $timers "set") (memory (core memory $libc "memory")) (realloc (core func $libc "cabi_realloc"))))
  (core func $now (canon lower (func $timers "now")))
  (core func $cancel (canon lower (func $timers "cancel") (memory (core memory $libc "memory")) (realloc (core func $libc "cabi_realloc"))))

  (core module $main
    (import "libc" "memory" (memory 1))
    (import "libc" "reset" (func $reset))
    ;; open(url ptr, len, subprotocols ptr, len, headers ptr, len, return area)
    (import "ws" "open" (func $ws-open (param i32 i32 i32 i32 i32 i32 i32)))
    ;; send(connection, message case, payload ptr, len, return area)
    (import "ws" "send" (func $ws-send (param i32 i32 i32 i32 i32)))
    ;; recv(connection, timeout-ms, return area)
    (import "ws" "recv" (func $ws-recv (param i32 i32 i32)))
    ;; close(connection, code is-some, code, reason is-some, reason ptr, len, return area)
    (import "ws" "close" (func $ws-close (param i32 i32 i32 i32 i32 i32 i32)))
    ;; set(delay-ms, return area); cancel(timer, return area); now() -> u64
    (import "timers" "set" (func $timer-set (param i32 i32)))
    (import "timers" "now" (func $timer-now (result i64)))
    (import "timers" "cancel" (func $timer-cancel (param i32 i32)))

    ;; What readable and timer-fired do: 0 drain, 1 one, 2 ignore, 3 err, 4 trap, 5 spin.
    (global $mode (mut i32) (i32.const 0))
    ;; What stop does: 0 its work, 1 spin, 2 trap.
    (global $stop-mode (mut i32) (i32.const 0))
    ;; What status reports: 0 healthy, 1 degraded, 2 unhealthy.
    (global $health (mut i32) (i32.const 0))
    (global $config-len (mut i32) (i32.const 0))
    (global $log-len (mut i32) (i32.const 0))
    (global $out-len (mut i32) (i32.const 0))
    (global $error-len (mut i32) (i32.const 0))
    (global $messages (mut i32) (i32.const 0))
    (global $bytes (mut i64) (i64.const 0))

    (data (i32.const 128) "denied")              ;; 6
    (data (i32.const 136) "limit")               ;; 5
    (data (i32.const 144) "invalid-handle")      ;; 14
    (data (i32.const 160) "timeout")             ;; 7
    (data (i32.const 168) "io")                  ;; 2
    (data (i32.const 176) "invalid-argument")    ;; 16
    (data (i32.const 256)
      "\80\00\00\00\06\00\00\00" "\88\00\00\00\05\00\00\00" "\90\00\00\00\0e\00\00\00"
      "\a0\00\00\00\07\00\00\00" "\a8\00\00\00\02\00\00\00" "\b0\00\00\00\10\00\00\00")
    (data (i32.const 320) "bad config")          ;; 10
    (data (i32.const 336) "config too long")     ;; 15
    (data (i32.const 352) "handle failed")       ;; 13
    (data (i32.const 368) "unknown command")     ;; 15
    (data (i32.const 384) "bad number")          ;; 10
    (data (i32.const 400) "unknown mode")        ;; 12
    (data (i32.const 416) "failed on purpose")   ;; 17
    (data (i32.const 440) ": ")                  ;; 2
    (data (i32.const 448) "open")                ;; 4
    (data (i32.const 456) "send")                ;; 4
    (data (i32.const 464) "close")               ;; 5
    (data (i32.const 472) "set")                 ;; 3
    (data (i32.const 480) "cancel")              ;; 6
    (data (i32.const 488) "now")                 ;; 3
    (data (i32.const 496) "log")                 ;; 3
    (data (i32.const 504) "count")               ;; 5
    (data (i32.const 512) "bytes")               ;; 5
    (data (i32.const 520) "mode")                ;; 4
    (data (i32.const 528) "stop-mode")           ;; 9
    (data (i32.const 544) "mark")                ;; 4
    (data (i32.const 552) "hold")                ;; 4
    (data (i32.const 560) "fail")                ;; 4
    (data (i32.const 568) "health")              ;; 6
    (data (i32.const 576) "last-error")          ;; 10
    (data (i32.const 592) "do ")                 ;; 3
    (data (i32.const 600) "err")                 ;; 3
    (data (i32.const 608) "trap")                ;; 4
    (data (i32.const 616) "spin")                ;; 4
    (data (i32.const 624) "drain")               ;; 5
    (data (i32.const 632) "one")                 ;; 3
    (data (i32.const 640) "ignore")              ;; 6
    (data (i32.const 648) "healthy")             ;; 7
    (data (i32.const 656) "degraded")            ;; 8
    (data (i32.const 672) "unhealthy")           ;; 9
    (data (i32.const 688) "stopped")             ;; 7

    ;; ---- text helpers ----

    ;; 1 when memory[p, p+n) equals memory[q, q+m).
    (func $equals (param $p i32) (param $n i32) (param $q i32) (param $m i32) (result i32)
      (local $i i32)
      (if (i32.ne (local.get $n) (local.get $m)) (then (return (i32.const 0))))
      (loop $next
        (if (i32.ge_u (local.get $i) (local.get $n)) (then (return (i32.const 1))))
        (if (i32.ne (i32.load8_u (i32.add (local.get $p) (local.get $i)))
                    (i32.load8_u (i32.add (local.get $q) (local.get $i))))
          (then (return (i32.const 0))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))
      (i32.const 0))

    ;; 1 when memory[p, p+n) starts with memory[q, q+m).
    (func $starts-with (param $p i32) (param $n i32) (param $q i32) (param $m i32) (result i32)
      (if (i32.lt_u (local.get $n) (local.get $m)) (then (return (i32.const 0))))
      (call $equals (local.get $p) (local.get $m) (local.get $q) (local.get $m)))

    ;; The index of the first $byte in memory[p, p+n), or n when there is none.
    (func $find (param $p i32) (param $n i32) (param $byte i32) (result i32)
      (local $i i32)
      (block $found
        (loop $next
          (br_if $found (i32.ge_u (local.get $i) (local.get $n)))
          (br_if $found (i32.eq (i32.load8_u (i32.add (local.get $p) (local.get $i))) (local.get $byte)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $next)))
      (local.get $i))

    ;; The decimal number in memory[p, p+n) (1 to 10 digits, at most 2^32 - 1), or -1.
    (func $parse-u32 (param $p i32) (param $n i32) (result i64)
      (local $i i32) (local $digit i32) (local $value i64)
      (if (i32.or (i32.eqz (local.get $n)) (i32.gt_u (local.get $n) (i32.const 10)))
        (then (return (i64.const -1))))
      (loop $next
        (local.set $digit (i32.sub (i32.load8_u (i32.add (local.get $p) (local.get $i))) (i32.const 48)))
        (if (i32.gt_u (local.get $digit) (i32.const 9)) (then (return (i64.const -1))))
        (local.set $value (i64.add (i64.mul (local.get $value) (i64.const 10)) (i64.extend_i32_u (local.get $digit))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $next (i32.lt_u (local.get $i) (local.get $n))))
      (if (i64.gt_u (local.get $value) (i64.const 0xffffffff)) (then (return (i64.const -1))))
      (local.get $value))

    ;; Writes the decimal digits of $v so they end at 1056; returns where they start.
    (func $format-u64 (param $v i64) (result i32)
      (local $p i32)
      (local.set $p (i32.const 1056))
      (loop $digit
        (local.set $p (i32.sub (local.get $p) (i32.const 1)))
        (i32.store8 (local.get $p) (i32.wrap_i64 (i64.add (i64.const 48) (i64.rem_u (local.get $v) (i64.const 10)))))
        (local.set $v (i64.div_u (local.get $v) (i64.const 10)))
        (br_if $digit (i64.ne (local.get $v) (i64.const 0))))
      (local.get $p))

    ;; ---- the log (16 KiB at 16384; what does not fit is dropped) ----

    (func $log (param $p i32) (param $n i32)
      (if (i32.gt_u (i32.add (global.get $log-len) (local.get $n)) (i32.const 16384))
        (then (local.set $n (i32.sub (i32.const 16384) (global.get $log-len)))))
      (memory.copy (i32.add (i32.const 16384) (global.get $log-len)) (local.get $p) (local.get $n))
      (global.set $log-len (i32.add (global.get $log-len) (local.get $n))))

    (func $log-byte (param $b i32)
      (i32.store8 (i32.const 1060) (local.get $b))
      (call $log (i32.const 1060) (i32.const 1)))

    ;; Starts an entry: a space after the previous one.
    (func $log-entry
      (if (global.get $log-len) (then (call $log-byte (i32.const 0x20)))))

    (func $log-u32 (param $v i32)
      (local $p i32)
      (local.set $p (call $format-u64 (i64.extend_i32_u (local.get $v))))
      (call $log (local.get $p) (i32.sub (i32.const 1056) (local.get $p))))

    ;; ---- the answer text (32 KiB at 32768) ----

    (func $out (param $p i32) (param $n i32)
      (if (i32.gt_u (i32.add (global.get $out-len) (local.get $n)) (i32.const 32768))
        (then (local.set $n (i32.sub (i32.const 32768) (global.get $out-len)))))
      (memory.copy (i32.add (i32.const 32768) (global.get $out-len)) (local.get $p) (local.get $n))
      (global.set $out-len (i32.add (global.get $out-len) (local.get $n))))

    (func $out-byte (param $b i32)
      (i32.store8 (i32.const 1060) (local.get $b))
      (call $out (i32.const 1060) (i32.const 1)))

    (func $out-u64 (param $v i64)
      (local $p i32)
      (local.set $p (call $format-u64 (local.get $v)))
      (call $out (local.get $p) (i32.sub (i32.const 1056) (local.get $p))))

    ;; Appends "<case>[: <payload>]" for the host-error at $e (case byte, then the payload string).
    (func $out-host-error (param $e i32)
      (local $case i32)
      (local.set $case (i32.load8_u (local.get $e)))
      (call $out
        (i32.load (i32.add (i32.const 256) (i32.shl (local.get $case) (i32.const 3))))
        (i32.load (i32.add (i32.const 260) (i32.shl (local.get $case) (i32.const 3)))))
      ;; invalid-handle (2) and timeout (3) carry no text.
      (if (i32.or (i32.le_u (local.get $case) (i32.const 1)) (i32.ge_u (local.get $case) (i32.const 4)))
        (then
          (call $out (i32.const 440) (i32.const 2))
          (call $out (i32.load offset=4 (local.get $e)) (i32.load offset=8 (local.get $e))))))

    ;; Replaces the answer with memory[p, p+n); returns 1 (failed) for the command that calls it.
    (func $fail (param $p i32) (param $n i32) (result i32)
      (global.set $out-len (i32.const 0))
      (call $out (local.get $p) (local.get $n))
      (i32.const 1))

    ;; Replaces the answer with the host-error an import left at 20; returns 1 (failed).
    (func $fail-host (result i32)
      (global.set $out-len (i32.const 0))
      (call $out-host-error (i32.const 20))
      (i32.const 1))

    ;; Writes result<_, string> or result<string, string> (case $case, the answer text) at 64 and
    ;; resets the heap: every export answers through here (status and stop reset on their own).
    (func $answer (param $case i32) (result i32)
      (call $reset)
      (i32.store8 (i32.const 64) (local.get $case))
      (i32.store (i32.const 68) (i32.const 32768))
      (i32.store (i32.const 72) (global.get $out-len))
      (i32.const 64))

    ;; ---- connections opened and not yet ended (for stop) ----

    (func $track (param $c i32)
      (local $i i32)
      (loop $next
        (if (i32.eqz (i32.load (i32.add (i32.const 1088) (local.get $i))))
          (then
            (i32.store (i32.add (i32.const 1088) (local.get $i)) (local.get $c))
            (return)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br_if $next (i32.lt_u (local.get $i) (i32.const 32)))))

    (func $untrack (param $c i32)
      (local $i i32)
      (loop $next
        (if (i32.eq (i32.load (i32.add (i32.const 1088) (local.get $i))) (local.get $c))
          (then (i32.store (i32.add (i32.const 1088) (local.get $i)) (i32.const 0))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br_if $next (i32.lt_u (local.get $i) (i32.const 32)))))

    ;; ---- receiving: the only way data reaches this guest ----

    ;; Keeps the host-error at 20 as the last error (at most 512 bytes, at 1536).
    (func $keep-error
      (local $saved i32) (local $n i32)
      (local.set $saved (global.get $out-len))
      (call $out-host-error (i32.const 20))
      (local.set $n (i32.sub (global.get $out-len) (local.get $saved)))
      (if (i32.gt_u (local.get $n) (i32.const 512)) (then (local.set $n (i32.const 512))))
      (memory.copy (i32.const 1536) (i32.add (i32.const 32768) (local.get $saved)) (local.get $n))
      (global.set $error-len (local.get $n))
      (global.set $out-len (local.get $saved)))

    ;; One recv(c, wait). Returns 'm' (a message: counted), 'c' (closed), 'e' (an error: kept) or
    ;; 'n' (nothing came). Layout at 16: result case; ok: option case at 20, incoming case at 24,
    ;; message case at 28, its bytes at 32 (ptr) and 36 (len); err: the host-error at 20.
    (func $recv-one (param $c i32) (param $wait i32) (result i32)
      (call $ws-recv (local.get $c) (local.get $wait) (i32.const 16))
      (if (i32.load8_u (i32.const 16))
        (then
          (call $keep-error)
          (call $untrack (local.get $c))
          (return (i32.const 0x65))))
      (if (i32.eqz (i32.load8_u (i32.const 20))) (then (return (i32.const 0x6e))))
      (if (i32.load8_u (i32.const 24))
        (then
          (call $untrack (local.get $c))
          (return (i32.const 0x63))))
      (global.set $messages (i32.add (global.get $messages) (i32.const 1)))
      (global.set $bytes (i64.add (global.get $bytes) (i64.extend_i32_u (i32.load (i32.const 36)))))
      (i32.const 0x6d))

    ;; What readable(c) does in the drain, one and ignore modes, logging each item's letter.
    (func $take (param $c i32)
      (local $kind i32)
      (if (i32.eq (global.get $mode) (i32.const 2)) (then (return)))
      (if (i32.eq (global.get $mode) (i32.const 1))
        (then
          (call $log-byte (call $recv-one (local.get $c) (i32.const 0)))
          (return)))
      (block $done
        (loop $next
          (local.set $kind (call $recv-one (local.get $c) (i32.const 0)))
          (br_if $done (i32.eq (local.get $kind) (i32.const 0x6e)))
          (call $log-byte (local.get $kind))
          (br_if $next (i32.eq (local.get $kind) (i32.const 0x6d))))))

    ;; ---- commands (invoke, and "do" configs) ----

    ;; The mode word in memory[p, p+n): 0..5, or -1.
    (func $mode-of (param $p i32) (param $n i32) (result i32)
      (if (call $equals (local.get $p) (local.get $n) (i32.const 624) (i32.const 5)) (then (return (i32.const 0))))
      (if (call $equals (local.get $p) (local.get $n) (i32.const 632) (i32.const 3)) (then (return (i32.const 1))))
      (if (call $equals (local.get $p) (local.get $n) (i32.const 640) (i32.const 6)) (then (return (i32.const 2))))
      (if (call $equals (local.get $p) (local.get $n) (i32.const 600) (i32.const 3)) (then (return (i32.const 3))))
      (if (call $equals (local.get $p) (local.get $n) (i32.const 608) (i32.const 4)) (then (return (i32.const 4))))
      (if (call $equals (local.get $p) (local.get $n) (i32.const 616) (i32.const 4)) (then (return (i32.const 5))))
      (i32.const -1))

    ;; The health word in memory[p, p+n): 0..2, or -1.
    (func $health-of (param $p i32) (param $n i32) (result i32)
      (if (call $equals (local.get $p) (local.get $n) (i32.const 648) (i32.const 7)) (then (return (i32.const 0))))
      (if (call $equals (local.get $p) (local.get $n) (i32.const 656) (i32.const 8)) (then (return (i32.const 1))))
      (if (call $equals (local.get $p) (local.get $n) (i32.const 672) (i32.const 9)) (then (return (i32.const 2))))
      (i32.const -1))

    ;; Runs one command, memory[p, p+n): its word, a space, its argument text. Appends its ok answer
    ;; and returns 0, or replaces the answer with its error and returns 1.
    (func $command (param $p i32) (param $n i32) (result i32)
      (local $w i32) (local $a i32) (local $an i32) (local $v i64) (local $x i32) (local $k i32)
      (local.set $w (call $find (local.get $p) (local.get $n) (i32.const 0x20)))
      (local.set $a (i32.add (local.get $p) (local.get $w)))
      (local.set $an (i32.sub (local.get $n) (local.get $w)))
      (if (local.get $an)
        (then
          (local.set $a (i32.add (local.get $a) (i32.const 1)))
          (local.set $an (i32.sub (local.get $an) (i32.const 1)))))

      ;; open <ws-url>: ok the handle
      (if (call $equals (local.get $p) (local.get $w) (i32.const 448) (i32.const 4))
        (then
          (call $ws-open (local.get $a) (local.get $an) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 16))
          (if (i32.load8_u (i32.const 16)) (then (return (call $fail-host))))
          (call $track (i32.load (i32.const 20)))
          (call $out-u64 (i64.extend_i32_u (i32.load (i32.const 20))))
          (return (i32.const 0))))

      ;; send <c> <text>
      (if (call $equals (local.get $p) (local.get $w) (i32.const 456) (i32.const 4))
        (then
          (local.set $x (call $find (local.get $a) (local.get $an) (i32.const 0x20)))
          (local.set $v (call $parse-u32 (local.get $a) (local.get $x)))
          (if (i64.lt_s (local.get $v) (i64.const 0)) (then (return (call $fail (i32.const 384) (i32.const 10)))))
          (local.set $k (i32.add (local.get $x) (i32.const 1)))
          (if (i32.gt_u (local.get $k) (local.get $an)) (then (local.set $k (local.get $an))))
          (call $ws-send (i32.wrap_i64 (local.get $v)) (i32.const 0)
            (i32.add (local.get $a) (local.get $k)) (i32.sub (local.get $an) (local.get $k)) (i32.const 16))
          (if (i32.load8_u (i32.const 16)) (then (return (call $fail-host))))
          (return (i32.const 0))))

      ;; close <c>
      (if (call $equals (local.get $p) (local.get $w) (i32.const 464) (i32.const 5))
        (then
          (local.set $v (call $parse-u32 (local.get $a) (local.get $an)))
          (if (i64.lt_s (local.get $v) (i64.const 0)) (then (return (call $fail (i32.const 384) (i32.const 10)))))
          (call $ws-close (i32.wrap_i64 (local.get $v)) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 16))
          (if (i32.load8_u (i32.const 16)) (then (return (call $fail-host))))
          (call $untrack (i32.wrap_i64 (local.get $v)))
          (return (i32.const 0))))

      ;; hold <c> <ms>: ok the letter of what one recv returned
      (if (call $equals (local.get $p) (local.get $w) (i32.const 552) (i32.const 4))
        (then
          (local.set $x (call $find (local.get $a) (local.get $an) (i32.const 0x20)))
          (local.set $v (call $parse-u32 (local.get $a) (local.get $x)))
          (if (i64.lt_s (local.get $v) (i64.const 0)) (then (return (call $fail (i32.const 384) (i32.const 10)))))
          (if (i32.ge_u (local.get $x) (local.get $an)) (then (return (call $fail (i32.const 384) (i32.const 10)))))
          (local.set $k (i32.wrap_i64 (local.get $v)))
          (local.set $v (call $parse-u32
            (i32.add (local.get $a) (i32.add (local.get $x) (i32.const 1)))
            (i32.sub (local.get $an) (i32.add (local.get $x) (i32.const 1)))))
          (if (i64.lt_s (local.get $v) (i64.const 0)) (then (return (call $fail (i32.const 384) (i32.const 10)))))
          (local.set $k (call $recv-one (local.get $k) (i32.wrap_i64 (local.get $v))))
          (call $log-entry)
          (call $log-byte (i32.const 0x68))
          (call $log-byte (local.get $k))
          (call $out-byte (local.get $k))
          (return (i32.const 0))))

      ;; set <ms>: ok the timer handle
      (if (call $equals (local.get $p) (local.get $w) (i32.const 472) (i32.const 3))
        (then
          (local.set $v (call $parse-u32 (local.get $a) (local.get $an)))
          (if (i64.lt_s (local.get $v) (i64.const 0)) (then (return (call $fail (i32.const 384) (i32.const 10)))))
          (call $timer-set (i32.wrap_i64 (local.get $v)) (i32.const 16))
          (if (i32.load8_u (i32.const 16)) (then (return (call $fail-host))))
          (call $out-u64 (i64.extend_i32_u (i32.load (i32.const 20))))
          (return (i32.const 0))))

      ;; cancel <t>
      (if (call $equals (local.get $p) (local.get $w) (i32.const 480) (i32.const 6))
        (then
          (local.set $v (call $parse-u32 (local.get $a) (local.get $an)))
          (if (i64.lt_s (local.get $v) (i64.const 0)) (then (return (call $fail (i32.const 384) (i32.const 10)))))
          (call $timer-cancel (i32.wrap_i64 (local.get $v)) (i32.const 16))
          (if (i32.load8_u (i32.const 16)) (then (return (call $fail-host))))
          (return (i32.const 0))))

      ;; now, log, count, bytes, last-error: answers only
      (if (call $equals (local.get $p) (local.get $w) (i32.const 488) (i32.const 3))
        (then (call $out-u64 (call $timer-now)) (return (i32.const 0))))
      (if (call $equals (local.get $p) (local.get $w) (i32.const 496) (i32.const 3))
        (then (call $out (i32.const 16384) (global.get $log-len)) (return (i32.const 0))))
      (if (call $equals (local.get $p) (local.get $w) (i32.const 504) (i32.const 5))
        (then (call $out-u64 (i64.extend_i32_u (global.get $messages))) (return (i32.const 0))))
      (if (call $equals (local.get $p) (local.get $w) (i32.const 512) (i32.const 5))
        (then (call $out-u64 (global.get $bytes)) (return (i32.const 0))))
      (if (call $equals (local.get $p) (local.get $w) (i32.const 576) (i32.const 10))
        (then (call $out (i32.const 1536) (global.get $error-len)) (return (i32.const 0))))

      ;; mark <text>
      (if (call $equals (local.get $p) (local.get $w) (i32.const 544) (i32.const 4))
        (then
          (call $log-entry)
          (call $log (local.get $a) (local.get $an))
          (return (i32.const 0))))

      ;; mode <m>, stop-mode <m>, health <h>
      (if (call $equals (local.get $p) (local.get $w) (i32.const 520) (i32.const 4))
        (then
          (local.set $k (call $mode-of (local.get $a) (local.get $an)))
          (if (i32.lt_s (local.get $k) (i32.const 0)) (then (return (call $fail (i32.const 400) (i32.const 12)))))
          (global.set $mode (local.get $k))
          (return (i32.const 0))))
      (if (call $equals (local.get $p) (local.get $w) (i32.const 528) (i32.const 9))
        (then
          (if (call $equals (local.get $a) (local.get $an) (i32.const 616) (i32.const 4))
            (then (global.set $stop-mode (i32.const 1)) (return (i32.const 0))))
          (if (call $equals (local.get $a) (local.get $an) (i32.const 608) (i32.const 4))
            (then (global.set $stop-mode (i32.const 2)) (return (i32.const 0))))
          (return (call $fail (i32.const 400) (i32.const 12)))))
      (if (call $equals (local.get $p) (local.get $w) (i32.const 568) (i32.const 6))
        (then
          (local.set $k (call $health-of (local.get $a) (local.get $an)))
          (if (i32.lt_s (local.get $k) (i32.const 0)) (then (return (call $fail (i32.const 400) (i32.const 12)))))
          (global.set $health (local.get $k))
          (return (i32.const 0))))

      ;; fail, trap, spin
      (if (call $equals (local.get $p) (local.get $w) (i32.const 560) (i32.const 4))
        (then (return (call $fail (i32.const 416) (i32.const 17)))))
      (if (call $equals (local.get $p) (local.get $w) (i32.const 608) (i32.const 4))
        (then unreachable))
      (if (call $equals (local.get $p) (local.get $w) (i32.const 616) (i32.const 4))
        (then (loop $forever (br $forever))))

      (call $fail (i32.const 368) (i32.const 15)))

    ;; Runs the ';'-separated commands in memory[p, p+n) in order, joining their answers with ';'.
    ;; 0 when every one succeeded; 1 at the first that failed (the answer is then its error).
    (func $run (param $p i32) (param $n i32) (result i32)
      (local $end i32)
      (loop $next
        (local.set $end (call $find (local.get $p) (local.get $n) (i32.const 0x3b)))
        (if (call $command (local.get $p) (local.get $end)) (then (return (i32.const 1))))
        (if (i32.lt_u (local.get $end) (local.get $n))
          (then
            (call $out-byte (i32.const 0x3b))
            (local.set $p (i32.add (local.get $p) (i32.add (local.get $end) (i32.const 1))))
            (local.set $n (i32.sub (local.get $n) (i32.add (local.get $end) (i32.const 1))))
            (br $next))))
      (i32.const 0))

    ;; ---- exports ----

    ;; start(config) -> result<_, string>
    (func (export "start") (param $p i32) (param $n i32) (result i32)
      (global.set $out-len (i32.const 0))
      (if (call $equals (local.get $p) (local.get $n) (i32.const 600) (i32.const 3))
        (then (drop (call $fail (i32.const 320) (i32.const 10))) (return (call $answer (i32.const 1)))))
      (if (call $equals (local.get $p) (local.get $n) (i32.const 608) (i32.const 4))
        (then unreachable))
      (if (call $equals (local.get $p) (local.get $n) (i32.const 616) (i32.const 4))
        (then (loop $forever (br $forever))))
      (if (i32.gt_u (local.get $n) (i32.const 4096))
        (then (drop (call $fail (i32.const 336) (i32.const 15))) (return (call $answer (i32.const 1)))))
      (memory.copy (i32.const 8192) (local.get $p) (local.get $n))
      (global.set $config-len (local.get $n))
      (if (call $starts-with (i32.const 8192) (local.get $n) (i32.const 592) (i32.const 3))
        (then
          (if (call $run (i32.const 8195) (i32.sub (local.get $n) (i32.const 3)))
            (then (return (call $answer (i32.const 1)))))))
      (global.set $out-len (i32.const 0))
      (call $answer (i32.const 0)))

    ;; handle(event) -> result<_, string>; the event flattens to (case, u32 payload; 0 for stopping).
    (func (export "handle") (param $case i32) (param $value i32) (result i32)
      (global.set $out-len (i32.const 0))
      (call $log-entry)
      (if (i32.eq (local.get $case) (i32.const 2))
        (then
          (call $log-byte (i32.const 0x73))
          (return (call $answer (i32.const 0)))))
      (if (i32.eqz (local.get $case))
        (then
          (call $log-byte (i32.const 0x72))
          (call $log-u32 (local.get $value))
          (call $log-byte (i32.const 0x3a)))
        (else
          (call $log-byte (i32.const 0x74))
          (call $log-u32 (local.get $value))))
      (if (i32.eq (global.get $mode) (i32.const 3))
        (then (drop (call $fail (i32.const 352) (i32.const 13))) (return (call $answer (i32.const 1)))))
      (if (i32.eq (global.get $mode) (i32.const 4)) (then unreachable))
      (if (i32.eq (global.get $mode) (i32.const 5)) (then (loop $forever (br $forever))))
      (if (i32.eqz (local.get $case)) (then (call $take (local.get $value))))
      (call $answer (i32.const 0)))

    ;; invoke(request) -> result<string, string>
    (func (export "invoke") (param $p i32) (param $n i32) (result i32)
      (global.set $out-len (i32.const 0))
      (call $answer (call $run (local.get $p) (local.get $n))))

    ;; status() -> service-status: the health enum at 64, the detail string at 68 (ptr) and 72 (len).
    (func (export "status") (result i32)
      (call $reset)
      (i32.store8 (i32.const 64) (global.get $health))
      (i32.store (i32.const 68) (i32.const 8192))
      (i32.store (i32.const 72) (global.get $config-len))
      (i32.const 64))

    ;; stop(): "x", then every tracked connection closed with 4001 "stopped".
    (func (export "stop")
      (local $i i32) (local $c i32)
      (if (i32.eq (global.get $stop-mode) (i32.const 1)) (then (loop $forever (br $forever))))
      (if (i32.eq (global.get $stop-mode) (i32.const 2)) (then unreachable))
      (call $log-entry)
      (call $log-byte (i32.const 0x78))
      (loop $next
        (local.set $c (i32.load (i32.add (i32.const 1088) (local.get $i))))
        (if (local.get $c)
          (then
            (call $ws-close (local.get $c) (i32.const 1) (i32.const 4001) (i32.const 1) (i32.const 688) (i32.const 7) (i32.const 16))
            (i32.store (i32.add (i32.const 1088) (local.get $i)) (i32.const 0))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br_if $next (i32.lt_u (local.get $i) (i32.const 32))))
      (call $reset))
  )
  (core instance $main (instantiate $main
    (with "libc" (instance $libc))
    (with "ws" (instance
      (export "open" (func $open))
      (export "send" (func $send))
      (export "recv" (func $recv))
      (export "close" (func $close))))
    (with "timers" (instance
      (export "set" (func $set))
      (export "now" (func $now))
      (export "cancel" (func $cancel))))))

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
