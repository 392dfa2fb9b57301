// SAFETY-CRITICAL: this cache decides which machine code a CALL runs. Its keys must never come from
// tenant-writable storage unverified: a forged key would run one tenant's code in another's call.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using TenantDb.Engine.Errors;
using TenantDb.ProcSandbox.Runtime;

namespace TenantDb.Engine.Procedures;

/// <summary>
/// Compiled procedure code. Compiled code holds no tenant state (every call gets a fresh instance), so
/// identical modules share one compilation, keyed by the SHA-256 the engine computes from the module
/// bytes it compiled. A tenant's stored hash is only a lookup hint inside that tenant: it maps to code
/// only after the engine loaded the tenant's own module bytes and found that they hash to it.
/// </summary>
internal sealed class ProcedureCache : IDisposable
{
    private const int MaxEntries = 1024;

    // Engine-computed hash of the module bytes -> their compilation.
    private readonly ConcurrentDictionary<string, Lazy<CompiledModule>> _modules = new(StringComparer.Ordinal);

    // (tenant, stored hash) -> compilation, added only after the stored bytes were hashed and matched.
    private readonly ConcurrentDictionary<(string Tenant, string StoredHash), CompiledModule> _verified = new();

    /// <summary>
    /// The code for the procedure whose stored hash is <paramref name="storedSha256"/> in tenant
    /// <paramref name="tenant"/>. On a miss the module is loaded, hashed and compared with the stored
    /// hash; a mismatch is <see cref="TenantDbErrorKind.Corrupt"/>.
    /// </summary>
    public CompiledModule Get(string tenant, ReadOnlySpan<byte> storedSha256, Func<byte[]> loadModule, Func<byte[], CompiledModule> compile)
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
        TrimIfFull(_verified.Count);
        _verified[key] = compiled;
        return compiled;
    }

    /// <summary>Remembers code compiled at upload for <paramref name="wasm"/> of <paramref name="tenant"/>.</summary>
    public void Add(string tenant, byte[] wasm, byte[] sha256, CompiledModule compiled)
    {
        Debug.Assert(SHA256.HashData(wasm).AsSpan().SequenceEqual(sha256), "the caller hashed these bytes");
        CompiledModule shared = GetOrCompile(sha256, () => compiled);
        TrimIfFull(_verified.Count);
        _verified[(tenant, Convert.ToHexString(sha256))] = shared;
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
        // memory once unreachable.
        _verified.Clear();
        _modules.Clear();
    }

    public void Dispose()
    {
        _verified.Clear();
        foreach (var entry in _modules.Values)
        {
            if (entry.IsValueCreated) entry.Value.Dispose();
        }
        _modules.Clear();
    }
}
