using TenantDb.Engine.PgCatalog;
using TenantDb.Engine.SqlText;
using TenantDb.Wire.Types;

namespace TenantDb.Wire.Sql;

/// <summary>
/// A numeric value cast to an integer type rounds to the nearest integer, halves away from zero
/// (<c>12.5::int</c> is 13), where SQLite's <c>CAST(x AS INTEGER)</c> truncates (12). The operand of such a
/// cast (<c>x::int</c>, <c>CAST(x AS bigint)</c>) whose type is numeric becomes <c>round(x)</c>. Runs before
/// <see cref="CastRewriter"/>, so that the CAST it writes wraps the rounding.
/// </summary>
internal static class NumericRoundingCasts
{
    /// <summary>Longest operand, in tokens, whose type is read.</summary>
    private const int MaxOperandTokens = 32;

    /// <summary>Records the edits for <paramref name="statement"/>; column operands' types come through <paramref name="probe"/>.</summary>
    public static void AddEdits(ClientStatement statement, SqlEdits edits, Func<string, PgDeclaredType[]?>? probe = null)
    {
        var tokens = statement.Tokens;
        List<(int Start, int End)>? operands = null;
        for (int i = 1; i < tokens.Length; i++)
        {
            if (tokens[i].Kind == SqlTokenKind.TypeCast && IsIntegerType(statement, i + 1) && DateTimeRewriter.EndsOperand(statement, i - 1)
                && DateTimeRewriter.LeftStart(statement, i - 1) is >= 0 and var start)
                (operands ??= []).Add((start, i));
            else if (statement.IsWord(i, "CAST") && statement.IsPunctuation(i + 1, '(') && statement.Closing(i + 1) is > 0 and var close
                && statement.TopLevelAs(i + 2, close) is > 0 and var asWord && asWord > i + 2 && asWord + 2 == close && IsIntegerType(statement, asWord + 1))
                (operands ??= []).Add((i + 2, asWord));
        }
        if (operands is null) return;
        var typer = ExpressionTyper.ForOperands(statement, operands, probe);
        foreach (var (start, end) in operands)
        {
            // Typing an operand reads it again: long ones (chains of casts, deep nesting) are left as SQLite casts them,
            // so a statement's rewrite stays linear in its length.
            if (end - start > MaxOperandTokens || typer.TypeOf(start, end).TypeOid != PgTypeOid.Numeric) continue;
            edits.InsertBefore(start, "round(");
            edits.CloseAfter(end - 1, ")");
        }
    }

    private static bool IsIntegerType(ClientStatement s, int i) =>
        s.IsWord(i, "int") || s.IsWord(i, "integer") || s.IsWord(i, "int4") || s.IsWord(i, "int8") || s.IsWord(i, "bigint")
        || s.IsWord(i, "int2") || s.IsWord(i, "smallint");
}
