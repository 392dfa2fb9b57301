using TenantDb.Engine.SqlText;

namespace TenantDb.Wire.Sql;

/// <summary>
/// Gives <c>LIKE</c> and <c>ILIKE</c> PostgreSQL's meaning. PostgreSQL's LIKE escapes with a backslash
/// unless told otherwise; SQLite's has no escape character, so <c>a LIKE p</c> becomes
/// <c>a LIKE p ESCAPE '\'</c> (EF Core and other clients escape <c>%</c> and <c>_</c> in values that way).
/// Case-sensitivity comes from the engine, which runs SQLite's LIKE case-sensitively.
/// <c>a [NOT] ILIKE p [ESCAPE e]</c> becomes <c>[NOT] tenantdb_ilike(a, p[, e])</c>, the engine's
/// case-insensitive match. Operands are found on the tokens as the date/time rewrite finds them, extended
/// over the operators that bind tighter than LIKE (<c>||</c> and arithmetic); an ILIKE whose operands
/// cannot be told is left alone and fails in SQLite as a syntax error, never with another meaning.
/// </summary>
internal static class LikeRewriter
{
    /// <summary>Records the edits for <paramref name="statement"/>.</summary>
    public static void AddEdits(ClientStatement statement, SqlEdits edits)
    {
        var tokens = statement.Tokens;
        for (int i = 1; i < tokens.Length; i++)
        {
            if (tokens[i].Kind != SqlTokenKind.Word) continue;
            bool like = statement.IsWord(i, "LIKE"), ilike = !like && statement.IsWord(i, "ILIKE");
            if (!like && !ilike) continue;
            // CREATE TABLE t (LIKE other): not an operator.
            if (statement.IsPunctuation(i - 1, '(') || statement.IsPunctuation(i - 1, ',')) continue;
            if (statement.IsWord(i + 1, "ANY") || statement.IsWord(i + 1, "ALL") || statement.IsWord(i + 1, "SOME")) continue;
            int patternEnd = OperandEnd(statement, i + 1);
            if (patternEnd < 0) continue;
            bool hasEscape = statement.IsWord(patternEnd, "ESCAPE");
            int escapeEnd = hasEscape ? OperandEnd(statement, patternEnd + 1) : -1;
            if (hasEscape && escapeEnd < 0) continue;
            if (like)
            {
                if (!hasEscape) edits.CloseAfter(patternEnd - 1, " ESCAPE '\\'");
                i = patternEnd - 1;
                continue;
            }

            bool negated = statement.IsWord(i - 1, "NOT");
            int leftEnd = negated ? i - 2 : i - 1;
            int left = leftEnd >= 0 ? OperandStart(statement, leftEnd) : -1;
            if (left < 0) continue;
            edits.InsertBefore(left, negated ? "NOT tenantdb_ilike(" : "tenantdb_ilike(");
            edits.Replace(negated ? i - 1 : i, i + 1, ",");
            if (hasEscape)
            {
                edits.Replace(patternEnd, patternEnd + 1, ",");
                edits.CloseAfter(escapeEnd - 1, ")");
                i = escapeEnd - 1;
            }
            else
            {
                edits.CloseAfter(patternEnd - 1, ")");
                i = patternEnd - 1;
            }
        }
    }

    // Operators that bind tighter than LIKE, so they belong to its operands.
    private static bool IsTighterOperator(ClientStatement s, int k) =>
        k >= 0 && k < s.Tokens.Length && s.Tokens[k].Kind == SqlTokenKind.Operator && s.Tokens[k].TextIn(s.Text) is "||" or "+" or "-" or "*" or "/" or "%";

    // The end (exclusive) of the operand that starts at token k; -1 when it cannot be told.
    private static int OperandEnd(ClientStatement s, int k)
    {
        int end = DateTimeRewriter.RightEnd(s, k);
        for (int guard = 0; end > 0 && IsTighterOperator(s, end) && guard < 64; guard++)
            end = DateTimeRewriter.RightEnd(s, end + 1);
        return end;
    }

    // The first token of the operand that ends at token j; -1 when it cannot be told.
    private static int OperandStart(ClientStatement s, int j)
    {
        if (!DateTimeRewriter.EndsOperand(s, j)) return -1;
        int start = DateTimeRewriter.LeftStart(s, j);
        for (int guard = 0; start > 1 && IsTighterOperator(s, start - 1) && guard < 64; guard++)
        {
            if (!DateTimeRewriter.EndsOperand(s, start - 2)) return -1; // a unary sign: not an operand we can bound
            start = DateTimeRewriter.LeftStart(s, start - 2);
        }
        return start;
    }
}
