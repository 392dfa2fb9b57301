using TenantDb.ProcSandbox.Binary;
using TenantDb.ProcSandbox.Errors;

namespace TenantDb.ProcSandbox.Tests.Frontend;

public class Leb128Tests
{
    [Theory]
    [InlineData(new byte[] { 0x00 }, 0u)]
    [InlineData(new byte[] { 0x7F }, 127u)]
    [InlineData(new byte[] { 0x80, 0x01 }, 128u)]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x00 }, 0u)] // padded but within 5 bytes: allowed
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F }, uint.MaxValue)]
    public void U32_decodes(byte[] bytes, uint expected)
    {
        int pos = 0;
        Assert.Equal(expected, Leb128.ReadU32(bytes, ref pos, 0));
        Assert.Equal(bytes.Length, pos);
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x00 }, "integer representation too long")]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x1F }, "integer too large")]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x4F }, "integer too large")]
    [InlineData(new byte[] { 0x80 }, "unexpected end")]
    [InlineData(new byte[] { }, "unexpected end")]
    public void U32_rejects(byte[] bytes, string reason)
    {
        var error = Assert.Throws<WasmMalformedException>(() => { int pos = 0; Leb128.ReadU32(bytes, ref pos, 100); });
        Assert.Equal(reason, error.Reason);
        Assert.True(error.Offset >= 100);
    }

    [Theory]
    [InlineData(new byte[] { 0x7F }, -1)]
    [InlineData(new byte[] { 0x3F }, 63)]
    [InlineData(new byte[] { 0x40 }, -64)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x07 }, int.MaxValue)]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x78 }, int.MinValue)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x7F }, -1)]
    public void S32_decodes(byte[] bytes, int expected)
    {
        int pos = 0;
        Assert.Equal(expected, Leb128.ReadS32(bytes, ref pos, 0));
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F })] // positive with bit 35 set
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x70 })] // negative sign bits but value bit 31 clear
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x4F })]
    public void S32_rejects_unused_bits_that_are_not_sign_copies(byte[] bytes)
    {
        var error = Assert.Throws<WasmMalformedException>(() => { int pos = 0; Leb128.ReadS32(bytes, ref pos, 0); });
        Assert.Equal("integer too large", error.Reason);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00 }, long.MaxValue)]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F }, long.MinValue)]
    [InlineData(new byte[] { 0x7F }, -1L)]
    public void S64_decodes(byte[] bytes, long expected)
    {
        int pos = 0;
        Assert.Equal(expected, Leb128.ReadS64(bytes, ref pos, 0));
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 }, "integer too large")]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7E }, "integer too large")]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00 }, "integer representation too long")]
    public void S64_rejects(byte[] bytes, string reason)
    {
        var error = Assert.Throws<WasmMalformedException>(() => { int pos = 0; Leb128.ReadS64(bytes, ref pos, 0); });
        Assert.Equal(reason, error.Reason);
    }

    [Fact]
    public void Every_one_byte_signed_value_decodes_to_its_seven_bit_twos_complement()
    {
        for (int b = 0; b < 0x80; b++)
        {
            int expected = b >= 0x40 ? b - 0x80 : b;
            int pos = 0;
            Assert.Equal(expected, Leb128.ReadS32([(byte)b], ref pos, 0));
            Assert.Equal(1, pos);
            pos = 0;
            Assert.Equal(expected, Leb128.ReadS64([(byte)b], ref pos, 0));
            Assert.Equal(1, pos);
        }
    }
}
