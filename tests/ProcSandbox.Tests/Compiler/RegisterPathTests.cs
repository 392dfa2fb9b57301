using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TenantDb.ProcSandbox.Runtime;

namespace TenantDb.ProcSandbox.Tests.Compiler;

/// <summary>
/// The code generator's register paths, each checked against a C# model of the same computation:
/// locals held in registers updated in place (every two-operand op, the local on either side, tee, a lazy
/// read of the same local still on the stack); call arguments pushed straight from constants (narrow and
/// wide), registers, pinned and unpinned locals, float registers and slots, through direct calls and
/// call_indirect; block results carried in rax/xmm0 by fall-through, br, br_if, br_table, if/else,
/// loops and return.
/// </summary>
public class RegisterPathTests
{
    private const string Updates = """
        (module
          (func (export "run") (param $n i32) (param $x i32) (param $y i64) (param $p f64) (result i64)
            (local $i i32) (local $a i32) (local $b i32) (local $w i64) (local $f f64) (local $g f32)
            (local.set $a (local.get $x))
            (local.set $w (local.get $y))
            (local.set $f (local.get $p))
            (local.set $g (f32.const 2.5))
            (block $done (loop $top
              (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
              (local.set $a (i32.add (local.get $a) (local.get $i)))
              (local.set $a (i32.mul (local.get $a) (i32.const 3)))
              (local.set $a (i32.xor (local.get $i) (local.get $a)))
              (local.set $b (i32.sub (local.get $b) (local.get $a)))
              (local.set $b (i32.or (local.get $b) (i32.and (local.get $a) (i32.const 0xF0))))
              ;; A lazy read of $a is below the in-place update of $a: it keeps the old value.
              (local.set $b (i32.add (local.get $b) (i32.add (local.get $a) (local.tee $a (i32.add (local.get $a) (i32.const 7))))))
              (local.set $b (i32.add (local.get $b) (local.get $b)))
              (local.set $w (i64.mul (local.get $w) (i64.const 0x100000001b3)))
              (local.set $w (i64.xor (local.get $w) (i64.extend_i32_u (local.get $b))))
              (local.set $w (i64.sub (local.get $w) (i64.const 0x123456789abcdef)))
              (local.set $w (i64.and (local.get $w) (i64.const -2)))
              (local.set $f (f64.mul (local.get $f) (f64.const 0.5)))
              (local.set $f (f64.add (f64.convert_i32_u (local.get $a)) (local.get $f)))
              (local.set $f (f64.div (local.get $f) (f64.const 1.25)))
              (local.set $f (f64.sub (local.get $f) (f64.convert_i32_s (local.get $b))))
              (local.set $g (f32.sub (local.get $g) (f32.const 0.75)))
              (local.set $g (f32.mul (local.get $g) (local.get $g)))
              (local.set $g (f32.div (local.get $g) (f32.const 3)))
              (drop (local.tee $i (i32.add (local.get $i) (i32.const 1))))
              (br $top)))
            (i64.add (i64.add (local.get $w) (i64.extend_i32_u (i32.add (local.get $a) (local.get $b))))
              (i64.add (i64.reinterpret_f64 (local.get $f)) (i64.extend_i32_u (i32.reinterpret_f32 (local.get $g)))))))
        """;

    private static long UpdatesModel(uint n, uint x, long y, double p)
    {
        unchecked
        {
            uint a = x, b = 0;
            ulong w = (ulong)y;
            double f = p;
            float g = 2.5f;
            for (uint i = 0; i < n; i++)
            {
                a += i;
                a *= 3;
                a = i ^ a;
                b -= a;
                b |= a & 0xF0;
                uint old = a;
                a += 7;
                b += old + a;
                b += b;
                w *= 0x100000001b3;
                w ^= b;
                w -= 0x123456789abcdef;
                w &= 0xFFFF_FFFF_FFFF_FFFE;
                f *= 0.5;
                f = a + f;
                f /= 1.25;
                f -= (int)b;
                g -= 0.75f;
                g *= g;
                g /= 3f;
            }
            return (long)(w + (a + b) + (ulong)BitConverter.DoubleToInt64Bits(f) + BitConverter.SingleToUInt32Bits(g));
        }
    }

