(module
  (func (export "count") (result i32) (local i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get 0) (i32.const 1000)))
        (local.set 0 (i32.add (local.get 0) (i32.const 1)))
        (br $next)))
    (local.get 0))
  (func (export "forever") (loop $l (br $l))))
