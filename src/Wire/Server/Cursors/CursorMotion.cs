using TenantDb.Wire.Protocol;

namespace TenantDb.Wire.Server.Cursors;

/// <summary>
/// PostgreSQL's cursor positioning (its DoPortalRunFetch), over rows read lazily. The position is 0
/// before the first row, k on row k, and N + 1 after the last of N rows. A cursor that is not SCROLL
/// can only move forward: any motion that needs an earlier row fails with 55000 before it moves.
/// </summary>
internal static class CursorMotion
{
    /// <summary>
    /// Moves <paramref name="position"/> by <paramref name="motion"/>, calling <paramref name="emit"/> with
    /// each row a FETCH returns, in order; returns how many rows a FETCH returns (a MOVE's count).
    /// </summary>
    public static long Run(ICursorRows rows, ref long position, FetchMotion motion, bool scroll, bool isMove, Action<long> emit)
    {
        var count = motion.Count;
        switch (motion.Direction)
        {
            case FetchDirection.Forward when count < 0:
                return Backward(rows, ref position, -count, scroll, isMove, emit);
            case FetchDirection.Forward:
                return Forward(rows, ref position, count, scroll, isMove, emit);
            case FetchDirection.Backward when count < 0:
                return Forward(rows, ref position, -count, scroll, isMove, emit);
            case FetchDirection.Backward:
                return Backward(rows, ref position, count, scroll, isMove, emit);
            case FetchDirection.Absolute when count > 0:
                if (!scroll && count <= position) throw NotScrollable();
                return Land(rows, ref position, count, emit);
            case FetchDirection.Absolute when count < 0:
            {
                if (!scroll) throw NotScrollable();
                var target = rows.Count() + 1 + count;
                if (target >= 1) return Land(rows, ref position, target, emit);
                position = 0;
                return 0;
            }
            case FetchDirection.Absolute:
                if (!scroll && position != 0) throw NotScrollable();
                position = 0;
                return 0;
            case FetchDirection.Relative when count > 0:
                return Land(rows, ref position, Math.Min(position, long.MaxValue - count) + count, emit);
            case FetchDirection.Relative when count < 0:
            {
                if (!scroll) throw NotScrollable();
                var target = position + count;
                if (target >= 1) return Land(rows, ref position, target, emit);
                position = 0;
                return 0;
            }
            default:
                return Refetch(rows, position, scroll, isMove, emit);
        }
    }

    // Onto row `target` if it exists (returning it), else after the last row.
    private static long Land(ICursorRows rows, ref long position, long target, Action<long> emit)
    {
        if (rows.Exists(target))
        {
            position = target;
            emit(target);
            return 1;
        }
        position = rows.Count() + 1;
        return 0;
    }

    private static long Forward(ICursorRows rows, ref long position, long count, bool scroll, bool isMove, Action<long> emit)
    {
        if (count == 0) return Refetch(rows, position, scroll, isMove, emit);
        long sent = 0;
        while (sent < count)
        {
            var next = position + 1;
            if (!rows.Exists(next))
            {
                position = rows.Count() + 1;
                break;
            }
            position = next;
            emit(next);
            sent++;
        }
        return sent;
    }

    private static long Backward(ICursorRows rows, ref long position, long count, bool scroll, bool isMove, Action<long> emit)
    {
        if (count == 0) return Refetch(rows, position, scroll, isMove, emit);
        if (!scroll) throw NotScrollable();
        long sent = 0;
        while (sent < count)
        {
            var previous = position - 1;
            if (previous < 1)
            {
                position = 0;
                break;
            }
            position = previous;
            emit(previous);
            sent++;
        }
        return sent;
    }

    // FETCH 0 / RELATIVE 0: the current row again, if the cursor is on one. MOVE 0 only says whether it is.
    private static long Refetch(ICursorRows rows, long position, bool scroll, bool isMove, Action<long> emit)
    {
        var onRow = position >= 1 && rows.Exists(position);
        if (isMove || !onRow) return onRow ? 1 : 0;
        if (!scroll) throw NotScrollable();
        emit(position);
        return 1;
    }

    private static PgStatementException NotScrollable() =>
        new(SqlState.ObjectNotInPrerequisiteState, "cursor can only scan forward (declare it with SCROLL to fetch backward)");
}