    [Property(MaxTest = 60)]
    public Property Locals_updated_in_place_compute_what_the_model_computes(byte n, int x, long y, int pn)
    {
        double p = pn / 8.0;
        using var instance = Wasm.Instantiate(Updates);
        long actual = instance.Call("run", WasmValue.I32(n), WasmValue.I32(x), WasmValue.I64(y), WasmValue.F64(p)).AsI64;
        return (actual == UpdatesModel(n, (uint)x, y, p)).ToProperty();
    }

    private const string Calls = """
        (module
          (type $t (func (param i32 i64 f32 f64 i64 i32) (result i64)))
          (table 1 funcref)
          (elem (i32.const 0) $mix)
          (func $mix (type $t)
            (i64.add
              (i64.add (i64.extend_i32_u (local.get 0)) (i64.mul (local.get 1) (i64.const 3)))
              (i64.add
                (i64.add (i64.mul (i64.extend_i32_u (i32.reinterpret_f32 (local.get 2))) (i64.const 5)) (i64.mul (i64.reinterpret_f64 (local.get 3)) (i64.const 7)))
                (i64.add (i64.mul (local.get 4) (i64.const 11)) (i64.mul (i64.extend_i32_u (local.get 5)) (i64.const 13))))))
          (func (export "go") (param $x i32) (param $y i64) (result i64)
            (local $i i32) (local $k i64) (local $h f64) (local $s f32) (local $acc i64)
            ;; constants narrow and wide, float constants, an unpinned local, a register; a value below the arguments
            (local.set $acc (i64.add (i64.mul (local.get $y) (i64.const 7))
              (call $mix (i32.const 5) (i64.const 0x123456789abc) (f32.const 1.5) (f64.const -2.25) (local.get $y) (i32.add (local.get $x) (i32.const 1)))))
            (local.set $acc (i64.add (local.get $acc)
              (call_indirect (type $t) (local.get $x) (i64.mul (local.get $y) (i64.const 3)) (f32.convert_i32_s (local.get $x))
                (f64.convert_i64_s (local.get $y)) (i64.const -1) (i32.const 0x7fffffff) (i32.const 0))))
            (local.set $h (f64.const 0.125))
            (local.set $s (f32.const 8))
            ;; in a loop the locals are held in registers: pinned integer and float arguments
            (block $done (loop $top
              (br_if $done (i32.ge_u (local.get $i) (i32.const 3)))
              (local.set $k (i64.add (local.get $k) (local.get $y)))
              (local.set $h (f64.add (local.get $h) (f64.const 1)))
              (local.set $acc (i64.xor (local.get $acc)
                (call $mix (local.get $i) (local.get $k) (local.get $s) (local.get $h) (local.get $acc) (local.get $x))))
              (local.set $acc (i64.add (local.get $acc)
                (call_indirect (type $t) (local.get $x) (i64.const 0x7fffffffffff) (local.get $s) (local.get $h) (local.get $k) (local.get $i) (i32.const 0))))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $top)))
            (local.get $acc)))
        """;

    private static ulong Mix(uint a, long b, float c, double d, long e, uint f) => unchecked(
        a + (ulong)b * 3 + (ulong)BitConverter.SingleToUInt32Bits(c) * 5 + (ulong)BitConverter.DoubleToInt64Bits(d) * 7 + (ulong)e * 11 + (ulong)f * 13);

    private static long CallsModel(uint x, long y)
    {
        unchecked
        {
            ulong acc = (ulong)y * 7 + Mix(5, 0x123456789abc, 1.5f, -2.25, y, x + 1);
            acc += Mix(x, y * 3, (int)x, y, -1, 0x7fffffff);
            long k = 0;
            double h = 0.125;
            float s = 8;
            for (uint i = 0; i < 3; i++)
            {
                k += y;
                h += 1;
                acc ^= Mix(i, k, s, h, (long)acc, x);
                acc += Mix(x, 0x7fffffffffff, s, h, k, i);
            }
            return (long)acc;
        }
    }

