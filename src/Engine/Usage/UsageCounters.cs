namespace TenantDb.Engine.Usage;

/// <summary>
/// A tenant's usage not yet written to the catalog: one counter per <see cref="UsageFigure"/>,
/// added to by every session of the tenant without a lock.
/// </summary>
internal sealed class UsageCounters
{
    /// <summary>How many figures there are.</summary>
    public const int Count = (int)UsageFigure.Errors + 1;

    private readonly long[] _pending = new long[Count];

    public void Add(UsageFigure figure, long amount)
    {
        if (amount != 0)
        {
            Interlocked.Add(ref _pending[(int)figure], amount);
        }
    }

    /// <summary>The pending amount of <paramref name="figure"/>.</summary>
    public long Pending(UsageFigure figure) => Volatile.Read(ref _pending[(int)figure]);

    /// <summary>Moves every pending amount to <paramref name="taken"/>; false when all were zero.</summary>
    public bool TakeAll(Span<long> taken)
    {
        bool any = false;
        for (int i = 0; i < Count; i++)
        {
            taken[i] = Interlocked.Exchange(ref _pending[i], 0);
            any |= taken[i] != 0;
        }

        return any;
    }

    /// <summary>Puts back amounts a failed write could not store.</summary>
    public void Return(ReadOnlySpan<long> taken)
    {
        for (int i = 0; i < Count; i++)
        {
            Add((UsageFigure)i, taken[i]);
        }
    }

    /// <summary>Totals last read from the catalog, or null before the first read.</summary>
    public long[]? Persisted { get; set; }
}
