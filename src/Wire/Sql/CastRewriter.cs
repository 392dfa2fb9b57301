using TenantDb.Engine.SqlText;

namespace TenantDb.Wire.Sql;

/// <summary>
/// Rewrites PostgreSQL's <c>expr::type</c> casts, which SQLite does not parse, into SQLite forms:
/// <c>CAST(expr AS INTEGER|REAL|TEXT|NUMERIC)</c> for numeric and text types, <c>x'..'</c> for a
/// <c>'\x..'::bytea</c> literal, 1/0 for boolean literals, and nothing (the cast is dropped) for types
/// SQLite stores as text anyway (dates, json, uuid...). Drivers such as psycopg2 emit these when they
/// interpolate parameters.
/// <para>
/// Linear time: one walk over the statement's tokens records edits (<see cref="SqlEdits"/>): a cast
/// inserts <c>CAST(</c> before its operand's first token and replaces <c>::type</c> by
/// <c> AS type)</c>, so <c>x::a::b::...</c> and <c>((x::a)::b)...</c> cost the same per cast however
/// deep they nest.
/// </para>
/// </summary>
internal static class CastRewriter
{
    /// <summary>Characters searched for the ')' closing a type modifier such as <c>(10,2)</c>.</summary>
    private const int MaxTypeModifierLength = 64;

    /// <summary>Records the edits that rewrite the casts of <paramref name="statement"/>.</summary>
    public static void AddEdits(ClientStatement statement, SqlEdits edits)
    {
        AddStandardCastEdits(statement, edits);
        var tokens = statement.Tokens;
        var text = statement.Text;
        var opens = new Stack<int>();   // operand start of each unmatched '('
        var brackets = new Stack<int>(); // operand start of each unmatched '[' (ARRAY[...]), -1 for a subscript
        var operandStart = -1;          // token where the last complete operand begins
        var loneLiteral = -1;           // that operand's token when it is one literal token, as written
        for (var i = 0; i < tokens.Length;)
        {
            var token = tokens[i];
            switch (token.Kind)
            {
                case SqlTokenKind.TypeCast when operandStart >= 0:
                {
                    var end = ReadTypeName(statement, i + 1, out var typeName);
                    // A name cast to regclass and on to oid (pg_get_serial_sequence(...)::regclass::oid) is looked up, not printed.
                    // A bound parameter is the object's name too ($1::regtype).
                    bool boundName = operandStart == i - 1 && tokens[operandStart].Kind == SqlTokenKind.Parameter;
                    if (CatalogFunction(typeName, IsStringLiteral(statement, loneLiteral) || boundName || CastsToOid(statement, end)) is { } function)
                    {
                        edits.InsertBefore(operandStart, function + "(");
                        edits.Replace(i, end, ")");
                        loneLiteral = -1;
                        i = end;
                        continue;
                    }
                    // A date/time cast of a column or an expression converts the value; a literal or parameter is the text it is.
                    int zoneEnd = end;
                    var dateTimeFunction = statement.IsPunctuation(end - 1, ']') ? null : DateTimeCastFunction(statement, typeName, end, out zoneEnd);
                    if (dateTimeFunction is not null && !IsStringLiteral(statement, loneLiteral) && !IsParameter(statement, loneLiteral))
                    {
                        edits.InsertBefore(operandStart, dateTimeFunction + "(");
                        edits.Replace(i, zoneEnd, ")");
                        loneLiteral = -1;
                        i = zoneEnd;
                        continue;
                    }
                    end = zoneEnd;
                    // An array stays the array literal's text.
                    var sqliteType = statement.IsPunctuation(end - 1, ']') ? null : SqliteType(statement, typeName, loneLiteral, edits);
                    if (sqliteType is null)
                    {
                        edits.Replace(i, end, "");
                        if (loneLiteral >= 0 && edits.IsReplaced(loneLiteral)) loneLiteral = -1;
                    }
                    else
                    {
                        edits.OpenCastBefore(operandStart);
                        edits.Replace(i, end, " AS " + sqliteType + ")");
                        loneLiteral = -1;
                    }
                    i = end;
                    continue; // the cast result is still an operand starting at operandStart (chains like x::text::int)
                }
                case SqlTokenKind.String or SqlTokenKind.EscapeString or SqlTokenKind.BitString or SqlTokenKind.DollarString:
                    operandStart = loneLiteral = i;
                    break;
                case SqlTokenKind.Word or SqlTokenKind.Number or SqlTokenKind.Parameter or SqlTokenKind.QuotedIdentifier:
                    // A dotted name (t.col) continues the operand its first part began.
                    if (!(operandStart >= 0 && statement.IsPunctuation(i - 1, '.') && statement.Touches(i))) operandStart = i;
                    loneLiteral = operandStart == i && token.Kind is SqlTokenKind.Word or SqlTokenKind.Parameter ? i : -1;
                    break;
                case SqlTokenKind.Punctuation when token.IsPunctuation(text, '.') && operandStart >= 0 && statement.Touches(i):
                    loneLiteral = -1;
                    break;
                case SqlTokenKind.Punctuation when token.IsPunctuation(text, '('):
                    // A function call: the operand starts at the function name.
                    opens.Push(i > 0 && tokens[i - 1].Kind == SqlTokenKind.Word && statement.Touches(i) && operandStart >= 0 ? operandStart : i);
                    operandStart = loneLiteral = -1;
                    break;
                case SqlTokenKind.Punctuation when token.IsPunctuation(text, '['):
                    // ARRAY[...]::type: the operand starts at ARRAY.
                    brackets.Push(i > 0 && statement.IsWord(i - 1, "ARRAY") ? operandStart : -1);
                    operandStart = loneLiteral = -1;
                    break;
                case SqlTokenKind.Punctuation when token.IsPunctuation(text, ']'):
                    operandStart = brackets.Count > 0 ? brackets.Pop() : -1;
                    loneLiteral = -1;
                    break;
                case SqlTokenKind.Punctuation when token.IsPunctuation(text, ')'):
                    operandStart = opens.Count > 0 ? opens.Pop() : -1;
                    loneLiteral = -1;
                    break;
                default:
                    operandStart = loneLiteral = -1;
                    break;
            }
            i++;
        }
    }

