using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Iced.Intel;
using TenantDb.ProcSandbox.Compiler;
using TenantDb.ProcSandbox.Compiler.Verification;
using TenantDb.ProcSandbox.Runtime;
using X86Instruction = Iced.Intel.Instruction;

namespace TenantDb.ProcSandbox.Tests.Verifier;

/// <summary>
/// The verifier checks the code in address ranges that start at function entries, on several threads.
/// Ranges only add rules (nothing reached from a range may leave it, except calls and jumps to the trap
/// exit), so whatever is accepted in ranges is accepted whole; and the outcome, including which error is
/// reported, is the same on any number of threads.
/// </summary>
public sealed class VerificationRangeTests
{
    private static readonly Lazy<MachineCode[]> s_corpus = new(() =>
    [
        .. Directory.GetFiles(Frontend.RepoPaths.Kernels, "*.wat").Order(StringComparer.Ordinal)
            .Select(path => ModuleCompiler.Compile(Wasm.Module(File.ReadAllText(path)), new CompileOptions { VerifyCode = false })),
        .. new[] { "br_table.wast", "call_indirect.wast", "imports.wast", "call.wast" }
            .Select(name => VerifierCorpus.SpecModules(name).First(m => m.Module.Functions.Count > 3).Module)
            .Select(module => ModuleCompiler.Compile(module, new CompileOptions { VerifyCode = false })),
    ]);

    private static string? Outcome(byte[] code, CodeLayout layout, int threads, int rangeBytes)
    {
        try
        {
            CodeVerifier.Verify(code, layout, threads, rangeBytes);
            return null;
        }
        catch (CodeVerificationException e)
        {
            return e.Message;
        }
    }

    [Fact]
    public void Compiled_code_passes_with_one_function_per_range()
    {
        foreach (var code in s_corpus.Value)
        {
            var whole = CodeVerifier.Verify(code.Code, code.Layout, threads: 1, rangeBytes: int.MaxValue);
            var ranged = CodeVerifier.Verify(code.Code, code.Layout, threads: 3, rangeBytes: 1);
            Assert.Equal((whole.Functions, whole.Instructions, whole.DeadInstructions, whole.DataBytes), (ranged.Functions, ranged.Instructions, ranged.DeadInstructions, ranged.DataBytes));
        }
    }

    [Property(MaxTest = 300)]
    public void Mutated_code_gets_the_same_verdict_on_any_thread_count_and_ranges_accept_nothing_more(NonNegativeInt which, NonNegativeInt position, byte value, PositiveInt rangeBytes)
    {
        var original = s_corpus.Value[which.Get % s_corpus.Value.Length];
        byte[] code = (byte[])original.Code.Clone();
        code[(position.Get * 7919) % code.Length] = value;
        int range = 1 + rangeBytes.Get % 512;
        string? serial = Outcome(code, original.Layout, 1, range);
        Assert.Equal(serial, Outcome(code, original.Layout, 3, range));
        if (serial is null) Assert.Null(Outcome(code, original.Layout, 1, int.MaxValue));
    }

    [Fact]
    public void A_jump_into_the_code_of_another_range_is_rejected()
    {
        var compiled = ModuleCompiler.Compile(Wasm.Module("""
            (module (memory 1)
              (func $a (param i32) (result i32) (i32.load (local.get 0)))
              (func $b (param i32) (result i32) (i32.load offset=4 (local.get 0))))
            """), new CompileOptions { VerifyCode = false });
        byte[] code = (byte[])compiled.Code.Clone();
        int trapExit = compiled.Layout.Entries.Single(e => e.Kind == CodeEntryKind.TrapExit).Offset;
        int firstOfA = compiled.FunctionOffsets[0];
        int secondOfA = firstOfA + Decode(code, firstOfA).Length;
        // The jump of $b's out-of-bounds stub to the trap exit, redirected into $a's body.
        int jump = compiled.FunctionOffsets[1];
        while (!(Decode(code, jump) is { Code: Code.Jmp_rel32_64 } j && (int)j.NearBranchTarget == trapExit)) jump += Decode(code, jump).Length;
        BinaryPrimitives.WriteInt32LittleEndian(code.AsSpan(jump + 1), secondOfA - (jump + 5));

        var error = Assert.Throws<CodeVerificationException>(() => CodeVerifier.Verify(code, compiled.Layout, threads: 2, rangeBytes: 1));
        Assert.Contains("another function range", error.Message);
        Assert.Throws<CodeVerificationException>(() => CodeVerifier.Verify(code, compiled.Layout, threads: 1, rangeBytes: int.MaxValue));
    }

    [Fact]
    public void Ranges_start_at_function_entries_after_the_boundary_code()
    {
        var compiled = ModuleCompiler.Compile(Wasm.Module(File.ReadAllText(Directory.GetFiles(Frontend.RepoPaths.Kernels, "*.wat").Order(StringComparer.Ordinal).First())), new CompileOptions { VerifyCode = false });
        using var map = new CodeMap(compiled.Code, compiled.Layout);
        map.Prepare();
        int[] ranges = map.Ranges(1);
        var functionEntries = compiled.Layout.Entries.Where(e => e.Kind == CodeEntryKind.Function).Select(e => e.Offset).ToHashSet();
        int boundaryEnd = compiled.Layout.Entries.Where(e => e.Kind != CodeEntryKind.Function).Max(e => e.Offset);
        Assert.Equal(0, ranges[0]);
        Assert.Equal(compiled.Code.Length, ranges[^1]);
        foreach (int start in ranges[1..^1])
        {
            Assert.Contains(start, functionEntries);
            Assert.True(start > boundaryEnd);
        }
        Assert.Equal(functionEntries.Count(o => o > boundaryEnd), ranges.Length - 2);
    }

    private static X86Instruction Decode(byte[] code, int offset)
    {
        var decoder = Decoder.Create(64, new ByteArrayCodeReader(code, offset, code.Length - offset), (ulong)offset);
        decoder.Decode(out var instruction);
        return instruction;
    }
}
