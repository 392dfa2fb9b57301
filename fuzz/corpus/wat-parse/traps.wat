(module
  (func (export "div0") (result i32) (i32.div_s (i32.const 1) (i32.const 0)))
  (func (export "overflow") (result i32) (i32.div_s (i32.const 0x80000000) (i32.const -1)))
  (func (export "trunc") (result i32) (i32.trunc_f64_s (f64.const 1e100)))
  (func (export "unreachable") unreachable)
  (func $rec (export "recurse") (result i32) (call $rec))
  (func (export "ext") (result i64) (i64.extend32_s (i64.const 0x80000000))))