    /// <summary>
    /// <c>CAST(x AS type)</c>, which SQLite parses itself but reads by its own type affinity rules
    /// (<c>CAST('2024-01-02' AS date)</c> would be the number 2024): to a date/time type it becomes the
    /// conversion function (a literal or parameter alone is kept as written), and to <c>interval</c>,
    /// <c>json</c>, <c>jsonb</c> or <c>uuid</c>, which SQLite stores as text, the cast is dropped.
    /// </summary>
    private static void AddStandardCastEdits(ClientStatement statement, SqlEdits edits)
    {
        var tokens = statement.Tokens;
        for (int i = 0; i + 1 < tokens.Length; i++)
        {
            if (!statement.IsWord(i, "CAST") || !statement.IsPunctuation(i + 1, '(') || edits.IsReplaced(i)) continue;
            int close = statement.Closing(i + 1);
            if (close < 0) continue;
            int asWord = statement.TopLevelAs(i + 2, close);
            if (asWord <= i + 2) continue;
            int typeEnd = ReadTypeName(statement, asWord + 1, out var typeName);
            if (statement.IsPunctuation(typeEnd - 1, ']')) continue;
            string? function = DateTimeCastFunction(statement, typeName, typeEnd, out int zoneEnd);
            if (zoneEnd != close) continue;
            bool lone = asWord == i + 3 && tokens[i + 2].Kind is SqlTokenKind.String or SqlTokenKind.EscapeString or SqlTokenKind.DollarString or SqlTokenKind.Parameter;
            bool textType = typeName.Equals("interval", StringComparison.OrdinalIgnoreCase) || typeName.Equals("json", StringComparison.OrdinalIgnoreCase)
                || typeName.Equals("jsonb", StringComparison.OrdinalIgnoreCase) || typeName.Equals("uuid", StringComparison.OrdinalIgnoreCase);
            if (function is null && !textType) continue;
            edits.Replace(i, i + 2, function is null || lone ? "(" : function + "(");
            edits.Replace(asWord, close + 1, ")");
        }
    }

