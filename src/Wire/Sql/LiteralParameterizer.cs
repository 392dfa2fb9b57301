using System.Globalization;
using System.Text;
using TenantDb.Engine;

namespace TenantDb.Wire.Sql;

/// <summary>
/// Turns the literals of a simple-protocol DML statement into parameters so repeated statements that
/// differ only in their values (what pgbench -M simple and string-building clients send) reuse one
/// prepared SQLite statement: <c>UPDATE t SET v = v + 5 WHERE id = 7</c> becomes
/// <c>UPDATE t SET v = v + ?1 WHERE id = ?2</c> with values (5, 7).
/// <para>
/// Only literals whose meaning cannot change are replaced: numbers and plain '...' strings that are
/// the operand of a comparison or arithmetic operator, or items of a VALUES/IN list, inside WHERE,
/// SET, VALUES, ON or HAVING. Never in the top-level select list or RETURNING list (SQLite names
/// unaliased result columns after their text), never after ORDER BY/GROUP BY (integers there are
/// column positions), never in LIMIT, never blob (x'..') literals. Statements that are not
/// SELECT/INSERT/UPDATE/DELETE are left alone.
/// </para>
/// </summary>
internal static class LiteralParameterizer
{
    private enum Region { None, Values, Predicate }

    /// <summary>
    /// Parameterizes <c>sql[start..end)</c>; false when the statement is not eligible or has no
    /// replaceable literal.
    /// </summary>
    public static bool TryParameterize(string sql, int start, int end, out string template, out SqlValue[] values)
    {
        template = "";
        values = [];
        var probe = start;
        var first = SqlScanner.ReadWord(sql, ref probe);
        if (!(Is(first, "SELECT") || Is(first, "UPDATE") || Is(first, "DELETE") || Is(first, "INSERT"))) return false;

        var output = new StringBuilder(end - start + 8);
        var found = new List<SqlValue>();
        var region = Region.None;
        var topSelectList = false;
        var frozen = false;                 // after top-level ORDER BY / GROUP BY / LIMIT / RETURNING
        var depth = 0;
        var stack = new Stack<(Region Region, bool List)>();
        var inList = false;                 // inside the parentheses of VALUES (...) or IN (...)
        var previous = "";                  // previous significant token (operators as text, words upper-case)
        var i = start;
        while (i < end)
        {
            var c = sql[i];
            var afterTrivia = SqlScanner.SkipTrivia(sql, i);
            if (afterTrivia > i)
            {
                output.Append(sql, i, Math.Min(afterTrivia, end) - i);
                i = afterTrivia;
                continue;
            }
            var eligible = !frozen && !topSelectList && region != Region.None
                && (IsOperator(previous) || (inList && previous is "(" or ","));
            if (c == '\'')
            {
                var close = SkipQuoted(sql, i, end);
                var blobPrefix = i > start && (sql[i - 1] is 'x' or 'X' or 'e' or 'E');
                if (eligible && !blobPrefix && close <= end && sql[close - 1] == '\'')
                {
                    found.Add(SqlValue.Text(sql.Substring(i + 1, close - i - 2).Replace("''", "'", StringComparison.Ordinal)));
                    output.Append('?').Append(found.Count.ToString(CultureInfo.InvariantCulture));
                }
                else
                {
                    output.Append(sql, i, close - i);
                }
                previous = "'";
                i = close;
                continue;
            }
            if (c is '"' or '`' or '[')
            {
                var close = c == '[' ? sql.IndexOf(']', i + 1, end - i - 1) + 1 : SkipQuoted(sql, i, end);
                if (close <= i) close = end;
                output.Append(sql, i, close - i);
                previous = "ident";
                i = close;
                continue;
            }
            if (char.IsDigit(c) || (c == '.' && i + 1 < end && char.IsDigit(sql[i + 1])))
            {
                var numberEnd = ScanNumber(sql, i, end, out var isNumber);
                var text = sql.AsSpan(i, numberEnd - i);
                if (eligible && isNumber && TryNumber(text, out var value))
                {
                    found.Add(value);
                    output.Append('?').Append(found.Count.ToString(CultureInfo.InvariantCulture));
                }
                else
                {
                    output.Append(text);
                }
                previous = "0";
                i = numberEnd;
                continue;
            }
            if (char.IsLetter(c) || c == '_' || c == '$' || c == '?' || c == ':' || c == '@')
            {
                var wordStart = i;
                i++;
                while (i < end && (char.IsLetterOrDigit(sql[i]) || sql[i] is '_' or '$')) i++;
                var word = sql.AsSpan(wordStart, i - wordStart);
                output.Append(word);
                if (c is '$' or '?' or ':' or '@')
                {
                    // Explicit parameters in a simple query: leave the statement alone entirely.
                    return false;
                }
                var upper = word.ToString().ToUpperInvariant();
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
                continue;
            }
            switch (c)
            {
                case '(':
                    stack.Push((region, inList));
                    inList = previous is "VALUES" or "IN" || (region == Region.Values && previous is ",");
                    depth++;
                    output.Append(c);
                    previous = "(";
                    i++;
                    continue;
                case ')':
                    if (stack.Count > 0) (region, inList) = stack.Pop();
                    depth = Math.Max(0, depth - 1);
                    output.Append(c);
                    previous = ")";
                    i++;
                    continue;
                case ';':
                    // Only a trailing semicolon can appear here (the caller cut one statement).
                    output.Append(c);
                    i++;
                    continue;
            }
            var opEnd = i + 1;
            while (opEnd < end && opEnd - i < 2 && "=<>!|".Contains(sql[opEnd], StringComparison.Ordinal)) opEnd++;
            previous = sql.Substring(i, opEnd - i);
            output.Append(previous);
            i = opEnd;
        }
        if (found.Count == 0) return false;
        template = output.ToString();
        values = [.. found];
        return true;
    }

