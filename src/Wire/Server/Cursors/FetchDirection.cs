namespace TenantDb.Wire.Server.Cursors;

/// <summary>How a FETCH or MOVE moves: PostgreSQL reduces every form (NEXT, PRIOR, FIRST, LAST, n, ALL...) to one of these four.</summary>
internal enum FetchDirection
{
    /// <summary>The next <c>count</c> rows (<see cref="FetchMotion.All"/> for every remaining row; 0 re-fetches the current row).</summary>
    Forward,
    /// <summary>The <c>count</c> rows before the current one, nearest first.</summary>
    Backward,
    /// <summary>Row <c>count</c> (negative: counted from the end; 0: before the first row).</summary>
    Absolute,
    /// <summary>The row <c>count</c> rows after (negative: before) the current one.</summary>
    Relative,
}

/// <summary>A FETCH or MOVE direction with its count.</summary>
internal readonly record struct FetchMotion(FetchDirection Direction, long Count)
{
    /// <summary>The count of <c>ALL</c>.</summary>
    public const long All = long.MaxValue;

    /// <summary>FETCH NEXT.</summary>
    public static FetchMotion Next => new(FetchDirection.Forward, 1);
}
