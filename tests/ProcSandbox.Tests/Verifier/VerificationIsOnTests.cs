using TenantDb.ProcSandbox.Compiler.Verification;
using TenantDb.ProcSandbox.Errors;
using TenantDb.ProcSandbox.Runtime;

namespace TenantDb.ProcSandbox.Tests.Verifier;

/// <summary>The public compile path verifies by default, and a rejection is not a module error.</summary>
public class VerificationIsOnTests
{
    [Fact]
    public void Default_compile_options_verify_the_code() => Assert.True(new CompileOptions().VerifyCode);

    [Fact]
    public void A_rejection_is_not_a_wasm_exception_so_tenant_error_handlers_do_not_swallow_it() =>
        Assert.False(typeof(WasmException).IsAssignableFrom(typeof(CodeVerificationException)));
}
