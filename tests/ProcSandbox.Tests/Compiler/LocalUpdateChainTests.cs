using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TenantDb.ProcSandbox.Runtime;

namespace TenantDb.ProcSandbox.Tests.Compiler;

/// <summary>
/// Chains of in-place updates of a local held in a register (<c>local.get L; x; op; y; op; ...; local.set L</c>,
/// compiled on L's register throughout): random chains of i32/i64 arithmetic whose operands are constants,
/// another local or L itself (which must stop the chain from working in place), ending in local.set or
/// local.tee, with a lazy read of L below the chain, compute what a C# model computes.
/// </summary>
public class LocalUpdateChainTests
{
    private static readonly string[] s_ops = ["add", "sub", "mul", "and", "or", "xor"];

    /// <summary>One step of a chain: its operator and operand (0: a constant, 1: the other local, 2: L itself).</summary>
    public readonly record struct Step(int Op, int Operand, int Constant);

    private static long Apply(int op, long a, long b, bool is64)
    {
        long r = op switch
        {
            0 => a + b,
            1 => a - b,
            2 => a * b,
            3 => a & b,
            4 => a | b,
            _ => a ^ b,
        };
        return is64 ? r : (uint)r;
    }

    /// <summary>
    /// <c>loop n times: keep = L; L = chain(L); acc += keep ^ L</c> (keep read lazily below the chain when
    /// <paramref name="lazyBelow"/>), with L and the other local pinned to registers by the loop.
    /// </summary>
    private static string Module(Step[] steps, bool is64, bool tee, bool lazyBelow)
    {
        string t = is64 ? "i64" : "i32";
        var chain = new System.Text.StringBuilder("local.get $l ");
        foreach (var step in steps)
        {
            chain.Append(step.Operand switch
            {
                0 => $"{t}.const {step.Constant} ",
                1 => "local.get $o ",
                _ => "local.get $l ",
            });
            chain.Append($"{t}.{s_ops[step.Op]} ");
        }
        // Either way the new value of L is left on the stack.
        chain.Append(tee ? "local.tee $l " : "local.set $l local.get $l ");
        string update = lazyBelow
            ? $"local.get $l {chain} {t}.xor local.get $acc {t}.add local.set $acc"
            : $"{chain} local.get $acc {t}.add local.set $acc";
        return $$"""
            (module
              (func (export "run") (param $n i32) (param $l {{t}}) (param $o {{t}}) (result {{t}})
                (local $i i32) (local $acc {{t}})
                (block $done (loop $top
                  (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
                  {{update}}
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br $top)))
                (local.get $acc)))
            """;
    }

    private static long Model(Step[] steps, bool is64, bool lazyBelow, int n, long l, long o)
    {
        long acc = 0;
        for (int i = 0; i < n; i++)
        {
            long keep = l, value = l;
            foreach (var step in steps)
                value = Apply(step.Op, value, step.Operand switch { 0 => step.Constant, 1 => o, _ => l }, is64);
            l = value;
            acc = Apply(0, acc, lazyBelow ? keep ^ l : l, is64);
        }
        return acc;
    }

    /// <summary>A chain, its width and end, whether a lazy read of L is below it, and the call's arguments.</summary>
    public sealed record Case(Step[] Steps, bool Is64, bool Tee, bool LazyBelow, int N, long L, long O);

    private static Arbitrary<Case> Cases() =>
        (from steps in Gen.Choose(1, 5).SelectMany(length => Gen.ArrayOf(
             from op in Gen.Choose(0, 5)
             from operand in Gen.Frequency((4, Gen.Constant(0)), (3, Gen.Constant(1)), (1, Gen.Constant(2)))
             from constant in Gen.OneOf(Gen.Choose(-200, 200), Gen.Choose(int.MinValue, int.MaxValue))
             select new Step(op, operand, constant), length))
         from is64 in ArbMap.Default.GeneratorFor<bool>()
         from tee in ArbMap.Default.GeneratorFor<bool>()
         from lazyBelow in ArbMap.Default.GeneratorFor<bool>()
         from n in Gen.Choose(0, 7)
         from l in ArbMap.Default.GeneratorFor<long>()
         from o in ArbMap.Default.GeneratorFor<long>()
         select new Case(steps, is64, tee, lazyBelow, n, is64 ? l : (uint)l, is64 ? o : (uint)o)).ToArbitrary();

    [Property(MaxTest = 150)]
    public Property In_place_update_chains_compute_what_the_model_computes() =>
        Prop.ForAll(Cases(), c =>
        {
            string module = Module(c.Steps, c.Is64, c.Tee, c.LazyBelow);
            using var instance = Wasm.Instantiate(module);
            var result = c.Is64
                ? instance.Call("run", WasmValue.I32(c.N), WasmValue.I64(c.L), WasmValue.I64(c.O))
                : instance.Call("run", WasmValue.I32(c.N), WasmValue.I32((int)c.L), WasmValue.I32((int)c.O));
            long expected = Model(c.Steps, c.Is64, c.LazyBelow, c.N, c.L, c.O);
            long actual = c.Is64 ? result.AsI64 : (uint)result.AsI32;
            return (actual == expected).Label($"{module}\nexpected {expected}, got {actual}");
        });

    [Fact]
    public void Float_chains_compute_what_the_model_computes()
    {
        // Two float locals per function, so both are held in registers (xmm14, xmm13) and the chains work in place.
        using var instance = Wasm.Instantiate("""
            (module
              (func (export "wide") (param $n i32) (param $x f64) (result f64) (local $i i32) (local $f f64)
                (block $done (loop $top
                  (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
                  local.get $f local.get $x f64.mul f64.const 1.5 f64.add f64.const -0.5 f64.div local.get $x f64.sub local.set $f
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br $top)))
                (local.get $f))
              (func (export "narrow") (param $n i32) (param $x f32) (result f32) (local $i i32) (local $g f32)
                (block $done (loop $top
                  (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
                  local.get $g f32.const 0.25 f32.add local.get $x f32.mul local.tee $g drop
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br $top)))
                (local.get $g)))
            """);
        foreach (var (n, x) in new[] { (0, 1.0), (1, 1.5), (7, 0.75), (20, -2.5) })
        {
            double f = 0;
            float g = 0;
            for (int i = 0; i < n; i++)
            {
                f = (f * x + 1.5) / -0.5 - x;
                g = (g + 0.25f) * (float)x;
            }
            Assert.Equal(BitConverter.DoubleToInt64Bits(f), BitConverter.DoubleToInt64Bits(instance.Call("wide", WasmValue.I32(n), WasmValue.F64(x)).AsF64));
            Assert.Equal(BitConverter.SingleToInt32Bits(g), BitConverter.SingleToInt32Bits(instance.Call("narrow", WasmValue.I32(n), WasmValue.F32((float)x)).AsF32));
        }
    }
}
