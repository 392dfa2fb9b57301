using System.Text;

namespace TenantDb.Wire.Sql;

/// <summary>
/// Rewrites PostgreSQL's <c>expr::type</c> casts, which SQLite does not parse, into SQLite forms:
/// <c>CAST(expr AS INTEGER|REAL|TEXT|NUMERIC)</c> for numeric and text types, <c>x'..'</c> for a
/// <c>'\x..'::bytea</c> literal, 1/0 for boolean literals, and nothing (the cast is dropped) for types
/// SQLite stores as text anyway (dates, json, uuid...). Drivers such as psycopg2 emit these when they
/// interpolate parameters. Text without "::" is returned unchanged (the common, allocation-free path).
/// <para>
/// Linear time: the text is copied to the output once. A cast never copies its operand; it records
/// where <c>CAST(</c> goes (the operand's start) and appends <c> AS type)</c>, and the recorded
/// openings are merged in when the output is built. So <c>x::a::b::...</c> and
/// <c>((x::a)::b)...</c> cost the same per cast however deep they nest.
/// </para>
/// </summary>
internal static class CastRewriter
{
    /// <summary>Characters searched for the ')' closing a type modifier such as <c>(10,2)</c>.</summary>
    private const int MaxTypeModifierLength = 64;

    /// <summary>Returns <paramref name="sql"/> with casts rewritten.</summary>
    public static string Rewrite(string sql)
    {
        if (!sql.Contains("::", StringComparison.Ordinal)) return sql;
        var output = new StringBuilder(sql.Length + 16);
        var castOpenings = new List<int>(); // output offsets where a "CAST(" goes
        var opens = new Stack<int>();   // output offsets of unmatched '('
        var operandStart = -1;          // output offset where the last complete operand begins
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c == ':' && i + 1 < sql.Length && sql[i + 1] == ':' && operandStart >= 0)
            {
                i = ReadTypeName(sql, i + 2, out var typeName);
                ApplyCast(output, castOpenings, operandStart, typeName);
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
        return Assemble(output, castOpenings);
    }

    /// <summary>
    /// Applies one cast to the operand <c>output[operandStart..]</c>. Literal forms (bytea hex, boolean
    /// words) are rewritten in place: such an operand is a lone literal (a cast already applied to it
    /// would end in ')'), short or copied only this once. Every other cast records its opening and
    /// appends its closing.
    /// </summary>
    private static void ApplyCast(StringBuilder output, List<int> castOpenings, int operandStart, string typeName)
    {
        var length = output.Length - operandStart;
        var sqliteType = typeName.ToLowerInvariant() switch
        {
            "bytea" when IsHexByteaLiteral(output, operandStart, length) => RewriteHexByteaLiteral(output, operandStart),
            "bytea" => "BLOB",
            "bool" or "boolean" => RewriteBooleanLiteral(output, operandStart, length),
            "int" or "integer" or "int2" or "int4" or "int8" or "smallint" or "bigint" or "oid" or "serial" or "bigserial" => "INTEGER",
            "real" or "float" or "float4" or "float8" or "double precision" => "REAL",
            "numeric" or "decimal" => "NUMERIC",
            "text" or "varchar" or "character varying" or "char" or "character" or "bpchar" or "name" => "TEXT",
            _ => null, // dates, times, json, uuid, regclass...: SQLite keeps the text as it is
        };
        if (sqliteType is null) return;
        castOpenings.Add(operandStart);
        output.Append(" AS ").Append(sqliteType).Append(')');
    }

    // '\x0102' (any case of x) as a whole operand.
    private static bool IsHexByteaLiteral(StringBuilder output, int start, int length) =>
        length >= 4 && output[start] == '\'' && output[start + 1] == '\\' && output[start + 2] is 'x' or 'X' && output[start + length - 1] == '\'';

    // '\x0102' becomes x'0102'; returns null: no CAST is needed.
    private static string? RewriteHexByteaLiteral(StringBuilder output, int start)
    {
        output[start] = 'x';
        output[start + 1] = '\'';
        output.Remove(start + 2, 1);
        return null;
    }

    // 't', 'yes', true... become 1 or 0; anything else is left as it is. Returns null: no CAST.
    private static string? RewriteBooleanLiteral(StringBuilder output, int start, int length)
    {
        if (length > 7) return null; // longer than 'false'
        var value = output.ToString(start, length).ToLowerInvariant() switch
        {
            "'t'" or "'true'" or "true" or "'1'" or "'yes'" or "'on'" => "1",
            "'f'" or "'false'" or "false" or "'0'" or "'no'" or "'off'" => "0",
            _ => null,
        };
        if (value is null) return null;
        output.Length = start;
        output.Append(value);
        return null;
    }

    /// <summary>Builds the final text: the output with "CAST(" inserted at every recorded offset.</summary>
    private static string Assemble(StringBuilder output, List<int> castOpenings)
    {
        if (castOpenings.Count == 0) return output.ToString();
        // Openings at the same offset are identical text, so their relative order does not matter.
        castOpenings.Sort();
        var text = output.ToString();
        var result = new StringBuilder(text.Length + castOpenings.Count * 5);
        var copied = 0;
        foreach (var offset in castOpenings)
        {
            result.Append(text, copied, offset - copied).Append("CAST(");
            copied = offset;
        }
        return result.Append(text, copied, text.Length - copied).ToString();
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
            // Modifiers are short; looking further for a ')' could rescan the rest of the text per cast.
            var close = sql.IndexOf(')', after, Math.Min(MaxTypeModifierLength, sql.Length - after));
            if (close > 0) i = close + 1;
        }
        while (i + 1 < sql.Length && sql[i] == '[' && sql[i + 1] == ']') i += 2;
        typeName = sb.ToString();
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