    private static bool IsOperator(string token) =>
        token is "=" or "==" or "<>" or "!=" or "<" or ">" or "<=" or ">=" or "+" or "-" or "*" or "/" or "%" or "||";

    private static int ScanNumber(string sql, int i, int end, out bool isNumber)
    {
        var start = i;
        if (sql[i] == '0' && i + 1 < end && sql[i + 1] is 'x' or 'X')
        {
            i += 2;
            while (i < end && char.IsAsciiHexDigit(sql[i])) i++;
            isNumber = false; // hex: left as written
            return i;
        }
        while (i < end && char.IsDigit(sql[i])) i++;
        if (i < end && sql[i] == '.') { i++; while (i < end && char.IsDigit(sql[i])) i++; }
        if (i < end && sql[i] is 'e' or 'E')
        {
            var j = i + 1;
            if (j < end && sql[j] is '+' or '-') j++;
            if (j < end && char.IsDigit(sql[j]))
            {
                i = j;
                while (i < end && char.IsDigit(sql[i])) i++;
            }
        }
        // A number glued to letters (e.g. 1abc) is not a plain literal.
        isNumber = i >= end || !(char.IsLetter(sql[i]) || sql[i] == '_');
        if (!isNumber) while (i < end && (char.IsLetterOrDigit(sql[i]) || sql[i] == '_')) i++;
        return i > start ? i : start + 1;
    }

    private static bool TryNumber(ReadOnlySpan<char> text, out SqlValue value)
    {
        if (!text.ContainsAny('.', 'e', 'E') && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var l))
        {
            value = SqlValue.Integer(l);
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

    private static int SkipQuoted(string sql, int i, int end)
    {
        var quote = sql[i];
        i++;
        while (i < end)
        {
            if (sql[i] == quote)
            {
                if (i + 1 < end && sql[i + 1] == quote) { i += 2; continue; }
                return i + 1;
            }
            i++;
        }
        return end;
    }

    private static bool Is(ReadOnlySpan<char> word, string keyword) => word.Equals(keyword, StringComparison.OrdinalIgnoreCase);
}
