namespace TenantDb.Wire.Sql;

/// <summary>
/// The output lists that feed one query's columns: each SELECT of a UNION, INTERSECT or EXCEPT chain
/// (<c>SELECT 1 UNION ALL (SELECT 2.5)</c>), or each row of a VALUES list. Ranges are token indexes, end exclusive.
/// </summary>
internal static class QueryBranches
{
    /// <summary>One branch: its output items, and for a SELECT its shape (whose FROM clause its column names resolve in).</summary>
    internal readonly record struct Branch(List<(int Start, int End)> Items, StatementShape? Select);

    /// <summary>
    /// The branches of the query whose first keyword (SELECT or VALUES) is token <paramref name="query"/>, first
    /// branch first; null when a branch cannot be read (its columns are then not typed from the text).
    /// </summary>
    public static List<Branch>? Read(ClientStatement s, int query)
    {
        if (s.IsWord(query, "VALUES")) return ReadValues(s, query + 1);
        var branches = new List<Branch>();
        int select = query, scanFrom = query + 1;
        while (true)
        {
            if (!s.IsWord(select, "SELECT")) return null;
            var shape = StatementShape.ReadSelectAt(s, select);
            if (shape.Items.Count == 0 || branches.Count > 0 && shape.Items.Count != branches[0].Items.Count) return null;
            branches.Add(new Branch(shape.Items, shape));
            int next = NextBranch(s, scanFrom);
            if (next == Unreadable) return null;
            if (next < 0) return branches;
            if (!s.IsPunctuation(next, '('))
            {
                select = scanFrom = next;
                continue;
            }
            // A parenthesized branch: a compound of its own inside is not followed.
            int close = s.Closing(next);
            if (close < 0 || NextBranch(s, next + 2) != -1) return null;
            select = next + 1;
            scanFrom = close + 1;
        }
    }

    /// <summary>True when the query at token <paramref name="query"/> is a compound (has a UNION, INTERSECT or EXCEPT at its own level).</summary>
    public static bool IsCompound(ClientStatement s, int query) => s.IsWord(query, "SELECT") && NextBranch(s, query + 1) != -1;

    // NextBranch's answer for a branch that is neither a SELECT nor a parenthesized one (VALUES, TABLE t).
    private const int Unreadable = -2;

    // The first token of the branch after the one that token from is in (a SELECT, or the '(' of a parenthesized
    // branch), -1 at the end of the query (the statement's end or the parenthesis closing the query), or Unreadable.
    private static int NextBranch(ClientStatement s, int from)
    {
        int depth = 0;
        for (int i = from; i < s.Tokens.Length; i++)
        {
            if (s.IsPunctuation(i, '(')) depth++;
            else if (s.IsPunctuation(i, ')') && --depth < 0) return -1;
            else if (depth == 0 && (s.IsWord(i, "UNION") || s.IsWord(i, "INTERSECT") || s.IsWord(i, "EXCEPT")))
            {
                int next = s.IsWord(i + 1, "ALL") || s.IsWord(i + 1, "DISTINCT") ? i + 2 : i + 1;
                return s.IsWord(next, "SELECT") || s.IsPunctuation(next, '(') && s.IsWord(next + 1, "SELECT") ? next : Unreadable;
            }
        }
        return -1;
    }

    // VALUES (a, b), (c, d): each row is a branch.
    private static List<Branch>? ReadValues(ClientStatement s, int i)
    {
        var rows = new List<Branch>();
        while (s.IsPunctuation(i, '('))
        {
            int close = s.Closing(i);
            if (close < 0) return null;
            var items = new List<(int Start, int End)>();
            int depth = 0, start = i + 1;
            for (int k = i + 1; k <= close; k++)
            {
                if (k < close && (s.IsPunctuation(k, '(') || s.IsPunctuation(k, '['))) depth++;
                else if (k < close && (s.IsPunctuation(k, ')') || s.IsPunctuation(k, ']'))) depth--;
                else if (k == close || depth == 0 && s.IsPunctuation(k, ','))
                {
                    if (k == start) return null;
                    items.Add((start, k));
                    start = k + 1;
                }
            }
            if (rows.Count > 0 && items.Count != rows[0].Items.Count) return null;
            rows.Add(new Branch(items, null));
            if (!s.IsPunctuation(close + 1, ',')) break;
            i = close + 2;
        }
        return rows.Count > 0 ? rows : null;
    }
}
