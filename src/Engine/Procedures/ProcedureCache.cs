// SAFETY-CRITICAL: this cache decides which machine code a CALL runs. Its keys must never come from
// tenant-writable storage unverified: a forged key would run one tenant's code in another's call.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using TenantDb.Engine.Errors;
using TenantDb.ProcSandbox.Runtime;

namespace TenantDb.Engine.Procedures;

/// <summary>
/// Compiled procedure code and idle instances of it. Compiled code holds no tenant state, so
/// identical modules share one compilation, keyed by the SHA-256 the engine computes from the module
/// bytes it compiled. A tenant's stored hash is only a lookup hint inside that tenant: it maps to code
/// only after the engine loaded the tenant's own module bytes and found that they hash to it.
/// Instances do hold what a call left until they are reset, so each (tenant, module) entry has its
/// own pool of them (<see cref="ProcedureCode"/>): an instance never moves between tenants, even
/// when two tenants stored the same module.
/// </summary>
internal sealed class ProcedureCache : IDisposable
{
    private const int MaxEntries = 1024;

    /// <summary>Idle instances kept per (tenant, module): enough for that many sessions calling it at once.</summary>
    public const int MaxIdleInstancesPerModule = 4;

    /// <summary>An instance whose linear memory grew past this is disposed after its call instead of being zeroed and kept.</summary>
    public const long MaxRetainedMemoryBytes = 4L << 20;

    /// <summary>Idle instances kept by all entries together.</summary>
    public const int MaxIdleInstances = 256;

    /// <summary>Committed linear memory and contexts of all idle instances together, in bytes.</summary>
    public const long MaxIdleBytes = 64L << 20;

    private readonly InstancePoolBudget _idleBudget = new(MaxIdleInstances, MaxIdleBytes);

    // Engine-computed hash of the module bytes -> their compilation.
    private readonly ConcurrentDictionary<string, Lazy<CompiledModule>> _modules = new(StringComparer.Ordinal);

    // (tenant, stored hash) -> compilation and its instances, added only after the stored bytes were hashed and matched.
    private readonly ConcurrentDictionary<(string Tenant, string StoredHash), ProcedureCode> _verified = new();

    /// <summary>What the idle instances of every entry hold together.</summary>
    public InstancePoolBudget IdleInstances => _idleBudget;

    /// <summary>
    /// The code for the procedure whose stored hash is <paramref name="storedSha256"/> in tenant
    /// <paramref name="tenant"/>. On a miss the module is loaded, hashed and compared with the stored
    /// hash; a mismatch is <see cref="TenantDbErrorKind.Corrupt"/>.
    /// </summary>
    public ProcedureCode Get(string tenant, ReadOnlySpan<byte> storedSha256, Func<byte[]> loadModule, Func<byte[], CompiledModule> compile)
    {
        var key = (tenant, Convert.ToHexString(storedSha256));
        if (_verified.TryGetValue(key, out var known))
        {
            Usage.EngineMetrics.CodeCacheHit();
            return known;
        }

        byte[] wasm = loadModule();
        byte[] computed = SHA256.HashData(wasm);
        if (!computed.AsSpan().SequenceEqual(storedSha256))
        {
            throw new TenantDbException(TenantDbErrorKind.Corrupt,
                "stored procedure is corrupt: its module does not match its recorded hash; recreate it with CREATE OR REPLACE PROCEDURE");
        }

        bool compiledNow = false;
        CompiledModule compiled = GetOrCompile(computed, () =>
        {
            compiledNow = true;
            return compile(wasm);
        });
        if (compiledNow) Usage.EngineMetrics.CodeCacheMiss();
        else Usage.EngineMetrics.CodeCacheHit();
        return Remember(key, compiled);
    }

    /// <summary>Remembers code compiled at upload for <paramref name="wasm"/> of <paramref name="tenant"/>.</summary>
    public void Add(string tenant, byte[] wasm, byte[] sha256, CompiledModule compiled)
    {
        Debug.Assert(SHA256.HashData(wasm).AsSpan().SequenceEqual(sha256), "the caller hashed these bytes");
        CompiledModule shared = GetOrCompile(sha256, () => compiled);
        Remember((tenant, Convert.ToHexString(sha256)), shared);
    }

    // The entry of a verified (tenant, stored hash): the one already there if it runs the same code.
    private ProcedureCode Remember((string Tenant, string StoredHash) key, CompiledModule compiled)
    {
        if (_verified.TryGetValue(key, out var existing) && existing.Module == compiled) return existing;
        TrimIfFull(_verified.Count);
        var entry = new ProcedureCode(compiled, _idleBudget);
        ProcedureCode? replaced = null;
        var stored = _verified.AddOrUpdate(key, entry, (_, old) =>
        {
            replaced = old.Module == compiled ? null : old;
            return old.Module == compiled ? old : entry;
        });
        if (stored != entry) entry.Dispose();
        // Same key, other code: the modules cache was trimmed and this compiled again. Its instances go.
        replaced?.Dispose();
        return stored;
    }

    private CompiledModule GetOrCompile(byte[] computedSha256, Func<CompiledModule> compile)
    {
        string key = Convert.ToHexString(computedSha256);
        if (_modules.TryGetValue(key, out var existing)) return existing.Value;
        TrimIfFull(_modules.Count);
        var lazy = _modules.GetOrAdd(key, _ => new Lazy<CompiledModule>(compile, LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value;
        }
        catch
        {
            _modules.TryRemove(new KeyValuePair<string, Lazy<CompiledModule>>(key, lazy));
            throw;
        }
    }

    private void TrimIfFull(int count)
    {
        if (count < MaxEntries) return;

        // Crude but bounded: drop everything; entries recompile on their next call. Compiled modules are
        // not disposed here because a call may still be running them; their finalizers free the code
        // memory once unreachable. The idle instances go now; rented ones when their calls end.
        DisposeEntries();
        _modules.Clear();
    }

    private void DisposeEntries()
    {
        foreach (var key in _verified.Keys)
        {
            if (_verified.TryRemove(key, out var entry)) entry.Dispose();
        }
    }

    public void Dispose()
    {
        DisposeEntries();
        foreach (var entry in _modules.Values)
        {
            if (entry.IsValueCreated) entry.Value.Dispose();
        }
        _modules.Clear();
    }
}
