namespace TenantDb.Wire.Tests.Cursors;

/// <summary>One FETCH or MOVE of a model test: PostgreSQL's direction keyword, its count (null: ALL) and whether it is a MOVE.</summary>
public sealed record CursorStep(string Direction, long? Count, bool IsMove)
{
    public string Sql(string cursor) =>
        $"{(IsMove ? "MOVE" : "FETCH")} {Direction} {(Count is { } n ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : "ALL")} FROM {cursor}";

    public override string ToString() => Sql("c");
}

/// <summary>
/// The obviously-correct definition of a SCROLL cursor over rows 1..N, written from PostgreSQL's
/// documentation (and checked once against PostgreSQL 15 itself): the position is 0 before the
/// first row, k on row k, N + 1 after the last.
/// </summary>
public sealed class CursorListModel(int rowCount)
{
    public long Position { get; private set; }

    /// <summary>The rows a FETCH would return, in order; moves the position.</summary>
    public List<long> Apply(CursorStep step)
    {
        var count = step.Count ?? long.MaxValue / 2;
        switch (step.Direction)
        {
            case "FORWARD" when count > 0: return Forward(count);
            case "FORWARD" when count < 0: return Backward(-count);
            case "BACKWARD" when count > 0: return Backward(count);
            case "BACKWARD" when count < 0: return Forward(-count);
            case "FORWARD" or "BACKWARD": return Relative(0);
            case "ABSOLUTE": return Absolute(count);
            case "RELATIVE": return Relative(count);
            default: throw new ArgumentException(step.Direction);
        }
    }

    private List<long> Forward(long count)
    {
        List<long> rows = [];
        for (var k = Position + 1; k <= Math.Min(Position + count, rowCount); k++) rows.Add(k);
        Position = Position + count <= rowCount ? Position + count : rowCount + 1;
        return rows;
    }

    private List<long> Backward(long count)
    {
        List<long> rows = [];
        for (var k = Position - 1; k >= Math.Max(Position - count, 1); k--) rows.Add(k);
        Position = Position - count >= 1 ? Position - count : 0;
        return rows;
    }

    private List<long> Absolute(long n)
    {
        var target = n > 0 ? n : n < 0 ? rowCount + 1 + n : 0;
        if (n == 0 || target < 1) { Position = 0; return []; }
        if (target > rowCount) { Position = rowCount + 1; return []; }
        Position = target;
        return [target];
    }

    private List<long> Relative(long n)
    {
        var target = Position + n;
        if (target < 1) { Position = 0; return []; }
        if (target > rowCount) { Position = rowCount + 1; return []; }
        Position = target;
        return [target];
    }
}
