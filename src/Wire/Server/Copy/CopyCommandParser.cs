using System.Globalization;
using TenantDb.Engine.SqlText;
using TenantDb.Wire.Protocol;
using TenantDb.Wire.Sql;

namespace TenantDb.Wire.Server.Copy;

/// <summary>
/// Parses <c>COPY table [(columns)] FROM STDIN | TO STDOUT [WITH] options</c> and
/// <c>COPY (query) TO STDOUT</c>, with both the parenthesised option list (<c>WITH (FORMAT csv,
/// HEADER true)</c>) and the older keyword form psql and pgbench still send (<c>WITH CSV HEADER</c>,
/// <c>DELIMITER ','</c>, <c>BINARY</c>). Files and programs on the server are refused with 42501:
/// a tenant never reads or writes the server's files.
/// </summary>
internal static class CopyCommandParser
{
    /// <summary>Parses the COPY statement <paramref name="s"/>.</summary>
    public static CopyCommand Parse(ClientStatement s)
    {
        var i = 1;
        string? table = null, query = null, tableName = "";
        List<string> columns = [], columnNames = [];
        if (s.IsPunctuation(i, '('))
        {
            var close = MatchingParen(s, i);
            query = s.Text[s.Tokens[i].End..s.Tokens[close].Start];
            tableName = "(query)";
            i = close + 1;
        }
        else
        {
            var start = i;
            tableName = Identifier(s, ref i, "table name");
            while (s.IsPunctuation(i, '.'))
            {
                i++;
                tableName = Identifier(s, ref i, "table name");
            }
            table = s.Text[s.Tokens[start].Start..s.Tokens[i - 1].End];
            if (s.IsPunctuation(i, '('))
            {
                i++;
                while (true)
                {
                    var written = s.TextOf(i).ToString();
                    columnNames.Add(Identifier(s, ref i, "column name"));
                    columns.Add(written);
                    if (s.IsPunctuation(i, ',')) { i++; continue; }
                    Expect(s, ref i, ')');
                    break;
                }
            }
        }
        bool isFrom;
        if (s.IsWord(i, "FROM")) isFrom = true;
        else if (s.IsWord(i, "TO")) isFrom = false;
        else throw Syntax(s, i, "expected FROM or TO");
        i++;
        if (s.IsWord(i, "PROGRAM") || (i < s.Tokens.Length && s.Tokens[i].Kind is SqlTokenKind.String or SqlTokenKind.EscapeString or SqlTokenKind.DollarString))
            throw new PgStatementException(SqlState.InsufficientPrivilege,
                $"COPY {(isFrom ? "from" : "to")} a file or program is not allowed: tenants cannot use the server's files; use COPY ... {(isFrom ? "FROM STDIN" : "TO STDOUT")} (psql's \\copy)");
        if (isFrom && !s.IsWord(i, "STDIN")) throw Syntax(s, i, "COPY FROM must read STDIN");
        if (!isFrom && !s.IsWord(i, "STDOUT")) throw Syntax(s, i, "COPY TO must write STDOUT");
        if (isFrom && query is not null) throw Syntax(s, i, "COPY (query) only works with TO");
        i++;
        var options = new CopyOptions();
        ReadOptions(s, ref i, options);
        if (i < s.Tokens.Length)
        {
            if (s.IsWord(i, "WHERE")) throw new PgStatementException(SqlState.FeatureNotSupported, "COPY FROM ... WHERE is not supported");
            throw Syntax(s, i, "unexpected text after the COPY options");
        }
        options.Validate();
        foreach (var forced in options.ForceQuoteColumns)
            if (!columnNames.Contains(forced, StringComparer.Ordinal) && columnNames.Count > 0)
                throw new PgStatementException(SqlState.SyntaxError, $"FORCE_QUOTE column \"{forced}\" not referenced by COPY");
        return new CopyCommand(table, tableName, [.. columns], [.. columnNames], query, isFrom, options);
    }

