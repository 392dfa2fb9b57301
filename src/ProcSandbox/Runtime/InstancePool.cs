namespace TenantDb.ProcSandbox.Runtime;

/// <summary>
/// Instances of one compiled module linked against one linker, kept for the next call so that a
/// call costs no instantiation and allocates nothing: <see cref="Rent"/> hands out an idle instance
/// reset to its freshly instantiated state when it came back (see <c>Instance.Reuse.cs</c>) or instantiates a new one,
/// <see cref="Return"/> takes it back. Thread-safe.
/// </summary>
/// <remarks>
/// After <see cref="Return"/> the renter must not touch the instance again; to stop a call from
/// another thread use <see cref="Instance.RequestStop(long)"/> with the rental's
/// <see cref="Instance.Lease"/>, which cannot reach a later rental (the lease-less
/// <see cref="Instance.RequestStop()"/> would stop whichever call runs next). Modules with a start function or
/// imports other than functions are instantiated and disposed per call as usual.
/// </remarks>
public sealed class InstancePool : IDisposable
{
    private readonly CompiledModule _module;
    private readonly Linker? _imports;
    private readonly bool _reusable;
    private readonly Lock _lock = new();
    private readonly Instance?[] _idle;
    private int _count;
    private bool _disposed;

    /// <param name="module">The compiled module (the pool does not own it).</param>
    /// <param name="imports">What its imports resolve to, the same for every instance.</param>
    /// <param name="capacity">Most idle instances kept; more returned are disposed.</param>
    public InstancePool(CompiledModule module, Linker? imports, int capacity = 8)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _module = module;
        _imports = imports;
        _reusable = Instance.IsReusable(module);
        _idle = new Instance?[capacity];
    }

    /// <summary>Idle instances held now.</summary>
    public int IdleCount
    {
        get
        {
            lock (_lock) return _count;
        }
    }

    /// <summary>An instance in the state a fresh instantiation with these limits and state would have.</summary>
    public Instance Rent(InstanceLimits? limits = null, object? state = null)
    {
        limits ??= new InstanceLimits();
        if (TryTakeIdle() is { } idle)
        {
            idle.Prepare(limits, state);
            return idle;
        }
        return Instance.Instantiate(_module, _imports, limits, state);
    }

    /// <summary>
    /// Takes <paramref name="instance"/> back (from <see cref="Rent"/>): it is reset at once, so no
    /// data of the call that ended stays in it, and kept for reuse, or disposed.
    /// </summary>
    public void Return(Instance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (instance.Compiled != _module) throw new ArgumentException("the instance is not of this pool's module", nameof(instance));
        if (_reusable && instance.TryReset())
        {
            lock (_lock)
            {
                if (!_disposed && _count < _idle.Length)
                {
                    _idle[_count++] = instance;
                    return;
                }
            }
        }
        instance.Dispose();
    }

    private Instance? TryTakeIdle()
    {
        lock (_lock)
        {
            if (_count == 0) return null;
            var instance = _idle[--_count];
            _idle[_count] = null;
            return instance;
        }
    }

    /// <summary>Disposes the idle instances; instances still rented are disposed when returned.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
        }
        while (TryTakeIdle() is { } idle) idle.Dispose();
    }
}
