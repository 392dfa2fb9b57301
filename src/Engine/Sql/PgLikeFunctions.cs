using Microsoft.Data.Sqlite;
using TenantDb.Engine.Errors;

namespace TenantDb.Engine.Sql;

/// <summary>
/// PostgreSQL's pattern matching on every tenant connection: SQLite's LIKE is made case-sensitive, as
/// PostgreSQL's is (the wire layer adds PostgreSQL's default <c>ESCAPE '\'</c>), and
/// <c>tenantdb_ilike(value, pattern[, escape])</c> is the case-insensitive match the wire layer puts where
/// a client wrote <c>ILIKE</c>; <c>strpos(s, sub)</c>, the 1-based character position of <c>sub</c> in
/// <c>s</c> (0 when absent; EF Core sends it for <c>string.Contains</c> and <c>IndexOf</c>). Pure functions of their arguments.
/// </summary>
internal static class PgLikeFunctions
{
    /// <summary>Longest ILIKE pattern, as SQLite's LIKE pattern limit on tenant connections.</summary>
    public const int MaxPatternLength = 1000;

    /// <summary>Configures <paramref name="connection"/>.</summary>
    public static void Register(SqliteConnection connection)
    {
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "PRAGMA case_sensitive_like = ON";
            command.ExecuteNonQuery();
        }
        connection.CreateFunction("strpos", (string? value, string? part) => StrPos(value, part), isDeterministic: true);
        // position(part IN value), which the wire layer writes as tenantdb_position(part, value).
        connection.CreateFunction("tenantdb_position", (string? part, string? value) => StrPos(value, part), isDeterministic: true);
        connection.CreateFunction("tenantdb_ilike", (string? value, string? pattern) => ILike(value, pattern, "\\"), isDeterministic: true);
        connection.CreateFunction("tenantdb_ilike", (string? value, string? pattern, string? escape) => ILike(value, pattern, escape), isDeterministic: true);
    }

    private static long? StrPos(string? value, string? part)
    {
        if (value is null || part is null) return null;
        int at = value.IndexOf(part, StringComparison.Ordinal);
        if (at < 0) return 0;
        // Characters, not UTF-16 units, before the match.
        long position = 1;
        for (int i = 0; i < at; i++)
            if (!(char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))) position++;
        return position;
    }

    private static long? ILike(string? value, string? pattern, string? escape)
    {
        if (value is null || pattern is null || escape is null) return null;
        if (escape.Length > 1) throw new TenantDbException(TenantDbErrorKind.Sql, "22025", "invalid escape string");
        // The same bound SQLite's LIKE has on this connection: matching costs up to the product of the lengths.
        if (pattern.Length > MaxPatternLength) throw new TenantDbException(TenantDbErrorKind.TooBig, $"ILIKE pattern is longer than {MaxPatternLength} characters");
        return Matches(value.ToLowerInvariant(), pattern.ToLowerInvariant(), escape.Length == 1 ? escape[0] : (char?)null) ? 1 : 0;
    }

    /// <summary>
    /// LIKE matching: <c>%</c> any run of characters, <c>_</c> one character, <paramref name="escape"/>
    /// makes the next pattern character literal. Greedy with one backtrack point (the last <c>%</c>), so
    /// the work is at most the product of the two lengths.
    /// </summary>
    internal static bool Matches(string value, string pattern, char? escape)
    {
        var text = ToCodePoints(value);
        // Pattern as (code point, kind): kind 0 literal, 1 '_', 2 '%'.
        var items = new List<(int Code, byte Kind)>(pattern.Length);
        for (int i = 0; i < pattern.Length; i++)
        {
            int code = CodePointAt(pattern, i, out int width);
            if (escape is { } e && pattern[i] == e)
            {
                if (i + 1 >= pattern.Length) throw new TenantDbException(TenantDbErrorKind.Sql, "22025", "LIKE pattern must not end with escape character");
                i++;
                items.Add((CodePointAt(pattern, i, out width), 0));
            }
            else if (pattern[i] == '%') items.Add((0, 2));
            else if (pattern[i] == '_') items.Add((0, 1));
            else items.Add((code, 0));
            i += width - 1;
        }

        int t = 0, p = 0, starP = -1, starT = 0;
        while (t < text.Count)
        {
            if (p < items.Count && (items[p].Kind == 1 || (items[p].Kind == 0 && items[p].Code == text[t])))
            {
                t++;
                p++;
            }
            else if (p < items.Count && items[p].Kind == 2)
            {
                starP = p++;
                starT = t;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                t = ++starT;
            }
            else return false;
        }
        while (p < items.Count && items[p].Kind == 2) p++;
        return p == items.Count;
    }

    private static List<int> ToCodePoints(string s)
    {
        var list = new List<int>(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            list.Add(CodePointAt(s, i, out int width));
            i += width - 1;
        }
        return list;
    }

    // The code point at s[i] (a surrogate pair counts as one character, as PostgreSQL counts characters).
    private static int CodePointAt(string s, int i, out int width)
    {
        if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
        {
            width = 2;
            return char.ConvertToUtf32(s[i], s[i + 1]);
        }
        width = 1;
        return s[i];
    }
}
