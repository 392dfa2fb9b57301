using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TenantDb.ProcSandbox.Binary;
using TenantDb.ProcSandbox.Concurrency;
using TenantDb.ProcSandbox.Errors;
using TenantDb.ProcSandbox.Text;

namespace TenantDb.ProcSandbox.Tests.Frontend;

/// <summary>
/// The decoder checks the bodies' instructions after reading the sections, in chunks on several threads; the error
/// reported is still the one a front-to-back read meets first: the first malformed body's, before anything malformed
/// after it.
/// </summary>
public sealed class ParallelStructureTests
{
    private const int Functions = 200;

    /// <summary>200 functions of about 1 KB each (several chunks); every tenth has a loop.</summary>
    private static readonly Lazy<byte[]> s_module = new(() =>
    {
        var text = new StringBuilder("(module\n");
        for (int f = 0; f < Functions; f++)
        {
            text.Append("(func (result i32)");
            if (f % 10 == 0) text.Append(" (loop (nop))");
            for (int i = 0; i < 300; i++) text.Append(" (drop (i32.const 1))");
            text.Append(" (i32.const 0))\n");
        }
        return WatParser.ParseModuleBinary(text.Append(')').ToString());
    });

    private static readonly Lazy<int[]> s_bodyOffsets = new(() => [.. WasmDecoder.Decode(s_module.Value).Bodies.Select(b => b.CodeOffset)]);

    /// <summary>The module with an unknown opcode as the first instruction of each listed body.</summary>
    private static byte[] Malformed(params int[] bodies)
    {
        byte[] binary = (byte[])s_module.Value.Clone();
        foreach (int body in bodies) binary[s_bodyOffsets.Value[body]] = 0xFF;
        return binary;
    }

    [Fact]
    public void The_module_spans_several_chunks_and_loops_are_recorded()
    {
        var module = WasmDecoder.Decode(s_module.Value);
        Assert.True(BodyChunks.Partition(module.Bodies, WasmDecoder.StructureChunkBytes).Length > 4);
        for (int f = 0; f < Functions; f++) Assert.Equal(f % 10 == 0, module.Bodies[f].MayHaveLoop);
    }

    [Property(MaxTest = 40)]
    public void The_first_malformed_body_is_reported(NonNegativeInt a, NonNegativeInt b, NonNegativeInt c)
    {
        int[] bodies = [a.Get % Functions, b.Get % Functions, c.Get % Functions];
        var error = Assert.Throws<WasmMalformedException>(() => WasmDecoder.Decode(Malformed(bodies)));
        Assert.Equal(DecodeMessages.UnknownOperator, error.Reason);
        Assert.Equal(s_bodyOffsets.Value[bodies.Min()], error.Offset);
    }

    [Fact]
    public void A_malformed_body_is_reported_before_a_malformed_section_after_it()
    {
        byte[] trailingJunk = [.. s_module.Value, 0x7F, 0x00];
        var junk = Assert.Throws<WasmMalformedException>(() => WasmDecoder.Decode(trailingJunk));
        Assert.Equal(s_module.Value.Length, junk.Offset);

        byte[] both = [.. Malformed(150), 0x7F, 0x00];
        var error = Assert.Throws<WasmMalformedException>(() => WasmDecoder.Decode(both));
        Assert.Equal(s_bodyOffsets.Value[150], error.Offset);
    }
}
