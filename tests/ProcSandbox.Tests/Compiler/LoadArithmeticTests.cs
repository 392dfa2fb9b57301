using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TenantDb.ProcSandbox.Runtime;

namespace TenantDb.ProcSandbox.Tests.Compiler;

/// <summary>
/// A float load directly followed by add/sub/mul/div of its precision, with the other operand in a register, compiles
/// to one instruction with a linear-memory operand (golden listings float_load_operand.asm and kernel_matmul.asm show
/// it). It must compute what a separate load and op compute, keep the operand order of sub and div, and trap exactly
/// when the load passes the memory's end.
/// </summary>
public class LoadArithmeticTests
{
    private static readonly string[] s_ops = ["add", "sub", "mul", "div"];

    // Per op and precision: the left operand loaded from $a (a local address: the hoisted-check path), the right one
    // from $b + $zero (a computed address: checked in its own register).
    private static readonly string s_module = "(module (memory 1)\n" + string.Concat(
        from type in new[] { "f32", "f64" }
        from op in s_ops
        select $"""
            (func (export "{type}_{op}") (param $a i32) (param $b i32) (param $zero i32) (result {type})
              ({type}.{op} ({type}.load (local.get $a)) ({type}.load (i32.add (local.get $b) (local.get $zero)))))

            """) + ")";

    private static double Apply(string op, double x, double y) => op switch
    {
        "add" => x + y,
        "sub" => x - y,
        "mul" => x * y,
        _ => x / y,
    };

    private static float Apply(string op, float x, float y) => op switch
    {
        "add" => x + y,
        "sub" => x - y,
        "mul" => x * y,
        _ => x / y,
    };

    [Property(MaxTest = 200)]
    public Property A_fused_f64_operand_computes_the_op_and_traps_exactly_past_the_end(byte pick, double x, double y, byte back)
    {
        string op = s_ops[pick % s_ops.Length];
        int b = 65536 - 24 + back % 32;
        using var instance = Wasm.Instantiate(s_module);
        BinaryPrimitives.WriteDoubleLittleEndian(instance.Memory[16..], x);
        bool fits = b + 8 <= 65536;
        if (fits) BinaryPrimitives.WriteDoubleLittleEndian(instance.Memory[b..], y);
        try
        {
            double result = instance.Call("f64_" + op, WasmValue.I32(16), WasmValue.I32(b), WasmValue.I32(0)).AsF64;
            double expected = Apply(op, x, y);
            bool same = double.IsNaN(expected) ? double.IsNaN(result) : BitConverter.DoubleToInt64Bits(result) == BitConverter.DoubleToInt64Bits(expected);
            return (fits && same).Label($"{x} {op} {y} at {b}: {result}, expected {expected}");
        }
        catch (WasmTrapException e)
        {
            return (!fits && e.Kind == TrapKind.MemoryOutOfBounds).Label($"{op} at {b} trapped {e.Kind}");
        }
    }

    [Property(MaxTest = 200)]
    public Property A_fused_f32_operand_computes_the_op_and_traps_exactly_past_the_end(byte pick, float x, float y, byte back)
    {
        string op = s_ops[pick % s_ops.Length];
        int b = 65536 - 16 + back % 24;
        using var instance = Wasm.Instantiate(s_module);
        BinaryPrimitives.WriteSingleLittleEndian(instance.Memory[16..], x);
        bool fits = b + 4 <= 65536;
        if (fits) BinaryPrimitives.WriteSingleLittleEndian(instance.Memory[b..], y);
        try
        {
            float result = instance.Call("f32_" + op, WasmValue.I32(16), WasmValue.I32(b), WasmValue.I32(0)).AsF32;
            float expected = Apply(op, x, y);
            bool same = float.IsNaN(expected) ? float.IsNaN(result) : BitConverter.SingleToInt32Bits(result) == BitConverter.SingleToInt32Bits(expected);
            return (fits && same).Label($"{x} {op} {y} at {b}: {result}, expected {expected}");
        }
        catch (WasmTrapException e)
        {
            return (!fits && e.Kind == TrapKind.MemoryOutOfBounds).Label($"{op} at {b} trapped {e.Kind}");
        }
    }
}