    /// <summary>
    /// The conversion function for a cast to <paramref name="typeName"/> when it is a date, time or timestamp type,
    /// else null; <paramref name="zoneEnd"/> is the token after the type, past <c>WITH[OUT] TIME ZONE</c>.
    /// </summary>
    private static string? DateTimeCastFunction(ClientStatement statement, string typeName, int typeEnd, out int zoneEnd)
    {
        zoneEnd = typeEnd;
        bool with = statement.IsWord(typeEnd, "WITH") && statement.IsWord(typeEnd + 1, "TIME") && statement.IsWord(typeEnd + 2, "ZONE");
        bool without = statement.IsWord(typeEnd, "WITHOUT") && statement.IsWord(typeEnd + 1, "TIME") && statement.IsWord(typeEnd + 2, "ZONE");
        if (with || without) zoneEnd = typeEnd + 3;
        if (typeName.Equals("date", StringComparison.OrdinalIgnoreCase)) return with || without ? null : "tenantdb_cast_date";
        if (typeName.Equals("timestamptz", StringComparison.OrdinalIgnoreCase)) return with || without ? null : "tenantdb_cast_timestamptz";
        if (typeName.Equals("timestamp", StringComparison.OrdinalIgnoreCase)) return with ? "tenantdb_cast_timestamptz" : "tenantdb_cast_timestamp";
        if (typeName.Equals("time", StringComparison.OrdinalIgnoreCase)) return with ? null : "tenantdb_cast_time";
        return null;
    }

    /// <summary>
    /// The catalog function a cast to an object identifier type becomes: a quoted name converts to the
    /// OID (<c>'items'::regclass</c> compares with <c>pg_class.oid</c>), anything else to the name the
    /// OID stands for (<c>conrelid::regclass</c> shows the table's name), as PostgreSQL prints them.
    /// </summary>
    private static string? CatalogFunction(string typeName, bool quotedOperand)
    {
        // Compared without lower-casing: this runs for every cast and must not allocate.
        if (!typeName.StartsWith("reg", StringComparison.OrdinalIgnoreCase)) return null;
        if (typeName.Equals("regclass", StringComparison.OrdinalIgnoreCase)) return quotedOperand ? "tenantdb_regclass_oid" : "tenantdb_regclass_name";
        if (typeName.Equals("regtype", StringComparison.OrdinalIgnoreCase)) return quotedOperand ? "tenantdb_regtype_oid" : "tenantdb_regtype_name";
        if (typeName.Equals("regnamespace", StringComparison.OrdinalIgnoreCase)) return "tenantdb_regnamespace_name";
        if (typeName.Equals("regrole", StringComparison.OrdinalIgnoreCase)) return "tenantdb_regrole_name";
        if (typeName.Equals("regproc", StringComparison.OrdinalIgnoreCase) || typeName.Equals("regprocedure", StringComparison.OrdinalIgnoreCase)) return "tenantdb_regproc_name";
        return null;
    }

    private static bool CastsToOid(ClientStatement statement, int token) =>
        token < statement.Tokens.Length && statement.Tokens[token].Kind == SqlTokenKind.TypeCast
        && (statement.IsWord(token + 1, "oid") || (statement.IsWord(token + 1, "pg_catalog") && statement.IsWord(token + 3, "oid")));

    private static bool IsParameter(ClientStatement statement, int token) => token >= 0 && statement.Tokens[token].Kind == SqlTokenKind.Parameter;

    private static bool IsStringLiteral(ClientStatement statement, int token) =>
        token >= 0 && statement.Tokens[token].Kind is SqlTokenKind.String or SqlTokenKind.EscapeString or SqlTokenKind.DollarString;

    /// <summary>
    /// The SQLite type a cast to <paramref name="typeName"/> becomes, or null when no CAST is needed:
    /// a lone literal operand may be rewritten in place instead (bytea hex, boolean words), and types
    /// SQLite keeps as text need nothing.
    /// </summary>
    private static string? SqliteType(ClientStatement statement, string typeName, int loneLiteral, SqlEdits edits) => typeName.ToLowerInvariant() switch
    {
        "bytea" when IsHexByteaLiteral(statement, loneLiteral) => RewriteHexByteaLiteral(statement, loneLiteral, edits),
        "bytea" => "BLOB",
        "bool" or "boolean" => RewriteBooleanLiteral(statement, loneLiteral, edits),
        "int" or "integer" or "int2" or "int4" or "int8" or "smallint" or "bigint" or "oid" or "serial" or "bigserial" => "INTEGER",
        "real" or "float" or "float4" or "float8" or "double precision" => "REAL",
        "numeric" or "decimal" => "NUMERIC",
        "text" or "varchar" or "character varying" or "char" or "character" or "bpchar" or "name" => "TEXT",
        _ => null, // dates, times, json, uuid, regclass...: SQLite keeps the text as it is
    };

