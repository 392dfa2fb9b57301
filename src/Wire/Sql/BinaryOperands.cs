using TenantDb.Engine.PgCatalog;
using TenantDb.Engine.SqlText;

namespace TenantDb.Wire.Sql;

/// <summary>
/// The operands of a binary operator in a statement's tokens, for the rewrites that turn an operator into a
/// function call or wrap an operand: the left operand takes in the operators of the same precedence before it
/// (operators are left-associative: <c>a * b / c</c> divides <c>a * b</c>), the right one is a single primary.
/// </summary>
internal static class BinaryOperands
{
    /// <summary>Longest operand, in tokens, a rewrite looks at.</summary>
    private const int MaxOperandTokens = 32;

    /// <summary>Whether an operator token's text is one a rewrite is after.</summary>
    public delegate bool OperatorTest(ReadOnlySpan<char> op);

    /// <summary>
    /// Each operator token whose text <paramref name="isOperator"/> accepts, with its operands' bounds (left start,
    /// operator, right end); <paramref name="chains"/> accepts the operators the left operand takes in. Null for none.
    /// </summary>
    public static List<(int Left, int Operator, int Right)>? Find(ClientStatement statement, OperatorTest isOperator, OperatorTest chains)
    {
        var tokens = statement.Tokens;
        List<(int Left, int Operator, int Right)>? found = null;
        for (int i = 1; i < tokens.Length; i++)
        {
            if (tokens[i].Kind != SqlTokenKind.Operator || !isOperator(tokens[i].TextIn(statement.Text)) || !DateTimeRewriter.EndsOperand(statement, i - 1)) continue;
            int left = DateTimeRewriter.LeftStart(statement, i - 1);
            while (left >= 2 && tokens[left - 1].Kind == SqlTokenKind.Operator && chains(tokens[left - 1].TextIn(statement.Text))
                && DateTimeRewriter.EndsOperand(statement, left - 2) && DateTimeRewriter.LeftStart(statement, left - 2) is >= 0 and var further)
                left = further;
            int right = DateTimeRewriter.RightEnd(statement, i + 1);
            // Typing an operand reads it again: long ones are left alone, so a statement's rewrite stays linear.
            if (left < 0 || right <= i + 1 || i - left > MaxOperandTokens || right - i > MaxOperandTokens) continue;
            (found ??= []).Add((left, i, right));
        }
        return found;
    }

    /// <summary>A typer for the operands of <paramref name="found"/>, their column references looked up through <paramref name="probe"/>.</summary>
    public static ExpressionTyper Typer(ClientStatement statement, List<(int Left, int Operator, int Right)> found, Func<string, PgDeclaredType[]?>? probe)
    {
        var operands = new List<(int Start, int End)>(found.Count * 2);
        foreach (var (left, i, right) in found)
        {
            operands.Add((left, i));
            operands.Add((i + 1, right));
        }
        return ExpressionTyper.ForOperands(statement, operands, probe);
    }
}
