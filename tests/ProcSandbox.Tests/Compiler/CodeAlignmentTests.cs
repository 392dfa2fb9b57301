using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Iced.Intel;
using TenantDb.ProcSandbox.Compiler;
using TenantDb.ProcSandbox.Runtime;

namespace TenantDb.ProcSandbox.Tests.Compiler;

/// <summary>
/// Aligned code: alignment sites in the code buffer keep just the nops their final position needs once the
/// function's branches are shortened, and every branch still reaches its label; compiled rotated loops start
/// their bodies at 64-byte boundaries wherever the code before them ends.
/// </summary>
public class CodeAlignmentTests
{
    /// <summary>One step of a random function: filler bytes, a branch to a label, or an (aligned) label.</summary>
    public readonly record struct Step(int Kind, int Size, int Label, bool Conditional);

    private static Arbitrary<Step[]> Functions() =>
        Gen.ArrayOf(
            from kind in Gen.Frequency((5, Gen.Constant(0)), (3, Gen.Constant(1)), (2, Gen.Constant(2)))
            from size in Gen.Frequency((3, Gen.Choose(1, 20)), (1, Gen.Choose(100, 300)))
            from label in Gen.Choose(0, 7)
            from conditional in ArbMap.Default.GeneratorFor<bool>()
            select new Step(kind, size, label, conditional)).ToArbitrary();

    [Property(MaxTest = 300)]
    public Property Aligned_labels_are_aligned_and_every_branch_reaches_its_label(NonNegativeInt lead) =>
        Prop.ForAll(Functions(), steps =>
        {
            using var buffer = new CodeBuffer(64);
            Fill(buffer, lead.Get % 200); // where the function starts in the buffer
            buffer.StartFunction();
            var labels = new CodeLabel[8];
            for (int i = 0; i < labels.Length; i++) labels[i] = buffer.CreateLabel();
            var bound = new bool[8];
            var aligned = new List<int>();
            var branches = new List<int>();
            foreach (var step in steps)
            {
                switch (step.Kind)
                {
                    case 0:
                        Fill(buffer, step.Size);
                        break;
                    case 1:
                        buffer.Branch(step.Conditional ? (byte)4 : CodeBuffer.Jmp, labels[step.Label]);
                        branches.Add(step.Label);
                        break;
                    default:
                        if (bound[step.Label]) break;
                        if (step.Conditional) { buffer.Align(CodeBuffer.CodeAlignment); aligned.Add(step.Label); }
                        buffer.Bind(labels[step.Label]);
                        bound[step.Label] = true;
                        break;
                }
            }
            for (int i = 0; i < labels.Length; i++) if (!bound[i]) buffer.Bind(labels[i]);
            buffer.FinishFunction([], trapExitOffset: 0);

            foreach (int label in aligned) Assert.Equal(0, buffer.LabelOffset(labels[label]) % CodeBuffer.CodeAlignment);
            // Decode the whole buffer: filler and padding are nops, so every other instruction is one of the branches, in order.
            var code = buffer.ToArray();
            var decoder = Iced.Intel.Decoder.Create(64, new ByteArrayCodeReader(code), 0);
            int next = 0;
            while (decoder.IP < (ulong)code.Length)
            {
                decoder.Decode(out var instruction);
                Assert.False(instruction.IsInvalid);
                if (instruction.Code == Code.Nopd) continue;
                Assert.True(next < branches.Count, $"unexpected {instruction} at {instruction.IP}");
                Assert.Equal((ulong)buffer.LabelOffset(labels[branches[next++]]), instruction.NearBranchTarget);
            }
            Assert.Equal(branches.Count, next);
        });

    private static void Fill(CodeBuffer buffer, int bytes)
    {
        buffer.EnsureSpace(bytes);
        buffer.Bytes.AsSpan(buffer.Length, bytes).Fill(CodeBuffer.Nop);
        buffer.Length += bytes;
    }

    [Property(MaxTest = 40)]
    public Property Loop_bodies_start_at_64_byte_boundaries_after_code_of_any_length(byte filler)
    {
        // A loop-free function of varying length before one whose loops are rotated.
        string adds = string.Concat(Enumerable.Repeat("(local.set 0 (i32.add (local.get 0) (i32.const 1))) ", filler % 40));
        string wat = $$"""
            (module (memory 1)
              (func (param i32) (result i32) {{adds}} (local.get 0))
              (func (export "count") (param $n i32) (result i32) (local $i i32) (local $j i32) (local $s i32)
                (block $done (loop $outer
                  (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
                  (local.set $j (i32.const 0))
                  (block $inner_done (loop $inner
                    (br_if $inner_done (i32.ge_u (local.get $j) (local.get $i)))
                    (local.set $s (i32.add (local.get $s) (i32.load8_u (local.get $j))))
                    (local.set $j (i32.add (local.get $j) (i32.const 1)))
                    (br $inner)))
                  (i32.store8 (local.get $i) (local.get $i))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br $outer)))
                (local.get $s)))
            """;
        var code = ModuleCompiler.Compile(Wasm.Module(wat), new CompileOptions());
        int start = code.FunctionOffsets[1];
        var backEdgeTargets = new List<ulong>();
        var decoder = Iced.Intel.Decoder.Create(64, new ByteArrayCodeReader(code.Code, start, code.Code.Length - start), (ulong)start);
        while (decoder.IP < (ulong)code.Code.Length)
        {
            decoder.Decode(out var instruction);
            if (instruction.FlowControl == FlowControl.Return) break; // the out-of-line stubs follow
            if (instruction.FlowControl == FlowControl.ConditionalBranch && instruction.NearBranchTarget < instruction.IP)
                backEdgeTargets.Add(instruction.NearBranchTarget);
        }
        using var instance = Wasm.Instantiate(wat);
        uint n = (uint)(filler % 50);
        uint expected = 0;
        for (uint i = 0; i < n; i++)
            for (uint j = 0; j < i; j++) expected += j;
        return (backEdgeTargets.Count == 2
                && backEdgeTargets.All(t => t % 64 == 0)
                && (uint)instance.Call("count", WasmValue.I32((int)n)).AsI32 == expected)
            .Label($"function at {start:X}, back edges to {string.Join(", ", backEdgeTargets.Select(t => t.ToString("X")))}");
    }
}
