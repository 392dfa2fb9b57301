using System.Globalization;
using System.Text;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Procedures;
using TenantDb.ProcSandbox;
using TenantDb.ProcSandbox.Compiler.Verification;
using TenantDb.ProcSandbox.Errors;
using TenantDb.ProcSandbox.Module;
using TenantDb.TestKit;

namespace TenantDb.Engine.Tests.Procedures;

/// <summary>
/// Compile bombs at CREATE PROCEDURE end in a clean error with the right kind (the wire turns
/// TooBig into 54000, Canceled/Timeout into 57014, Internal into XX000); the session stays usable.
/// </summary>
public sealed class ProcedureCompileLimitTests : IDisposable
{
    private readonly TenantDbEngine _engine = TenantDbEngine.OpenInMemory(new EngineOptions { MaxConcurrentCompilations = 1 });

    public void Dispose() => _engine.Dispose();

    private TenantSession Tenant(string name)
    {
        _engine.CreateTenant(name);
        return _engine.OpenSession(name);
    }

    private static TenantDbException Create(TenantSession session, string wat) =>
        Assert.Throws<TenantDbException>(() => session.CreateProcedure("bomb", [], [], Encoding.UTF8.GetBytes(wat)));

    /// <summary>A procedure module whose <c>run</c> body is <paramref name="body"/>, with extra module fields.</summary>
    private static string Procedure(string body, string fields = "") =>
        $"(module (memory (export \"memory\") 1) {fields} (func (export \"run\") (result i32) {body} (i32.const 0)))";

    private static string Repeat(string text, int count) => new StringBuilder(text.Length * count).Insert(0, text, count).ToString();

    private static void AssertStillUsable(TenantSession session)
    {
        session.CreateProcedure("fine", [], [], Encoding.UTF8.GetBytes(Procedure("")));
        Assert.Contains(session.ListProcedures(), p => p.Name == "fine");
    }

    [Fact]
    public void A_call_with_8193_parameters_is_a_program_limit_not_a_dead_connection()
    {
        using var session = Tenant("wide");
        string parameters = Repeat(" i32", 8_193);
        var error = Create(session, Procedure(
            $"(call $sink {Repeat("(i32.const 0)", 8_193)})",
            $"(func $sink (param{parameters}))"));
        Assert.Equal(TenantDbErrorKind.TooBig, error.Kind);
        Assert.Contains("parameters", error.Message, StringComparison.Ordinal);
        AssertStillUsable(session);
    }

    [Fact]
    public void Forty_thousand_constants_then_calls_meet_the_operand_stack_limit()
    {
        using var session = Tenant("calls");
        var error = Create(session, Procedure(
            Repeat("(i32.const 1)", 40_000) + Repeat("(call $sink)", 40_000),
            "(func $sink (param i32))"));
        Assert.Equal(TenantDbErrorKind.TooBig, error.Kind);
        Assert.Contains("operand stack height", error.Message, StringComparison.Ordinal);
        AssertStillUsable(session);
    }

    [Fact]
    public void A_function_with_too_many_locals_is_a_program_limit()
    {
        using var session = Tenant("locals");
        var error = Create(session, Procedure("", $"(func (local{Repeat(" i64", ImplementationLimits.MaxFunctionLocals + 1)}))"));
        Assert.Equal(TenantDbErrorKind.TooBig, error.Kind);
        Assert.Contains("locals", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_module_beyond_the_procedure_size_limit_is_refused_before_decoding()
    {
        using var session = Tenant("huge");
        var bytes = new byte[ProcedureCompiler.MaxModuleBytes + 1];
        "\0asm"u8.CopyTo(bytes);
        var error = Assert.Throws<TenantDbException>(() => session.CreateProcedure("bomb", [], [], bytes));
        Assert.Equal(TenantDbErrorKind.TooBig, error.Kind);
        Assert.Contains(ProcedureCompiler.MaxModuleBytes.ToString(CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_function_body_beyond_the_procedure_limit_is_refused_before_compiling()
    {
        using var session = Tenant("body");
        // 3 bytes per (drop (i32.const 0)): just past the limit.
        int count = ProcedureCompiler.MaxFunctionBodyBytes / 3 + 1;
        var error = Create(session, Procedure(Repeat("(drop (i32.const 0))", count)));
        Assert.Equal(TenantDbErrorKind.TooBig, error.Kind);
        Assert.Contains("body", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_compilation_waiting_for_a_slot_ends_at_the_statement_timeout()
    {
        using var engine = TenantDbEngine.OpenInMemory(new EngineOptions { MaxConcurrentCompilations = 1, StatementTimeout = TimeSpan.FromSeconds(1) });
        engine.CreateTenant("t");
        using var session = engine.OpenSession("t");
        using (engine.Compiler.Reserve(CancellationToken.None))
        {
            var error = Assert.Throws<TenantDbException>(() => session.CreateProcedure("p", [], [], Encoding.UTF8.GetBytes(Procedure(""))));
            Assert.Equal(TenantDbErrorKind.Timeout, error.Kind);
            Assert.Contains("compiling", error.Message, StringComparison.Ordinal);
        }
        session.CreateProcedure("p", [], [], Encoding.UTF8.GetBytes(Procedure("")));
    }

    [Fact]
    public async Task Interrupt_cancels_a_compilation()
    {
        using var session = Tenant("cancel");
        Task<ProcedureInfo> creating;
        using (_engine.Compiler.Reserve(CancellationToken.None))
        {
            // The only slot is held, so the CREATE waits inside the compile step until it is interrupted.
            creating = Task.Run(() => session.CreateProcedure("p", [], [], Encoding.UTF8.GetBytes(Procedure(""))));
            await Eventually.TrueAsync(() => _engine.Compiler.Waiting > 0 || creating.IsCompleted, TimeSpan.FromSeconds(30),
                () => "the CREATE PROCEDURE never started waiting for a compile slot");
            session.Interrupt();
            await Task.WhenAny(creating, Task.Delay(TimeSpan.FromSeconds(30)));
        }
        var error = await Assert.ThrowsAsync<TenantDbException>(() => creating);
        Assert.Equal(TenantDbErrorKind.Canceled, error.Kind);
        Assert.Contains("compiling", error.Message, StringComparison.Ordinal);
        AssertStillUsable(session);
    }

    [Fact]
    public void A_verifier_rejection_becomes_an_internal_error()
    {
        var error = ProcedureCompiler.Describe(new CodeVerificationException(0x40, "div ecx", "no zero test"), canceledByClient: false);
        Assert.Equal(TenantDbErrorKind.Internal, error.Kind);
        Assert.Contains("internal error", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Limit_errors_name_the_limit()
    {
        var error = ProcedureCompiler.Describe(new WasmLimitException("number of exports", 100_000, 100_001, 12), canceledByClient: false);
        Assert.Equal(TenantDbErrorKind.TooBig, error.Kind);
        Assert.Contains("number of exports is 100001, the limit is 100000", error.Message, StringComparison.Ordinal);
    }
}
