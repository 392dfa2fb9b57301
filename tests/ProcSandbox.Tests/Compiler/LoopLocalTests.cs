using FsCheck;
using Iced.Intel;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TenantDb.ProcSandbox.Compiler;
using TenantDb.ProcSandbox.Runtime;

namespace TenantDb.ProcSandbox.Tests.Compiler;

/// <summary>
/// Locals held in registers across loops (LoopLocals picks i32/i64 locals for r12, r13, r9, r8, rdi and float
/// ones for xmm14, xmm13, the rest stay in frame cells): a loop that reads and writes them around every
/// kind of register clobber (direct and indirect calls, memory.grow's host call, br_table, select, tee,
/// lazy reads still on the stack when the local changes) computes what a C# model of it computes.
/// </summary>
public class LoopLocalTests
{
    private const string Mix = """
        (module
          (memory 1)
          (type $unary (func (param i32) (result i32)))
          (table 2 funcref)
          (elem (i32.const 0) $twice $inc)
          (func $twice (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
          (func $inc (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
          (func (export "mix") (param $n i32) (result i64)
            (local $i i32) (local $acc i32) (local $wide i64) (local $f f64) (local $g f32) (local $t i32) (local $u i32) (local $old i32)
            (block $done (loop $top
              (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
              (i32.store (i32.shl (i32.and (local.get $i) (i32.const 255)) (i32.const 2)) (local.get $i))
              (local.set $acc (i32.add (i32.mul (local.get $acc) (i32.const 3))
                (call_indirect (type $unary) (local.get $i) (i32.and (local.get $i) (i32.const 1)))))
              (local.set $t (call $twice (local.tee $u (i32.load (i32.shl (i32.and (local.get $i) (i32.const 255)) (i32.const 2))))))
              (local.set $wide (i64.add (local.get $wide)
                (i64.extend_i32_u (select (local.get $t) (local.get $u) (i32.and (local.get $i) (i32.const 2))))))
              (local.set $f (f64.add (local.get $f) (f64.convert_i32_u (local.get $acc))))
              (local.set $g (f32.add (local.get $g) (f32.const 0.5)))
              (block $even (block $odd (br_table $even $odd (i32.and (local.get $i) (i32.const 1))))
                (local.set $wide (i64.add (local.get $wide) (i64.const 1000))))
              (if (i32.eq (local.get $i) (i32.const 3)) (then (drop (memory.grow (i32.const 1)))))
              ;; A lazy read of $acc is still on the stack when $acc changes: it must keep the old value.
              (local.set $old (i32.sub (local.get $acc) (block (result i32) (local.set $acc (i32.xor (local.get $acc) (i32.const 5))) (i32.const 0))))
              (local.set $acc (i32.xor (local.get $old) (local.get $acc)))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $top)))
            (i64.add (i64.add (local.get $wide) (i64.extend_i32_u (local.get $acc)))
              (i64.add (i64.trunc_f64_u (local.get $f)) (i64.trunc_f32_u (local.get $g))))))
        """;

    private static ulong Model(uint n)
    {
        uint acc = 0, old;
        ulong wide = 0;
        double f = 0;
        float g = 0;
        var memory = new uint[256];
        for (uint i = 0; i < n; i++)
        {
            memory[i & 255] = i;
            acc = acc * 3 + ((i & 1) == 0 ? i * 2 : i + 1);
            uint u = memory[i & 255];
            uint t = u * 2;
            wide += (i & 2) != 0 ? t : u;
            f += acc;
            g += 0.5f;
            if ((i & 1) == 1) wide += 1000;
            old = acc;
            acc ^= 5;
            acc = old ^ acc;
        }
        return wide + acc + (ulong)f + (ulong)g;
    }

    [Property(MaxTest = 60)]
    public Property Registers_held_locals_survive_calls_host_calls_and_branches(byte n)
    {
        using var instance = Wasm.Instantiate(Mix);
        return (instance.Call("mix", WasmValue.I32(n)).AsI64 == (long)Model(n)).ToProperty();
    }

    [Theory]
    [InlineData("(if (result i32) (i32.lt_u (local.get 0) (i32.const 2)) (then (local.get 0)) (else (i32.add (call 0 (i32.sub (local.get 0) (i32.const 1))) (call 0 (i32.sub (local.get 0) (i32.const 2))))))", false)]
    [InlineData("(local i32) (block (loop (br_if 1 (i32.eqz (local.get 0))) (local.set 1 (i32.add (local.get 1) (local.get 0))) (local.set 0 (i32.sub (local.get 0) (i32.const 1))) (br 0))) (local.get 1)", true)]
    public void Only_functions_with_loops_hold_locals_in_registers(string body, bool expectRegisters)
    {
        // Recursion without loops (fib) gains nothing from registers, and saves around every call would cost.
        var module = Wasm.Module($"(module (func (param i32) (result i32) {body}))");
        var code = ModuleCompiler.Compile(module, new CompileOptions());
        bool usesLocalRegisters = false;
        var decoder = Decoder.Create(64, new ByteArrayCodeReader(code.Code, code.FunctionOffsets[0], code.Code.Length - code.FunctionOffsets[0]), (ulong)code.FunctionOffsets[0]);
        while (decoder.IP < (ulong)code.Code.Length)
        {
            decoder.Decode(out var instruction);
            for (int i = 0; i < instruction.OpCount; i++)
            {
                if (instruction.GetOpKind(i) == OpKind.Register && instruction.GetOpRegister(i).GetFullRegister() == Register.R12)
                    usesLocalRegisters = true;
            }
        }
        Assert.Equal(expectRegisters, usesLocalRegisters);
    }
}
