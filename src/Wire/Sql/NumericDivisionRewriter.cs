using TenantDb.Engine.PgCatalog;
using TenantDb.Engine.SqlText;
using TenantDb.Wire.Types;

namespace TenantDb.Wire.Sql;

/// <summary>
/// Division with a numeric or floating-point operand: a numeric column keeps a whole value as an integer
/// (SQLite's NUMERIC affinity), and SQLite divides two integers as integers, so <c>price / 3</c> with a
/// price of <c>7.00</c> would be 2 where PostgreSQL answers 2.3333. The left operand becomes
/// <c>CAST(x AS REAL)</c>, which makes the division fractional (in double precision, as numeric arithmetic
/// is here). Division of integers by integers stays integer division, as in PostgreSQL.
/// </summary>
internal static class NumericDivisionRewriter
{
    /// <summary>Records the edits for <paramref name="statement"/>; column operands' types come through <paramref name="probe"/>.</summary>
    public static void AddEdits(ClientStatement statement, SqlEdits edits, Func<string, PgDeclaredType[]?>? probe = null)
    {
        var found = BinaryOperands.Find(statement, static op => op is "/", static op => op is "*" or "/" or "%");
        if (found is null) return;
        var typer = BinaryOperands.Typer(statement, found, probe);
        foreach (var (left, i, right) in found)
        {
            if (!IsFractional(typer.TypeOf(left, i).TypeOid) && !IsFractional(typer.TypeOf(i + 1, right).TypeOid)) continue;
            edits.InsertBefore(left, "CAST(");
            edits.CloseAfter(i - 1, " AS REAL)");
        }
    }

    private static bool IsFractional(uint oid) => oid is PgTypeOid.Numeric or PgTypeOid.Float4 or PgTypeOid.Float8;
}
