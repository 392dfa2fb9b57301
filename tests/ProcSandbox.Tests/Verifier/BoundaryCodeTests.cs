using TenantDb.ProcSandbox.Compiler;
using TenantDb.ProcSandbox.Compiler.Verification;
using TenantDb.ProcSandbox.Runtime;
using TenantDb.ProcSandbox.Text;

namespace TenantDb.ProcSandbox.Tests.Verifier;

/// <summary>The boundary code (entry trampoline, trap exit, host adapters) is pinned: any change to it is rejected.</summary>
public class BoundaryCodeTests
{
    private static MachineCode CompileWithImport() => ModuleCompiler.Compile(
        WatParser.ParseModule("""(module (import "env" "f" (func $f (param i32))) (func (export "run") (call $f (i32.const 1))))"""),
        new CompileOptions { VerifyCode = false });

    [Fact]
    public void A_module_with_an_import_passes()
    {
        var code = CompileWithImport();
        CodeVerifier.Verify(code.Code, code.Layout);
    }

    [Fact]
    public void Trap_exit_restoring_a_different_frame_is_rejected()
    {
        var code = CompileWithImport();
        int trapExit = code.Layout.Entries.First(e => e.Kind == CodeEntryKind.TrapExit).Offset;
        byte[] bytes = (byte[])code.Code.Clone();
        bytes[trapExit + 8] ^= 0x08; // lea rbp, [rsp+50h] -> [rsp+58h]
        var e = Assert.Throws<CodeVerificationException>(() => CodeVerifier.Verify(bytes, code.Layout));
        Assert.Contains("boundary code differs", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Host_adapter_calling_another_context_slot_is_rejected()
    {
        var code = CompileWithImport();
        int adapter = code.Layout.Entries.First(e => e.Kind == CodeEntryKind.HostAdapter).Offset;
        byte[] bytes = (byte[])code.Code.Clone();
        int call = adapter + 31; // 55 / 48 89 E5 / 48 83 EC 10 / 48 83 E4 F0 / 4C 89 FF / BE imm32 / 48 8D 55 10 / 48 8D 4D F0 / 41 FF 57 48
        Assert.Equal(0x48, bytes[call]);
        bytes[call] = 0x50; // call [r15+50h]: the memory.grow slot
        var e = Assert.Throws<CodeVerificationException>(() => CodeVerifier.Verify(bytes, code.Layout));
        Assert.Contains("boundary code differs", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Host_adapter_passing_another_import_index_is_rejected()
    {
        // The host reads the parameters of the import it is told; the caller pushed those of the slot it called.
        var code = ModuleCompiler.Compile(
            WatParser.ParseModule("""(module (import "env" "f" (func $f (param i32))) (import "env" "g" (func $g (param i64 i64 i64))) (func (export "run") (call $f (i32.const 1))))"""),
            new CompileOptions { VerifyCode = false });
        CodeVerifier.Verify(code.Code, code.Layout);
        int adapter = code.Layout.Entries.First(e => e.Kind == CodeEntryKind.HostAdapter && e.Import == 0).Offset;
        byte[] bytes = (byte[])code.Code.Clone();
        int index = adapter + 16; // 55 / 48 89 E5 / 48 83 EC 10 / 48 83 E4 F0 / 4C 89 FF / BE imm32
        Assert.Equal(0xBE, bytes[index - 1]);
        bytes[index] = 1;
        var e = Assert.Throws<CodeVerificationException>(() => CodeVerifier.Verify(bytes, code.Layout));
        Assert.Contains("not its own import", e.Reason, StringComparison.Ordinal);
    }
}
