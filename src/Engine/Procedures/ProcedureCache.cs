using System.Collections.Concurrent;
using TenantDb.ProcSandbox.Runtime;

namespace TenantDb.Engine.Procedures;

/// <summary>
/// Compiled procedure code, keyed by the SHA-256 of the module bytes: compiled code holds no
/// tenant state (every call gets a fresh instance), so identical modules share one compilation,
/// and a replaced procedure simply gets a new key. Filled at upload and lazily after a restart.
/// </summary>
internal sealed class ProcedureCache : IDisposable
{
    private const int MaxEntries = 1024;

    private readonly ConcurrentDictionary<string, Lazy<CompiledModule>> _modules = new(StringComparer.Ordinal);

    public CompiledModule GetOrCompile(byte[] sha256, Func<CompiledModule> compile)
    {
        string key = Convert.ToHexString(sha256);
        if (_modules.TryGetValue(key, out var existing)) return existing.Value;
        if (_modules.Count >= MaxEntries)
        {
            // Crude but bounded: drop everything; entries recompile on their next call. Compiled
            // modules are not disposed here because a call may still be running them; their
            // finalizers free the code memory once unreachable.
            _modules.Clear();
        }
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

    public void Dispose()
    {
        foreach (var entry in _modules.Values)
        {
            if (entry.IsValueCreated) entry.Value.Dispose();
        }
        _modules.Clear();
    }
}
