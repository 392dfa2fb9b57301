using TenantDb.Engine.Procedures;

namespace TenantDb.Engine;

public sealed partial class TenantDbEngine
{
    /// <summary>Compiled stored procedures shared by all sessions of this engine.</summary>
    internal ProcedureCache Procedures { get; } = new();

    private ProcedureCompiler? _compiler;

    /// <summary>Compiles procedure modules, at most <see cref="EngineOptions.MaxConcurrentCompilations"/> at once.</summary>
    internal ProcedureCompiler Compiler =>
        LazyInitializer.EnsureInitialized(ref _compiler, () => new ProcedureCompiler(_options.MaxConcurrentCompilations));

    private ProcedureLogBudget? _procedureLogBudget;

    /// <summary>Per-tenant rate limit of procedure log lines (created on first use).</summary>
    internal ProcedureLogBudget ProcedureLogBudget =>
        LazyInitializer.EnsureInitialized(ref _procedureLogBudget, () => new ProcedureLogBudget(Options.ProcedureLogLinesPerSecond));
}