    // '\x0102' (any case of x) as a whole operand.
    private static bool IsHexByteaLiteral(ClientStatement statement, int token)
    {
        if (token < 0 || statement.Tokens[token].Kind != SqlTokenKind.String) return false;
        var literal = statement.TextOf(token);
        return literal.Length >= 4 && literal[0] == '\'' && literal[1] == '\\' && literal[2] is 'x' or 'X';
    }

    // '\x0102' becomes x'0102'; returns null: no CAST is needed.
    private static string? RewriteHexByteaLiteral(ClientStatement statement, int token, SqlEdits edits)
    {
        edits.Replace(token, token + 1, string.Concat("x'", statement.TextOf(token)[3..]));
        return null;
    }

    // 't', 'yes', true... become 1 or 0; anything else is left as it is. Returns null: no CAST.
    private static string? RewriteBooleanLiteral(ClientStatement statement, int token, SqlEdits edits)
    {
        if (token < 0 || statement.Tokens[token].Length > 7) return null; // longer than 'false'
        var value = statement.TextOf(token).ToString().ToLowerInvariant() switch
        {
            "'t'" or "'true'" or "true" or "'1'" or "'yes'" or "'on'" => "1",
            "'f'" or "'false'" or "false" or "'0'" or "'no'" or "'off'" => "0",
            _ => null,
        };
        if (value is not null) edits.Replace(token, token + 1, value);
        return null;
    }

    /// <summary>
    /// Reads the type name of a cast starting at token <paramref name="first"/> (after <c>::</c>):
    /// <c>[schema.]name</c>, <c>"name"</c>, two-word names, a type modifier such as <c>(10,2)</c> and
    /// <c>[]</c> suffixes. Returns the index of the first token after it.
    /// </summary>
    public static int ReadTypeName(ClientStatement statement, int first, out string typeName)
    {
        var tokens = statement.Tokens;
        typeName = "";
        var i = first;
        if (i >= tokens.Length) return i;
        switch (tokens[i].Kind)
        {
            case SqlTokenKind.QuotedIdentifier:
                typeName = SqlIdentifier.Unquote(statement.Text, tokens[i]);
                i++;
                break;
            case SqlTokenKind.Word or SqlTokenKind.Number:
                typeName = statement.TextOf(i).ToString();
                i++;
                // pg_catalog.int8: the last part names the type.
                while (statement.IsPunctuation(i, '.') && statement.Touches(i) && statement.Touches(i + 1)
                    && tokens[i + 1].Kind is SqlTokenKind.Word or SqlTokenKind.Number)
                {
                    typeName = statement.TextOf(i + 1).ToString();
                    i += 2;
                }
                // Two-word type names.
                if ((typeName.Equals("double", StringComparison.OrdinalIgnoreCase) && statement.IsWord(i, "precision"))
                    || (typeName.Equals("character", StringComparison.OrdinalIgnoreCase) && statement.IsWord(i, "varying")))
                {
                    typeName += " " + statement.TextOf(i).ToString();
                    i++;
                }
                break;
        }
        // Type modifiers and array brackets: varchar(20), numeric(10,2), int[].
        if (i > first && statement.IsPunctuation(i, '(') && statement.Touches(i))
        {
            // Modifiers are short; looking further for a ')' could rescan the rest of the text per cast.
            var open = tokens[i].Start;
            for (var j = i + 1; j < tokens.Length && tokens[j].Start < open + MaxTypeModifierLength; j++)
            {
                if (statement.IsPunctuation(j, ')'))
                {
                    i = j + 1;
                    break;
                }
            }
        }
        while (i > first && statement.IsPunctuation(i, '[') && statement.Touches(i) && statement.IsPunctuation(i + 1, ']') && statement.Touches(i + 1)) i += 2;
        return i;
    }
}
