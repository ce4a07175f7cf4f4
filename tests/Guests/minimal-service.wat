;; A hand-written yoi:host/service component, the smallest that exercises a host's service lifecycle.
;; It imports yoi:host/types@1.0.0, yoi:host/timers@1.0.0 (set only) and yoi:host/service-types@1.0.0
;; as wit-component would lay them out, and no API that needs a grant. Its exports:
;;
;;   start(config)    keeps the config text; ok, except:
;;                      config "!..."     err(config)            (start fails)
;;                      config "timer..." sets a 10 ms timer first (its timer-fired event is handled ok)
;;   handle(event)    ok, whatever the event
;;   invoke(request)  ok(request), the request echoed; a request "!..." traps (unreachable)
;;   status()         healthy, with the config text as the detail
;;   stop()           nothing
;;
;; Memory map: 16 export return area (result: case, ptr, len), 32 timers.set return area (16 bytes),
;; 48 status return area (health, ptr, len), 64.. literals, heap (cabi_realloc, bump, never reset) from 1024.
;; The config text lives on the heap where the host lowered it, so status can return it later.
(component $service
  (import "yoi:host/types@1.0.0" (instance $types
    (type $host-error-def (variant
      (case "denied" string) (case "limit" string) (case "invalid-handle") (case "timeout")
      (case "io" string) (case "invalid-argument" string)))
    (export "host-error" (type (eq $host-error-def)))
  ))
  (alias export $types "host-error" (type $host-error))
  (import "yoi:host/timers@1.0.0" (instance $timers
    (alias outer $service $host-error (type $host-error-outer))
    (export "host-error" (type $host-error (eq $host-error-outer)))
    (export "set" (func (param "delay-ms" u32) (result (result u32 (error $host-error)))))
  ))
  (import "yoi:host/service-types@1.0.0" (instance $service-types
    (type $event-def (variant (case "readable" u32) (case "timer-fired" u32) (case "stopping")))
    (export "event" (type (eq $event-def)))
    (type $health-def (enum "healthy" "degraded" "unhealthy"))
    (export "health" (type $health (eq $health-def)))
    (type $status-def (record (field "health" $health) (field "detail" string)))
    (export "service-status" (type (eq $status-def)))
  ))
  (alias export $service-types "event" (type $event))
  (alias export $service-types "service-status" (type $service-status))

  (core module $libc
    (memory (export "memory") 1)
    (global $heap (mut i32) (i32.const 1024))
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

  (core func $set (canon lower (func $timers "set") (memory (core memory $libc "memory")) (realloc (core func $libc "cabi_realloc"))))

  (core module $main
    (import "libc" "memory" (memory 1))
    ;; set(delay-ms, return area)
    (import "timers" "set" (func $set (param i32 i32)))

    (global $config-ptr (mut i32) (i32.const 0))
    (global $config-len (mut i32) (i32.const 0))

    (data (i32.const 64) "timers.set failed")   ;; 17

    ;; Writes result<_, string> / result<string, string> (case, text) at 16.
    (func $answer (param $case i32) (param $p i32) (param $n i32) (result i32)
      (i32.store8 (i32.const 16) (local.get $case))
      (i32.store (i32.const 20) (local.get $p))
      (i32.store (i32.const 24) (local.get $n))
      (i32.const 16))

    ;; Whether the text [p, p+n) begins with byte b.
    (func $begins (param $p i32) (param $n i32) (param $b i32) (result i32)
      (if (result i32) (local.get $n)
        (then (i32.eq (i32.load8_u (local.get $p)) (local.get $b)))
        (else (i32.const 0))))

    (func (export "start") (param $p i32) (param $n i32) (result i32)
      (global.set $config-ptr (local.get $p))
      (global.set $config-len (local.get $n))
      ;; '!': fail
      (if (call $begins (local.get $p) (local.get $n) (i32.const 33))
        (then (return (call $answer (i32.const 1) (local.get $p) (local.get $n)))))
      ;; 't': a 10 ms timer
      (if (call $begins (local.get $p) (local.get $n) (i32.const 116))
        (then
          (call $set (i32.const 10) (i32.const 32))
          (if (i32.load8_u (i32.const 32))
            (then (return (call $answer (i32.const 1) (i32.const 64) (i32.const 17)))))))
      (call $answer (i32.const 0) (i32.const 0) (i32.const 0)))

    ;; handle(event case, payload)
    (func (export "handle") (param $case i32) (param $payload i32) (result i32)
      (call $answer (i32.const 0) (i32.const 0) (i32.const 0)))

    (func (export "invoke") (param $p i32) (param $n i32) (result i32)
      (if (call $begins (local.get $p) (local.get $n) (i32.const 33))
        (then unreachable))
      (call $answer (i32.const 0) (local.get $p) (local.get $n)))

    (func (export "status") (result i32)
      (i32.store8 (i32.const 48) (i32.const 0))
      (i32.store (i32.const 52) (global.get $config-ptr))
      (i32.store (i32.const 56) (global.get $config-len))
      (i32.const 48))

    (func (export "stop"))
  )
  (core instance $main (instantiate $main
    (with "libc" (instance $libc))
    (with "timers" (instance (export "set" (func $set))))))

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
