(module
  (func (export "f") (param f32 f64) (result f64)
    (f64.add (f64.promote_f32 (f32.sqrt (local.get 0)))
             (f64.copysign (f64.nearest (local.get 1)) (f64.const -0))))
  (func (export "bits") (result i32)
    (i32.popcnt (i32.reinterpret_f32 (f32.const nan:0x200000))))
  (func (export "sel") (param i64) (result i64)
    (select (i64.clz (local.get 0)) (i64.ctz (local.get 0)) (i32.wrap_i64 (local.get 0)))))
