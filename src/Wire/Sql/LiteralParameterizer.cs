using System.Globalization;
using TenantDb.Engine;
using TenantDb.Engine.SqlText;
using TenantDb.Engine.Values;

namespace TenantDb.Wire.Sql;

/// <summary>
/// Turns the literals of a simple-protocol DML statement into parameters so repeated statements that
/// differ only in their values (what pgbench -M simple and string-building clients send) reuse one
/// prepared SQLite statement: <c>UPDATE t SET v = v + 5 WHERE id = 7</c> becomes
/// <c>UPDATE t SET v = v + ?1 WHERE id = ?2</c> with values (5, 7).
/// <para>
/// Only literals whose meaning cannot change are replaced: numbers and string constants that are
/// the operand of a comparison or arithmetic operator, or items of a VALUES/IN list, inside WHERE,
/// SET, VALUES, ON or HAVING. Never in the top-level select list or RETURNING list (SQLite names
/// unaliased result columns after their text), never after ORDER BY/GROUP BY (integers there are
/// column positions), never in LIMIT, never a literal with a <c>::</c> cast, never blob (x'..')
/// literals. Statements that are not SELECT/INSERT/UPDATE/DELETE, or that use parameters of their
/// own, are left alone.
/// </para>
/// </summary>
internal static class LiteralParameterizer
{
    private enum Region { None, Values, Predicate }

    /// <summary>
    /// Records the edits that replace <paramref name="statement"/>'s literals by <c>?n</c> and returns
    /// their values in order; empty (and no edit) when the statement is not eligible or has none.
    /// </summary>
    public static SqlValue[] AddEdits(ClientStatement statement, SqlEdits edits)
    {
        var first = statement.WordAt(0);
        if (!(Is(first, "SELECT") || Is(first, "UPDATE") || Is(first, "DELETE") || Is(first, "INSERT"))) return [];

        var tokens = statement.Tokens;
        var text = statement.Text;
        List<(int Token, SqlValue Value)>? found = null;
        var region = Region.None;
        var topSelectList = false;
        var frozen = false;                 // after top-level ORDER BY / GROUP BY / LIMIT / RETURNING
        var depth = 0;
        var stack = new Stack<(Region Region, bool List)>();
        var inList = false;                 // inside the parentheses of VALUES (...) or IN (...)
        var previous = "";                  // previous significant token (operators as text, words upper-case)
        for (var i = 0; i < tokens.Length; i++)
        {
            var token = tokens[i];
            // A literal an earlier pass rewrote (a catalog boolean 'f' → 0) keeps that rewrite.
            var eligible = !frozen && !topSelectList && region != Region.None && !edits.IsReplaced(i)
                && (IsOperator(previous) || (inList && previous is "(" or ","))
                && !(i + 1 < tokens.Length && tokens[i + 1].Kind == SqlTokenKind.TypeCast);
            switch (token.Kind)
            {
                case SqlTokenKind.String or SqlTokenKind.EscapeString or SqlTokenKind.DollarString:
                    if (eligible && SqlStringConstant.TryGetValue(text, token, out var value, out _) && !value.Contains('\0', StringComparison.Ordinal))
                        (found ??= []).Add((i, SqlValue.Text(value)));
                    previous = "'";
                    break;
                case SqlTokenKind.BitString:
                    previous = "'";
                    break;
                case SqlTokenKind.QuotedIdentifier:
                    previous = "ident";
                    break;
                case SqlTokenKind.Number:
                    // A number glued to letters (0x1F, 1abc) is not a plain literal.
                    var glued = i + 1 < tokens.Length && tokens[i + 1].Kind == SqlTokenKind.Word && statement.Touches(i + 1);
                    if (eligible && !glued && TryNumber(statement.TextOf(i), out var number)) (found ??= []).Add((i, number));
                    previous = "0";
                    break;
                case SqlTokenKind.Parameter:
                    return []; // explicit parameters in a simple query: leave the statement alone entirely
                case SqlTokenKind.TypeCast:
                    i = CastRewriter.ReadTypeName(statement, i + 1, out _) - 1;
                    previous = "type";
                    break;
                case SqlTokenKind.Word:
                    var upper = statement.TextOf(i).ToString().ToUpperInvariant();
                    switch (upper)
                    {
                        case "SELECT":
                            region = Region.None;
                            if (depth == 0) topSelectList = true;
                            break;
                        case "FROM" or "INTO" or "UPDATE" or "JOIN" or "UNION" or "EXCEPT" or "INTERSECT":
                            if (depth == 0) topSelectList = false;
                            region = Region.None;
                            break;
                        case "WHERE" or "SET" or "ON" or "HAVING":
                            if (depth == 0) topSelectList = false;
                            region = Region.Predicate;
                            break;
                        case "VALUES":
                            region = Region.Values;
                            break;
                        case "ORDER" or "GROUP" or "LIMIT" or "OFFSET" or "RETURNING" or "WINDOW":
                            if (depth == 0) frozen = true;
                            region = Region.None;
                            break;
                    }
                    previous = upper;
                    break;
                case SqlTokenKind.Punctuation when token.IsPunctuation(text, '('):
                    stack.Push((region, inList));
                    inList = previous is "VALUES" or "IN" || (region == Region.Values && previous is ",");
                    depth++;
                    previous = "(";
                    break;
                case SqlTokenKind.Punctuation when token.IsPunctuation(text, ')'):
                    if (stack.Count > 0) (region, inList) = stack.Pop();
                    depth = Math.Max(0, depth - 1);
                    previous = ")";
                    break;
                case SqlTokenKind.Punctuation when token.IsPunctuation(text, '['):
                    // SQLite's [bracketed identifier]: skip to its end.
                    while (i + 1 < tokens.Length && !statement.IsPunctuation(i + 1, ']')) i++;
                    i++;
                    previous = "ident";
                    break;
                case SqlTokenKind.Punctuation when token.IsPunctuation(text, ':'):
                    return []; // SQLite's :name parameter
                case SqlTokenKind.Operator when statement.TextOf(i).ContainsAny('?', '@', '$'):
                    return []; // SQLite's ?NNN, @name and $name parameters
                default:
                    previous = statement.TextOf(i).ToString();
                    break;
            }
        }
        if (found is null) return [];
        var values = new SqlValue[found.Count];
        for (var n = 0; n < found.Count; n++)
        {
            edits.Replace(found[n].Token, found[n].Token + 1, "?" + (n + 1).ToString(CultureInfo.InvariantCulture));
            values[n] = found[n].Value;
        }
        return values;
    }

    private static bool IsOperator(string token) =>
        token is "=" or "==" or "<>" or "!=" or "<" or ">" or "<=" or ">=" or "+" or "-" or "*" or "/" or "%" or "||";

    private static bool TryNumber(ReadOnlySpan<char> text, out SqlValue value)
    {
        if (!text.ContainsAny('.', 'e', 'E') && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var l))
        {
            value = SqlValue.Integer(l);
            return true;
        }
        // Beyond a double's 15 significant digits the literal stays exact text: a numeric column wider than a
        // double keeps it as it is, and arithmetic converts it as SQLite converts any number-like text.
        if (PgNumeric.TryParse(text, out var exact) && exact.SignificantDigits > 15)
        {
            value = SqlValue.Text(exact.ToString());
            return true;
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            value = SqlValue.Real(d);
            return true;
        }
        value = SqlValue.Null;
        return false;
    }

    private static bool Is(ReadOnlySpan<char> word, string keyword) => word.Equals(keyword, StringComparison.OrdinalIgnoreCase);
}