    [Property(MaxTest = 60)]
    public Property Call_arguments_arrive_from_every_kind_of_place(int x, long y)
    {
        using var instance = Wasm.Instantiate(Calls);
        return (instance.Call("go", WasmValue.I32(x), WasmValue.I64(y)).AsI64 == CallsModel((uint)x, y)).ToProperty();
    }

    private const string Blocks = """
        (module
          (func (export "blocks") (param $x i32) (param $y i64) (result i64)
            (local $acc i64)
            (if (i32.eq (local.get $x) (i32.const 12345)) (then (return (i64.const 77))))
            (local.set $acc (i64.extend_i32_u (block $b (result i32)
              (drop (br_if $b (i32.mul (local.get $x) (i32.const 3)) (i32.and (local.get $x) (i32.const 1))))
              (i32.add (local.get $x) (i32.const 100)))))
            (local.set $acc (i64.add (local.get $acc) (i64.reinterpret_f64
              (if (result f64) (i64.lt_s (local.get $y) (i64.const 0))
                (then (f64.convert_i64_s (local.get $y)))
                (else (f64.const 0.5))))))
            (local.set $acc (i64.add (local.get $acc) (i64.extend_i32_u (i32.reinterpret_f32
              (block $c (result f32)
                (f32.mul
                  (block $d (result f32) (br_table $c $d $c (f32.const 1.25) (i32.rem_u (local.get $x) (i32.const 3))))
                  (f32.const 4)))))))
            (local.set $acc (i64.add (local.get $y)
              (i64.add (local.get $acc)
                (block $e (result i64)
                  (drop (block $f (result i64) (drop (br_if $e (i64.const 9) (i32.eqz (i32.and (local.get $x) (i32.const 6))))) (i64.const 4)))
                  (i64.const 11)))))
            (local.set $acc (i64.add (local.get $acc) (i64.extend_i32_u (loop (result i32) (i32.const 6)))))
            (i64.add (local.get $acc)
              (block $g (result i64)
                (drop (br_if $g (local.get $y) (i32.lt_u (local.get $x) (i32.const 50))))
                (br $g (i64.mul (local.get $y) (i64.const 2)))))))
        """;

    private static long BlocksModel(uint x, long y)
    {
        unchecked
        {
            if (x == 12345) return 77;
            ulong acc = (x & 1) != 0 ? x * 3 : x + 100;
            acc += (ulong)BitConverter.DoubleToInt64Bits(y < 0 ? y : 0.5);
            acc += BitConverter.SingleToUInt32Bits(x % 3 == 1 ? 1.25f * 4 : 1.25f);
            acc = (ulong)y + acc + ((x & 6) == 0 ? 9UL : 11UL);
            acc += 6;
            return (long)acc + (x < 50 ? y : y * 2);
        }
    }

    [Property(MaxTest = 100)]
    public Property Block_results_reach_their_end_by_every_path(int x, long y)
    {
        using var instance = Wasm.Instantiate(Blocks);
        return (instance.Call("blocks", WasmValue.I32(x), WasmValue.I64(y)).AsI64 == BlocksModel((uint)x, y)).ToProperty();
    }

    [Theory]
    [InlineData(12345, 0L)]
    [InlineData(0, -5L)]
    [InlineData(1, long.MinValue)]
    [InlineData(49, 3L)]
    [InlineData(50, 3L)]
    public void Block_results_at_the_edges(int x, long y)
    {
        using var instance = Wasm.Instantiate(Blocks);
        Assert.Equal(BlocksModel((uint)x, y), instance.Call("blocks", WasmValue.I32(x), WasmValue.I64(y)).AsI64);
    }
}
