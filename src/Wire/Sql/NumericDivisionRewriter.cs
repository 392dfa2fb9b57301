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
        var tokens = statement.Tokens;
        List<(int Left, int Operator, int Right)>? found = null;
        for (int i = 1; i < tokens.Length; i++)
        {
            if (tokens[i].Kind != SqlTokenKind.Operator || tokens[i].TextIn(statement.Text) is not "/" || !DateTimeRewriter.EndsOperand(statement, i - 1)) continue;
            int left = DateTimeRewriter.LeftStart(statement, i - 1);
            // a * b / c divides a * b: the operators of its precedence before it belong to the left operand.
            while (left >= 2 && tokens[left - 1].Kind == SqlTokenKind.Operator && tokens[left - 1].TextIn(statement.Text) is "*" or "/" or "%"
                && DateTimeRewriter.EndsOperand(statement, left - 2) && DateTimeRewriter.LeftStart(statement, left - 2) is >= 0 and var further)
                left = further;
            int right = DateTimeRewriter.RightEnd(statement, i + 1);
            if (left < 0 || right <= i + 1) continue;
            (found ??= []).Add((left, i, right));
        }
        if (found is null) return;

        var operands = new List<(int Start, int End)>();
        foreach (var (left, i, right) in found)
        {
            operands.Add((left, i));
            operands.Add((i + 1, right));
        }
        var typer = ExpressionTyper.ForOperands(statement, operands, probe);
        foreach (var (left, i, right) in found)
        {
            if (!IsFractional(typer.TypeOf(left, i).TypeOid) && !IsFractional(typer.TypeOf(i + 1, right).TypeOid)) continue;
            edits.InsertBefore(left, "CAST(");
            edits.CloseAfter(i - 1, " AS REAL)");
        }
    }

    private static bool IsFractional(uint oid) => oid is PgTypeOid.Numeric or PgTypeOid.Float4 or PgTypeOid.Float8;
}
