;; n x n f64 matrix multiply C = A * B with A, B filled from indices. Returns the trace of C.
(module
  (memory 16)
  (func (export "matmul") (param $n i32) (result f64)
    (local $i i32) (local $j i32) (local $k i32) (local $sum f64) (local $a i32) (local $b i32) (local $c i32) (local $trace f64)
    (local.set $b (i32.mul (i32.mul (local.get $n) (local.get $n)) (i32.const 8)))
    (local.set $c (i32.mul (local.get $b) (i32.const 2)))
    (local.set $i (i32.const 0))
    (block $fill_done (loop $fill
      (br_if $fill_done (i32.ge_u (local.get $i) (i32.mul (local.get $n) (local.get $n))))
      (f64.store (i32.shl (local.get $i) (i32.const 3)) (f64.convert_i32_u (i32.rem_u (local.get $i) (i32.const 7))))
      (f64.store (i32.add (local.get $b) (i32.shl (local.get $i) (i32.const 3))) (f64.convert_i32_u (i32.rem_u (local.get $i) (i32.const 5))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $fill)))
    (local.set $i (i32.const 0))
    (block $i_done (loop $i_loop
      (br_if $i_done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $j (i32.const 0))
      (block $j_done (loop $j_loop
        (br_if $j_done (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $sum (f64.const 0))
        (local.set $k (i32.const 0))
        (block $k_done (loop $k_loop
          (br_if $k_done (i32.ge_u (local.get $k) (local.get $n)))
          (local.set $sum (f64.add (local.get $sum)
            (f64.mul
              (f64.load (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $k)) (i32.const 3)))
              (f64.load (i32.add (local.get $b) (i32.shl (i32.add (i32.mul (local.get $k) (local.get $n)) (local.get $j)) (i32.const 3)))))))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br $k_loop)))
        (f64.store (i32.add (local.get $c) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $j)) (i32.const 3))) (local.get $sum))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $j_loop)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $i_loop)))
    (local.set $i (i32.const 0))
    (block $t_done (loop $t_loop
      (br_if $t_done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $trace (f64.add (local.get $trace)
        (f64.load (i32.add (local.get $c) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $i)) (i32.const 3))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $t_loop)))
    (local.get $trace)))