    private static void ReadOptions(ClientStatement s, ref int i, CopyOptions options)
    {
        var with = s.IsWord(i, "WITH");
        if (with) i++;
        if (s.IsPunctuation(i, '('))
        {
            i++;
            while (true)
            {
                var name = Word(s, ref i, "option name").ToUpperInvariant();
                ReadModernOption(s, ref i, name, options);
                if (s.IsPunctuation(i, ',')) { i++; continue; }
                Expect(s, ref i, ')');
                return;
            }
        }
        // The keyword form: WITH is optional, options follow one another without commas.
        while (i < s.Tokens.Length && s.Tokens[i].Kind == SqlTokenKind.Word && !s.IsWord(i, "WHERE"))
        {
            var name = Word(s, ref i, "option").ToUpperInvariant();
            switch (name)
            {
                case "BINARY": options.Format = CopyFormat.Binary; break;
                case "CSV": options.Format = CopyFormat.Csv; break;
                case "HEADER": options.Header = true; break;
                case "DELIMITER": SkipAs(s, ref i); options.SetDelimiter(StringValue(s, ref i)); break;
                case "NULL": SkipAs(s, ref i); options.SetNull(StringValue(s, ref i)); break;
                case "QUOTE": SkipAs(s, ref i); options.SetQuote(StringValue(s, ref i)); break;
                case "ESCAPE": SkipAs(s, ref i); options.SetEscape(StringValue(s, ref i)); break;
                case "ENCODING": CheckEncoding(StringValue(s, ref i)); break;
                case "FREEZE": break;
                case "FORCE":
                    if (s.IsWord(i, "QUOTE"))
                    {
                        i++;
                        ForceQuote(s, ref i, options, parenthesised: false);
                    }
                    else throw new PgStatementException(SqlState.FeatureNotSupported, "COPY FORCE NOT NULL / FORCE NULL are not supported");
                    break;
                default:
                    throw new PgStatementException(SqlState.SyntaxError, $"option \"{name.ToLowerInvariant()}\" not recognized");
            }
        }
    }

    private static void ReadModernOption(ClientStatement s, ref int i, string name, CopyOptions options)
    {
        var hasValue = !s.IsPunctuation(i, ',') && !s.IsPunctuation(i, ')');
        switch (name)
        {
            case "FORMAT":
                var format = Value(s, ref i).ToUpperInvariant();
                options.Format = format switch
                {
                    "TEXT" => CopyFormat.Text,
                    "CSV" => CopyFormat.Csv,
                    "BINARY" => CopyFormat.Binary,
                    _ => throw new PgStatementException("22023", $"COPY format \"{format.ToLowerInvariant()}\" not recognized"),
                };
                return;
            case "HEADER":
                options.Header = !hasValue || Boolean(Value(s, ref i), "header");
                return;
            case "FREEZE":
                if (hasValue) Boolean(Value(s, ref i), "freeze");
                return;
            case "DELIMITER": options.SetDelimiter(StringValue(s, ref i)); return;
            case "NULL": options.SetNull(StringValue(s, ref i)); return;
            case "QUOTE": options.SetQuote(StringValue(s, ref i)); return;
            case "ESCAPE": options.SetEscape(StringValue(s, ref i)); return;
            case "ENCODING": CheckEncoding(StringValue(s, ref i)); return;
            case "FORCE_QUOTE": ForceQuote(s, ref i, options, parenthesised: true); return;
            case "FORCE_NOT_NULL" or "FORCE_NULL" or "DEFAULT":
                throw new PgStatementException(SqlState.FeatureNotSupported, $"COPY option {name} is not supported");
            default:
                throw new PgStatementException(SqlState.SyntaxError, $"option \"{name.ToLowerInvariant()}\" not recognized");
        }
    }

