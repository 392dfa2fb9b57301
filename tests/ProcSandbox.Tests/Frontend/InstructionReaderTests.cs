using TenantDb.ProcSandbox.Binary;
using TenantDb.ProcSandbox.Errors;

namespace TenantDb.ProcSandbox.Tests.Frontend;

public class InstructionReaderTests
{
    [Fact]
    public void Reads_immediates()
    {
        byte[] code =
        [
            0x02, 0x7F,                   // block (result i32)
            0x41, 0x7F,                   // i32.const -1
            0x42, 0x80, 0x01,             // i64.const 128
            0x43, 0x00, 0x00, 0xC0, 0x7F, // f32.const nan
            0x28, 0x02, 0x10,             // i32.load align=2 offset=16
            0x0E, 0x02, 0x00, 0x01, 0x02, // br_table 0 1 (default 2)
            0x11, 0x03, 0x00,             // call_indirect type 3
            0x40, 0x00,                   // memory.grow
            0xC4,                         // i64.extend32_s
            0x0B,
        ];
        var reader = new InstructionReader(code, 1000);
        var block = reader.Read();
        Assert.Equal(Opcode.Block, block.Opcode);
        Assert.Equal(BlockType.I32, block.BlockType);
        Assert.Equal(1000, block.ModuleOffset);
        var i32 = reader.Read();
        Assert.Equal(-1, i32.I32Value);
        Assert.Equal(0xFFFF_FFFFul, i32.Bits);
        Assert.Equal(128L, reader.Read().I64Value);
        Assert.Equal(0x7FC0_0000ul, reader.Read().Bits);
        var load = reader.Read();
        Assert.Equal((Opcode.I32Load, 2u, 16u), (load.Opcode, load.Align, load.MemoryOffset));
        var table = reader.Read();
        Assert.Equal(Opcode.BrTable, table.Opcode);
        Assert.Equal(2u, table.Index);
        Assert.Equal(2u, table.BrTableTargets.Count);
        var targets = new List<uint>();
        foreach (uint target in table.BrTableTargets) targets.Add(target);
        Assert.Equal([0u, 1u], targets);
        var callIndirect = reader.Read();
        Assert.Equal((Opcode.CallIndirect, 3u), (callIndirect.Opcode, callIndirect.Index));
        Assert.Equal(Opcode.MemoryGrow, reader.Read().Opcode);
        Assert.Equal(Opcode.I64Extend32S, reader.Read().Opcode);
        var end = reader.Read();
        Assert.Equal(Opcode.End, end.Opcode);
        Assert.Equal(code.Length - 1, end.Offset);
        Assert.False(reader.HasMore);
    }

    [Theory]
    [InlineData(new byte[] { 0x3F, 0x01 }, "zero flag expected")]
    [InlineData(new byte[] { 0x11, 0x00, 0x01 }, "zero flag expected")]
    [InlineData(new byte[] { 0x06 }, "unknown operator")]
    [InlineData(new byte[] { 0xFC, 0x00 }, "unknown operator")]
    [InlineData(new byte[] { 0x02, 0x7B }, "invalid value type")]
    [InlineData(new byte[] { 0x44, 0x00, 0x00 }, "unexpected end of section or function")]
    [InlineData(new byte[] { 0x0E, 0xFF, 0xFF, 0x03 }, "unexpected end of section or function")]
    public void Rejects_malformed(byte[] code, string reason)
    {
        var error = Assert.Throws<WasmMalformedException>(() => { var reader = new InstructionReader(code); reader.Read(); });
        Assert.Equal(reason, error.Reason);
    }
}
