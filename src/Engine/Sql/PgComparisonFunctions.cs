using System.Globalization;
using Microsoft.Data.Sqlite;

namespace TenantDb.Engine.Sql;

/// <summary>
/// <c>greatest</c> and <c>least</c> as PostgreSQL has them: NULL arguments are skipped (SQLite's many-argument
/// <c>max</c>/<c>min</c> return NULL as soon as one is NULL), the result is NULL only when every argument is.
/// Numbers compare by value (integers and reals alike, and text that reads as a number against a number); text by
/// code point, as the C collation does.
/// </summary>
internal static class PgComparisonFunctions
{
    /// <summary>Registers the functions on <paramref name="connection"/>.</summary>
    public static void Register(SqliteConnection connection)
    {
        connection.CreateFunction("greatest", (object?[] items) => Pick(items, sign: 1), isDeterministic: true);
        connection.CreateFunction("least", (object?[] items) => Pick(items, sign: -1), isDeterministic: true);
    }

    private static object? Pick(object?[] items, int sign)
    {
        object? best = null;
        foreach (var item in items)
        {
            if (item is null or DBNull) continue;
            if (best is null || sign * Compare(item, best) > 0) best = item;
        }
        return best;
    }

    private static int Compare(object a, object b)
    {
        if (a is long la && b is long lb) return la.CompareTo(lb);
        if (Number(a) is double da && Number(b) is double db) return da.CompareTo(db);
        return string.CompareOrdinal(Convert.ToString(a, CultureInfo.InvariantCulture), Convert.ToString(b, CultureInfo.InvariantCulture));
    }

    private static double? Number(object value) => value switch
    {
        long l => l,
        double d => d,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };
}
