;; Blocks, loops, ifs (flat and folded), labels, br_table, call_indirect, memargs, constants.
(module
  (type $sig (func (param i32) (result i32)))
  (table funcref (elem $f0 $f1 $f0))
  (memory (data "abc" "def"))
  (func $f0 (param i32) (result i32) (local.get 0))
  (func $f1 (type $sig) (i32.add (local.get 0) (i32.const 1)))
  (func (export "switch") (param $i i32) (result i32)
    (block $default (result i32)
      (block $b1
        (block $b0
          (br_table $b0 $b1 1 $default (local.get $i)))
        (return (i32.const 100)))
      (i32.const 200)))
  (func (export "flat") (param i32) (result i32)
    block $outer (result i32)
      loop $l
        local.get 0
        i32.eqz
        br_if $l
        local.get 0
        if $i (result i32)
          i32.const 1
        else $i
          i32.const 2
        end $i
        br $outer
      end $l
      i32.const 0
    end $outer)
  (func (export "folded-if") (param i32) (result i32)
    (if (result i32) (local.get 0)
      (then (i32.const 1))
      (else (i32.const 0)))
    (if (local.get 0) (then (nop)))
    (if $named (i32.eqz (local.get 0)) (then (br $named)) (else (br 1)))
    (drop))
  (func (export "indirect") (param i32) (result i32)
    (call_indirect (type $sig) (i32.const 7) (local.get 0))
    (call_indirect (param i32) (result i32) (local.get 0))
    (call_indirect (param i64) (param f32) (result f64) (i64.const 1) (f32.const 2) (local.get 0))
    drop
    i32.add)
  (func (export "memory") (param i32)
    (i32.store offset=4 align=2 (local.get 0) (i32.load8_u offset=0x10 (local.get 0)))
    (i64.store (local.get 0) (i64.load32_s align=1 (local.get 0)))
    (f32.store offset=1_000 (local.get 0) (f32.load (local.get 0)))
    (f64.store (local.get 0) (f64.load offset=8 align=8 (local.get 0)))
    (drop (memory.grow (memory.size)))
    (i64.store32 (local.get 0) (i64.extend32_s (i64.const -1)))
    (drop (i32.extend8_s (i32.extend16_s (i32.const 0x7fff)))))
  (func (export "consts")
    (drop (i32.const -2147483648)) (drop (i32.const 0xffff_ffff)) (drop (i32.const +12))
    (drop (i64.const -9223372036854775808)) (drop (i64.const 0xffffffffffffffff))
    (drop (f32.const 1.5e10)) (drop (f32.const -inf)) (drop (f32.const nan)) (drop (f32.const -nan:0x200000))
    (drop (f32.const 0x1p-149)) (drop (f32.const 0x1.fffffep127)) (drop (f32.const 1e-45)) (drop (f32.const 3.4028235e38))
    (drop (f64.const 0x1p-1074)) (drop (f64.const 1.7976931348623157e308)) (drop (f64.const 0.1)) (drop (f64.const 1_000.000_1e-1_0))
    (drop (f64.const nan:0xf_ffff_ffff_ffff)) (drop (f64.const +inf)) (drop (f64.const 0x1.Fp+2)) (drop (f64.const 1.))
    (drop (f32.const 0x1.000001p0)) (drop (f32.const 0x1.00000100000000001p0)))
  (func $unreachable (unreachable) (select (i32.const 1) (i32.const 2) (i32.const 3)) (return))
  (start $unreachable)
)
