namespace TenantDb.ProcSandbox.Runtime;

/// <summary>
/// What all the <see cref="InstancePool"/>s sharing it may keep idle together: at most
/// <see cref="MaxInstances"/> instances and <see cref="MaxBytes"/> bytes of their committed memory
/// and contexts. A pool keeps a returned instance only when the budget has room for it, and gives
/// the room back when the instance is rented again or disposed. Thread-safe.
/// </summary>
public sealed class InstancePoolBudget
{
    private readonly Lock _lock = new();
    private long _bytes;
    private int _instances;

    /// <param name="maxInstances">Most idle instances of all pools together.</param>
    /// <param name="maxBytes">Most bytes (committed linear memory plus context) of all idle instances together.</param>
    public InstancePoolBudget(int maxInstances, long maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxInstances);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        MaxInstances = maxInstances;
        MaxBytes = maxBytes;
    }

    /// <summary>Most idle instances of all pools together.</summary>
    public int MaxInstances { get; }

    /// <summary>Most bytes of all idle instances together.</summary>
    public long MaxBytes { get; }

    /// <summary>Idle instances held now.</summary>
    public int Instances
    {
        get
        {
            lock (_lock) return _instances;
        }
    }

    /// <summary>Bytes held by idle instances now.</summary>
    public long Bytes
    {
        get
        {
            lock (_lock) return _bytes;
        }
    }

    /// <summary>Takes room for one idle instance of <paramref name="bytes"/>; false (nothing taken) when it does not fit.</summary>
    internal bool TryTake(long bytes)
    {
        lock (_lock)
        {
            if (_instances >= MaxInstances || bytes > MaxBytes - _bytes) return false;
            _instances++;
            _bytes += bytes;
            return true;
        }
    }

    /// <summary>Gives back the room <see cref="TryTake"/> took for one instance of <paramref name="bytes"/>.</summary>
    internal void Give(long bytes)
    {
        lock (_lock)
        {
            _instances--;
            _bytes -= bytes;
        }
    }
}
