;; FNV-1a-style 64-bit hash over n bytes of memory that it first fills with a pattern.
(module
  (memory 16)
  (func (export "hash") (param $n i32) (result i64)
    (local $i i32) (local $h i64)
    (local.set $i (i32.const 0))
    (block $fill_done (loop $fill
      (br_if $fill_done (i32.ge_u (local.get $i) (local.get $n)))
      (i32.store8 (local.get $i) (i32.mul (local.get $i) (i32.const 31)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $fill)))
    (local.set $h (i64.const 0xcbf29ce484222325))
    (local.set $i (i32.const 0))
    (block $done (loop $loop
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $h (i64.mul (i64.xor (local.get $h) (i64.load8_u (local.get $i))) (i64.const 0x100000001b3)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $loop)))
    (local.get $h)))