    private static void ForceQuote(ClientStatement s, ref int i, CopyOptions options, bool parenthesised)
    {
        if (i < s.Tokens.Length && s.Tokens[i].Kind == SqlTokenKind.Operator && s.TextOf(i).SequenceEqual("*"))
        {
            i++;
            options.ForceQuoteAll = true;
            return;
        }
        var open = s.IsPunctuation(i, '(');
        if (parenthesised && !open) throw Syntax(s, i, "FORCE_QUOTE needs * or a column list");
        if (open) i++;
        while (true)
        {
            options.ForceQuoteColumns.Add(Identifier(s, ref i, "column name"));
            if (s.IsPunctuation(i, ',')) { i++; continue; }
            break;
        }
        if (open) Expect(s, ref i, ')');
    }

    private static void CheckEncoding(string encoding)
    {
        var e = encoding.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
        if (!e.Equals("UTF8", StringComparison.OrdinalIgnoreCase) && !e.Equals("UNICODE", StringComparison.OrdinalIgnoreCase) && !e.Equals("SQLASCII", StringComparison.OrdinalIgnoreCase))
            throw new PgStatementException(SqlState.FeatureNotSupported, $"COPY encoding \"{encoding}\" is not supported (only UTF8)");
    }

    private static bool Boolean(string value, string option) => value.ToUpperInvariant() switch
    {
        "TRUE" or "ON" or "1" or "T" or "YES" => true,
        "FALSE" or "OFF" or "0" or "F" or "NO" => false,
        "MATCH" => true,
        _ => throw new PgStatementException("22023", $"{option} requires a Boolean value"),
    };

    private static void SkipAs(ClientStatement s, ref int i)
    {
        if (s.IsWord(i, "AS")) i++;
    }

    // An option value: a keyword, a string or a number.
    private static string Value(ClientStatement s, ref int i)
    {
        if (i >= s.Tokens.Length) throw Syntax(s, i, "missing option value");
        var token = s.Tokens[i];
        if (token.Kind is SqlTokenKind.Word or SqlTokenKind.Number)
        {
            i++;
            return token.TextIn(s.Text).ToString();
        }
        return StringValue(s, ref i);
    }

    private static string StringValue(ClientStatement s, ref int i)
    {
        if (i >= s.Tokens.Length || !SqlStringConstant.TryGetValue(s.Text, s.Tokens[i], out var value, out _))
            throw Syntax(s, i, "expected a string constant");
        i++;
        return value;
    }

    private static string Word(ClientStatement s, ref int i, string what)
    {
        var word = s.WordAt(i);
        if (word.IsEmpty) throw Syntax(s, i, $"expected {what}");
        i++;
        return word.ToString();
    }

    private static string Identifier(ClientStatement s, ref int i, string what)
    {
        if (i >= s.Tokens.Length) throw Syntax(s, i, $"expected {what}");
        var token = s.Tokens[i];
        var name = token.Kind switch
        {
            SqlTokenKind.Word => token.TextIn(s.Text).ToString().ToLowerInvariant(),
            SqlTokenKind.QuotedIdentifier => SqlIdentifier.Unquote(s.Text, token),
            _ => throw Syntax(s, i, $"expected {what}"),
        };
        i++;
        return name;
    }

    private static void Expect(ClientStatement s, ref int i, char c)
    {
        if (!s.IsPunctuation(i, c)) throw Syntax(s, i, $"expected \"{c}\"");
        i++;
    }

    private static int MatchingParen(ClientStatement s, int open)
    {
        var depth = 0;
        for (var k = open; k < s.Tokens.Length; k++)
        {
            if (s.IsPunctuation(k, '(')) depth++;
            else if (s.IsPunctuation(k, ')') && --depth == 0) return k;
        }
        throw Syntax(s, s.Tokens.Length, "unterminated parenthesis in COPY");
    }

    private static PgStatementException Syntax(ClientStatement s, int i, string message)
    {
        var near = i < s.Tokens.Length ? $"at or near \"{s.TextOf(i).ToString()}\"" : "at end of input";
        return new PgStatementException(SqlState.SyntaxError, string.Create(CultureInfo.InvariantCulture, $"syntax error {near}: {message}"));
    }
}
