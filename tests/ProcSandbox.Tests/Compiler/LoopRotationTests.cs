using FsCheck;
using FsCheck.Xunit;
using TenantDb.ProcSandbox.Runtime;

namespace TenantDb.ProcSandbox.Tests.Compiler;

/// <summary>
/// Loops that open with an exit test get a copy of the test, inverted, at their back edge. Each shape below
/// takes one of the paths of that copy (fused compare, a condition computed without a compare, a 64-bit
/// test, an exit to an enclosing loop) or one where the loop must not be rotated (the back edge inside a
/// nested block, a test longer than the copy limit, a test that reads memory), and is checked against a C#
/// model for every trip count, zero included.
/// </summary>
public class LoopRotationTests
{
    private const string Loops = """
        (module
          (memory 1)
          (func (export "fused") (param $n i32) (result i32) (local $i i32) (local $s i32)
            (block $done (loop $l
              (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
              (local.set $s (i32.add (local.get $s) (local.get $i)))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $l)))
            (local.get $s))
          (func (export "computed") (param $n i32) (result i32) (local $i i32)
            ;; exit when i & 0xFF000 != 0 or i == n: a condition that is not a single compare
            (block $done (loop $l
              (br_if $done (i32.or (i32.and (local.get $i) (i32.const 0xFF000)) (i32.eq (local.get $i) (local.get $n))))
              (local.set $i (i32.add (local.get $i) (i32.const 3)))
              (br $l)))
            (local.get $i))
          (func (export "wide") (param $n i64) (result i64) (local $i i64) (local $p i64)
            (local.set $p (i64.const 1))
            (block $done (loop $l
              (br_if $done (i64.eqz (i64.sub (local.get $n) (local.get $i))))
              (local.set $p (i64.mul (local.get $p) (i64.const 3)))
              (local.set $i (i64.add (local.get $i) (i64.const 1)))
              (br $l)))
            (local.get $p))
          (func (export "nested") (param $n i32) (result i32) (local $i i32) (local $j i32) (local $s i32)
            ;; the inner loop exits by continuing the outer one, whose only back edge that is
            (block $done (loop $outer
              (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (local.set $j (i32.const 0))
              (loop $inner
                (br_if $outer (i32.ge_u (local.get $j) (local.get $i)))
                (local.set $s (i32.add (local.get $s) (local.get $j)))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $inner))))
            (local.get $s))
          (func (export "long_test") (param $n i32) (result i32) (local $i i32)
            (block $done (loop $l
              (br_if $done (i32.ge_u (i32.add (i32.add (i32.add (i32.add (local.get $i) (i32.const 1)) (i32.const 1)) (i32.const 1)) (i32.const 1)) (i32.add (local.get $n) (i32.const 4))))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $l)))
            (local.get $i))
          (func (export "memory_test") (param $n i32) (result i32) (local $i i32)
            (i32.store (i32.const 0) (local.get $n))
            (block $done (loop $l
              (br_if $done (i32.ge_u (local.get $i) (i32.load (i32.const 0))))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $l)))
            (local.get $i)))
        """;

    private static readonly Lazy<Instance> s_instance = new(() => Wasm.Instantiate(Loops));

    private static int Fused(int n)
    {
        int s = 0;
        for (int i = 0; i < n; i++) s += i;
        return s;
    }

    private static int Computed(int n)
    {
        int i = 0;
        while ((i & 0xFF000) == 0 && i != n) i += 3;
        return i;
    }

    private static long Wide(long n)
    {
        long p = 1;
        for (long i = 0; i != n; i++) p *= 3;
        return p;
    }

    private static int Nested(int n)
    {
        int s = 0;
        for (int i = 1; i <= n; i++)
            for (int j = 0; j < i; j++) s += j;
        return s;
    }

    [Property(MaxTest = 50)]
    public void Rotated_and_unrotated_loops_compute_what_the_model_does(byte count)
    {
        int n = count % 100;
        var instance = s_instance.Value;
        Assert.Equal(Fused(n), instance.Call("fused", WasmValue.I32(n)).AsI32);
        Assert.Equal(Fused(0), instance.Call("fused", WasmValue.I32(-n)).AsI32);
        Assert.Equal(Computed(n), instance.Call("computed", WasmValue.I32(n)).AsI32);
        Assert.Equal(Wide(n), instance.Call("wide", WasmValue.I64(n)).AsI64);
        Assert.Equal(Nested(n), instance.Call("nested", WasmValue.I32(n)).AsI32);
        Assert.Equal(n, instance.Call("long_test", WasmValue.I32(n)).AsI32);
        Assert.Equal(n, instance.Call("memory_test", WasmValue.I32(n)).AsI32);
    }

    [Fact]
    public void A_test_that_never_passes_exits_at_once()
    {
        // 3k never equals 1000 before bit 12 is set: the computed exit is the mask one.
        Assert.Equal(Computed(1000), s_instance.Value.Call("computed", WasmValue.I32(1000)).AsI32);
        Assert.Equal(4096, Computed(1000) & ~0xFFF);
    }

    [Fact]
    public void Every_iteration_costs_one_unit_of_fuel_at_the_head_or_the_back_edge()
    {
        var limits = new InstanceLimits { Fuel = 1_000 };
        using var instance = Wasm.Instantiate(Loops, limits: limits);
        instance.Call("fused", WasmValue.I32(100));
        Assert.Equal(1_000 - 1 - 101, limits.Fuel); // entry, then the head once and the back edge 100 times
    }
}
