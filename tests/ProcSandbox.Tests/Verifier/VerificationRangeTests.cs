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

    private static string? RangeOutcome(CodeMap map, int start, int end)
    {
        try
        {
            CodeVerifier.VerifyRange(map, start, end);
            return null;
        }
        catch (CodeVerificationException e)
        {
            return e.Message;
        }
    }

    /// <summary>
    /// A range a descheduled helper is in is verified again by the caller: a second run of a range, started
    /// while the first one's per-byte state is full, must not see that state. Each step of two runs is
    /// interleaved here (with one shared map the second traversal would find every byte already claimed).
    /// </summary>
    [Property(MaxTest = 100)]
    public void A_range_verified_twice_at_once_gets_the_verdict_of_one_run(NonNegativeInt which, NonNegativeInt position, byte value, bool mutate)
    {
        var original = s_corpus.Value[which.Get % s_corpus.Value.Length];
        byte[] code = (byte[])original.Code.Clone();
        if (mutate) code[(position.Get * 7919) % code.Length] = value;
        using var index = new CodeIndex(code, original.Layout);
        int[] ranges = index.Ranges(64);
        using var first = new CodeMap(index);
        using var second = new CodeMap(index);
        using var alone = new CodeMap(index);
        for (int r = 0; r + 1 < ranges.Length; r++)
        {
            int start = ranges[r], end = ranges[r + 1];
            string? expected = RangeOutcome(alone, start, end);
            first.Begin(start, end);
            second.Begin(start, end);
            string? firstTraversal = Traversed(first), secondTraversal = Traversed(second);
            Assert.Equal(firstTraversal, secondTraversal);
            if (firstTraversal is null)
            {
                // The whole run again on each map, the second started before the first finished its register flow.
                first.Begin(start, end);
                first.Traverse();
                Assert.Equal(expected, RangeOutcome(second, start, end));
                Assert.Equal(expected, RangeOutcome(first, start, end));
            }
            else
            {
                Assert.Equal(expected, firstTraversal);
            }
        }
    }

    private static string? Traversed(CodeMap map)
    {
        try
        {
            map.Traverse();
            return null;
        }
        catch (CodeVerificationException e)
        {
            return e.Message;
        }
    }

    [Fact]
    public void A_map_cannot_be_made_on_a_finished_verification()
    {
        var code = s_corpus.Value[0];
        var index = new CodeIndex(code.Code, code.Layout);
        var late = new CodeMap(index);
        index.Dispose();
        // A map made before the end keeps the shared tables until it is let go; none may be made after.
        Assert.Null(RangeOutcome(late, 0, index.Ranges(int.MaxValue)[1]));
        late.Dispose();
        Assert.Throws<InvalidOperationException>(() => new CodeMap(index));
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
        using var index = new CodeIndex(compiled.Code, compiled.Layout);
        int[] ranges = index.Ranges(1);
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
