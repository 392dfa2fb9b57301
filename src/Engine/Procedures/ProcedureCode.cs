// SAFETY-CRITICAL for tenant isolation: the instances kept here ran one tenant's calls. A pool belongs
// to one (tenant, module) entry of the procedure cache and is never shared with another tenant, and
// every instance it hands out again was reset to its freshly instantiated state (Instance.Reuse.cs).
using TenantDb.ProcSandbox.Runtime;
using TenantDb.ProcSandbox.Runtime.Wasi;

namespace TenantDb.Engine.Procedures;

/// <summary>
/// The code of one tenant's procedure module and the idle instances of it kept for its next calls:
/// a call rents an instance, and gives it back when it returned normally; an instance whose call
/// trapped, hit a limit or was canceled is disposed instead. Disposing the entry (the cache evicted
/// it) disposes the idle instances; rented ones are disposed when they come back.
/// </summary>
internal sealed class ProcedureCode : IDisposable
{
    public ProcedureCode(CompiledModule module, InstancePoolBudget budget)
    {
        Module = module;
        IsWasi = WasiProgram.IsCommand(module.Module);
        Pool = new InstancePool(module, IsWasi ? WasiLinker.Linker : ProcedureAbi.Linker,
            ProcedureCache.MaxIdleInstancesPerModule, ProcedureCache.MaxRetainedMemoryBytes, budget);
    }

    /// <summary>The compiled code (shared by every tenant that stored the same module bytes).</summary>
    public CompiledModule Module { get; }

    /// <summary>Whether the module is a WASI command (run through <c>_start</c> with stdin/stdout channels).</summary>
    public bool IsWasi { get; }

    /// <summary>Idle instances of this tenant's module.</summary>
    public InstancePool Pool { get; }

    /// <summary>Whether the cache dropped this entry (a handle holding it should look the code up again).</summary>
    public bool Evicted => Volatile.Read(ref _evicted);

    private bool _evicted;

    public void Dispose()
    {
        Volatile.Write(ref _evicted, true);
        Pool.Dispose();
    }
}
