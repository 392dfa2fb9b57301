namespace TenantDb.Bench.Procedures;

/// <summary>The procedures the benchmarks call, in WAT.</summary>
internal static class Modules
{
    /// <summary>get_kv(k int8) RETURNS TABLE(v text): one point select, its row emitted as is.</summary>
    public const string GetKv = """
        (module
          (import "tenantdb" "read" (func $read (param i32 i32 i32) (result i32)))
          (import "tenantdb" "query" (func $query (param i32 i32 i32 i32) (result i32)))
          (import "tenantdb" "emit" (func $emit (param i32 i32) (result i32)))
          (memory (export "memory") 1)
          (data (i32.const 0) "SELECT v FROM kv WHERE k = ?1")
          (func (export "run") (result i32)
            (local $args i32) (local $ch i32) (local $n i32)
            (local.set $args (call $read (i32.const 0) (i32.const 64) (i32.const 256)))
            (local.set $ch (call $query (i32.const 0) (i32.const 29) (i32.const 64) (local.get $args)))
            (local.set $n (call $read (local.get $ch) (i32.const 1024) (i32.const 4096)))
            (if (i32.gt_s (local.get $n) (i32.const 0))
              (then (drop (call $emit (i32.const 1024) (i32.add (i32.load (i32.const 1024)) (i32.const 4))))))
            (i32.const 0)))
        """;

    /// <summary>sum_amounts() RETURNS TABLE(total float8, n int8): sums a float column streamed in 64 KiB batches.</summary>
    public const string SumAmounts = """
        (module
          (import "tenantdb" "read" (func $read (param i32 i32 i32) (result i32)))
          (import "tenantdb" "query" (func $query (param i32 i32 i32 i32) (result i32)))
          (import "tenantdb" "emit" (func $emit (param i32 i32) (result i32)))
          (memory (export "memory") 2)
          (data (i32.const 0) "SELECT amount FROM orders")
          (func (export "run") (result i32)
            (local $ch i32) (local $n i32) (local $p i32) (local $end i32) (local $sum f64) (local $cnt i64)
            (local.set $ch (call $query (i32.const 0) (i32.const 25) (i32.const 0) (i32.const 0)))
            (block $done
              (loop $batch
                (local.set $n (call $read (local.get $ch) (i32.const 65536) (i32.const 65536)))
                (br_if $done (i32.le_s (local.get $n) (i32.const 0)))
                (local.set $p (i32.const 65536))
                (local.set $end (i32.add (i32.const 65536) (local.get $n)))
                (block $rows
                  (loop $row
                    (br_if $rows (i32.ge_u (local.get $p) (local.get $end)))
                    (if (i32.eq (i32.load8_u offset=6 (local.get $p)) (i32.const 2))
                      (then (local.set $sum (f64.add (local.get $sum) (f64.load offset=7 (local.get $p))))))
                    (local.set $cnt (i64.add (local.get $cnt) (i64.const 1)))
                    (local.set $p (i32.add (local.get $p) (i32.add (i32.load (local.get $p)) (i32.const 4))))
                    (br $row)))
                (br $batch)))
            (i32.store (i32.const 512) (i32.const 20))
            (i32.store16 (i32.const 516) (i32.const 2))
            (i32.store8 (i32.const 518) (i32.const 2))
            (f64.store (i32.const 519) (local.get $sum))
            (i32.store8 (i32.const 527) (i32.const 1))
            (i64.store (i32.const 528) (local.get $cnt))
            (drop (call $emit (i32.const 512) (i32.const 24)))
            (i32.const 0)))
        """;
}
