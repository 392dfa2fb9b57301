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
    private readonly long _maxRetainedMemoryBytes;
    private readonly InstancePoolBudget? _budget;
    private readonly Lock _lock = new();
    private readonly Idle[] _idle;
    private int _count;
    private bool _disposed;

    /// <param name="module">The compiled module (the pool does not own it).</param>
    /// <param name="imports">What its imports resolve to, the same for every instance.</param>
    /// <param name="capacity">Most idle instances kept; more returned are disposed.</param>
    /// <param name="maxRetainedMemoryBytes">
    /// An instance whose linear memory grew past this many bytes is disposed when returned instead
    /// of being zeroed and kept, so a pool never pins more than this per instance.
    /// </param>
    /// <param name="budget">Shared bound on what this and other pools keep idle together; none when null.</param>
    public InstancePool(CompiledModule module, Linker? imports, int capacity = 8, long maxRetainedMemoryBytes = long.MaxValue, InstancePoolBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        ArgumentOutOfRangeException.ThrowIfNegative(maxRetainedMemoryBytes);
        _module = module;
        _imports = imports;
        _reusable = Instance.IsReusable(module);
        _maxRetainedMemoryBytes = maxRetainedMemoryBytes;
        _budget = budget;
        _idle = new Idle[capacity];
    }

    /// <summary>The module whose instances this pool hands out.</summary>
    public CompiledModule Module => _module;

    /// <summary>Idle instances held now.</summary>
    public int IdleCount
    {
        get
        {
            lock (_lock) return _count;
        }
    }

    /// <summary>
    /// An instance in the state a fresh instantiation with these limits and state would have. Stop
    /// it (from any thread) only through <see cref="Instance.RequestStop(long)"/> with the
    /// <see cref="Instance.Lease"/> read right after this returns.
    /// </summary>
    public Instance Rent(InstanceLimits? limits = null, object? state = null)
    {
        limits ??= new InstanceLimits();
        while (TryTakeIdle() is { } idle)
        {
            if (idle.FitsLimits(limits))
            {
                idle.Prepare(limits, state);
                return idle;
            }
            // Made under another memory limit: its reservation would not match a fresh instance's.
            idle.Dispose();
        }
        return Instance.Instantiate(_module, _imports, limits, state);
    }

    /// <summary>
    /// Takes <paramref name="instance"/> back (from <see cref="Rent"/>): it is reset at once, so no
    /// data of the call that ended stays in it, and kept for reuse, or disposed: when a call of it
    /// trapped or was stopped, its memory grew past the pool's bound, or the pool or its budget is full.
    /// </summary>
    public void Return(Instance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (instance.Compiled != _module) throw new ArgumentException("the instance is not of this pool's module", nameof(instance));
        if (_reusable && instance.MemoryBytes <= _maxRetainedMemoryBytes && instance.TryReset())
        {
            long bytes = instance.RetainedBytes;
            lock (_lock)
            {
                if (!_disposed && _count < _idle.Length && (_budget is null || _budget.TryTake(bytes)))
                {
                    _idle[_count++] = new Idle(instance, bytes);
                    return;
                }
            }
        }
        instance.Dispose();
    }

    private Instance? TryTakeIdle()
    {
        Idle taken;
        lock (_lock)
        {
            if (_count == 0) return null;
            taken = _idle[--_count];
            _idle[_count] = default;
        }
        _budget?.Give(taken.Bytes);
        return taken.Instance;
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

    /// <summary>An idle instance and the bytes it holds against the budget.</summary>
    private readonly record struct Idle(Instance Instance, long Bytes);
}
