using TenantDb.Engine.Procedures;
using TenantDb.Engine.Tenants;

namespace TenantDb.Engine;

public sealed partial class TenantDbEngine
{
    /// <summary>Compiled stored procedures shared by all sessions of this engine.</summary>
    internal ProcedureCache Procedures { get; } = new();

    private ProcedureCompiler? _compiler;

    /// <summary>Compiles procedure modules, at most <see cref="EngineOptions.MaxConcurrentCompilations"/> at once.</summary>
    internal ProcedureCompiler Compiler =>
        LazyInitializer.EnsureInitialized(ref _compiler, () => new ProcedureCompiler(_options.MaxConcurrentCompilations));

    // One handle cache per tenant store: a tenant dropped and created again gets a new store, and so
    // never sees the handles of its predecessor.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<TenantStore, ProcedureHandleCache> _procedureHandles = new();

    /// <summary>The resolved procedures of the tenant kept in <paramref name="store"/>.</summary>
    internal ProcedureHandleCache ProcedureHandlesOf(TenantStore store) => _procedureHandles.GetValue(store, static _ => new ProcedureHandleCache());

    private long _procedureSignatureLoads;

    /// <summary>How many times a procedure's signature was read from a tenant's catalog (a diagnostic: cached resolutions do not count).</summary>
    internal long ProcedureSignatureLoads => Interlocked.Read(ref _procedureSignatureLoads);

    internal void CountProcedureSignatureLoad() => Interlocked.Increment(ref _procedureSignatureLoads);

    private ProcedureLogBudget? _procedureLogBudget;

    /// <summary>Per-tenant rate limit of procedure log lines (created on first use).</summary>
    internal ProcedureLogBudget ProcedureLogBudget =>
        LazyInitializer.EnsureInitialized(ref _procedureLogBudget, () => new ProcedureLogBudget(Options.ProcedureLogLinesPerSecond));
}
