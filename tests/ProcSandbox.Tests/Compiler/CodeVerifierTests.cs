using TenantDb.ProcSandbox.Compiler;

namespace TenantDb.ProcSandbox.Tests.Compiler;

public class CodeVerifierTests
{
    [Theory]
    [InlineData(new byte[] { 0x0F, 0x05 })]                   // syscall
    [InlineData(new byte[] { 0xCD, 0x80 })]                   // int 0x80
    [InlineData(new byte[] { 0x41, 0x8B, 0x06 })]             // mov eax, [r14] (no bounds-checked index)
    [InlineData(new byte[] { 0xE9, 0x00, 0x10, 0x00, 0x00 })] // jmp outside the buffer
    [InlineData(new byte[] { 0x06 })]                         // invalid in 64-bit mode
    public void Rejects_code_that_could_escape(byte[] code)
    {
        Assert.Throws<InvalidOperationException>(() => CodeVerifier.Verify(code, []));
    }

    [Fact]
    public void Accepts_checked_memory_access_and_skips_jump_table_data()
    {
        // mov eax, [r14 + r11 - 4]; then 4 bytes of table data that would not decode as code.
        byte[] code = [0x43, 0x8B, 0x44, 0x1E, 0xFC, 0x06, 0x06, 0x06, 0x06, 0xC3];
        CodeVerifier.Verify(code, [(5, 4)]);
    }
}
