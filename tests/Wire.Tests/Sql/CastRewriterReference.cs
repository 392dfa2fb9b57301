using System.Text;

using TenantDb.Wire.Sql;

namespace TenantDb.Wire.Tests.Sql;

/// <summary>
/// The cast rewriter as it was before it became linear: each cast copies its operand out of the
/// output and writes it back wrapped (quadratic in the nesting depth). Kept as the slow, obviously
/// correct reference the linear one is compared with.
/// </summary>
internal static class CastRewriterReference
{
    /// <summary>Returns <paramref name="sql"/> with casts rewritten.</summary>
    public static string Rewrite(string sql)
    {
        if (!sql.Contains("::", StringComparison.Ordinal)) return sql;
        var output = new StringBuilder(sql.Length + 16);
        var opens = new Stack<int>();   // output offsets of unmatched '('
        var operandStart = -1;          // output offset where the last complete operand begins
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c == ':' && i + 1 < sql.Length && sql[i + 1] == ':' && operandStart >= 0)
            {
                i = ReadTypeName(sql, i + 2, out var typeName);
                ApplyCast(output, operandStart, typeName);
                continue; // the cast result is still an operand starting at operandStart (chains like x::text::int)
            }
            var trivia = SqlScanner.SkipTrivia(sql, i);
            if (trivia > i)
            {
                output.Append(sql, i, trivia - i);
                i = trivia;
                continue;
            }
            if (c is '\'' or '"')
            {
                var end = SkipQuoted(sql, i, c);
                // E'...' / X'...' prefixes belong to the literal.
                var start = output.Length;
                if (start > 0 && i > 0 && (sql[i - 1] is 'E' or 'e' or 'X' or 'x') && (i < 2 || !IsWordChar(sql[i - 2]))) start--;
                output.Append(sql, i, end - i);
                operandStart = start;
                i = end;
                continue;
            }
            if (IsWordChar(c) || c == '$' || (c == '.' && operandStart >= 0 && output.Length > 0 && IsWordChar(output[^1])))
            {
                var start = i;
                while (i < sql.Length && (IsWordChar(sql[i]) || sql[i] == '$' || sql[i] == '.')) i++;
                // A dotted name (t.col) continues the previous operand.
                var continues = start > 0 && sql[start - 1] == '.' && operandStart >= 0;
                if (!continues) operandStart = output.Length;
                output.Append(sql, start, i - start);
                continue;
            }
            if (c == '(')
            {
                opens.Push(output.Length);
                // A function call: the operand starts at the function name.
                var nameStart = output.Length;
                while (nameStart > 0 && IsWordChar(output[nameStart - 1])) nameStart--;
                if (nameStart < output.Length) { opens.Pop(); opens.Push(nameStart); }
                output.Append(c);
                operandStart = -1;
                i++;
                continue;
            }
            if (c == ')')
            {
                output.Append(c);
                operandStart = opens.Count > 0 ? opens.Pop() : -1;
                i++;
                continue;
            }
            output.Append(c);
            operandStart = -1;
            i++;
        }
        return output.ToString();
    }

    private static void ApplyCast(StringBuilder output, int operandStart, string typeName)
    {
        var operand = output.ToString(operandStart, output.Length - operandStart);
        var type = typeName.ToLowerInvariant();
        // Space and comments between a literal and its "::" do not stop the literal forms.
        var lexer = new TenantDb.Engine.SqlText.SqlLexer(operand);
        var first = lexer.Next();
        var literal = lexer.AtEnd ? operand[..first.End] : operand;

        bool loneValue = lexer.AtEnd && first.Kind is TenantDb.Engine.SqlText.SqlTokenKind.String or TenantDb.Engine.SqlText.SqlTokenKind.EscapeString
            or TenantDb.Engine.SqlText.SqlTokenKind.DollarString or TenantDb.Engine.SqlText.SqlTokenKind.Parameter;
        string? replacement = type switch
        {
            "date" when !loneValue => $"tenantdb_cast_date({operand})",
            "bytea" when literal.StartsWith("'\\x", StringComparison.OrdinalIgnoreCase) && literal.EndsWith('\'') => "x'" + literal[3..],
            "bytea" => $"CAST({operand} AS BLOB)",
            "bool" or "boolean" => literal.ToLowerInvariant() switch
            {
                "'t'" or "'true'" or "true" or "'1'" or "'yes'" or "'on'" => "1",
                "'f'" or "'false'" or "false" or "'0'" or "'no'" or "'off'" => "0",
                _ => operand,
            },
            "int" or "integer" or "int2" or "int4" or "int8" or "smallint" or "bigint" or "oid" or "serial" or "bigserial" => $"CAST({operand} AS INTEGER)",
            "real" or "float" or "float4" or "float8" or "double precision" => $"CAST({operand} AS REAL)",
            "numeric" or "decimal" => $"CAST({operand} AS NUMERIC)",
            "text" or "varchar" or "character varying" or "char" or "character" or "bpchar" or "name" => $"CAST({operand} AS TEXT)",
            _ => operand, // dates, times, json, uuid, regclass...: SQLite keeps the text as it is
        };
        output.Length = operandStart;
        output.Append(replacement);
    }

    private static int ReadTypeName(string sql, int i, out string typeName)
    {
        var sb = new StringBuilder();
        i = SqlScanner.SkipTrivia(sql, i);
        while (true)
        {
            var start = i;
            if (i < sql.Length && sql[i] == '"')
            {
                var end = SkipQuoted(sql, i, '"');
                sb.Append(sql, i + 1, Math.Max(0, end - i - 2));
                i = end;
            }
            else
            {
                while (i < sql.Length && (IsWordChar(sql[i]) || sql[i] == '.')) i++;
                var word = sql[start..i];
                var dot = word.LastIndexOf('.');
                sb.Append(dot >= 0 ? word[(dot + 1)..] : word);
            }
            // Two-word type names.
            var j = SqlScanner.SkipTrivia(sql, i);
            var k = j;
            var next = SqlScanner.ReadWord(sql, ref k);
            var current = sb.ToString();
            if ((current.Equals("double", StringComparison.OrdinalIgnoreCase) && next.Equals("precision", StringComparison.OrdinalIgnoreCase))
                || (current.Equals("character", StringComparison.OrdinalIgnoreCase) && next.Equals("varying", StringComparison.OrdinalIgnoreCase)))
            {
                sb.Append(' ').Append(next);
                i = k;
            }
            break;
        }
        // Type modifiers and array brackets: varchar(20), numeric(10,2), int[].
        var after = i;
        if (after < sql.Length && sql[after] == '(')
        {
            // Bounded like the real one: the only intended difference between them.
            var close = sql.IndexOf(')', after, Math.Min(64, sql.Length - after));
            if (close > 0) i = close + 1;
        }
        var isArray = false;
        while (i + 1 < sql.Length && sql[i] == '[' && sql[i + 1] == ']') { i += 2; isArray = true; }
        typeName = sb.ToString() + (isArray ? "[]" : ""); // an array cast keeps the array literal's text
        return i;
    }

    private static int SkipQuoted(string sql, int i, char quote)
    {
        i++;
        while (i < sql.Length)
        {
            if (sql[i] == quote)
            {
                if (i + 1 < sql.Length && sql[i + 1] == quote) { i += 2; continue; }
                return i + 1;
            }
            i++;
        }
        return sql.Length;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';
}
