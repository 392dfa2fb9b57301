using TenantDb.Engine.PgCatalog;
using TenantDb.Engine.SqlText;
using TenantDb.Wire.Types;

namespace TenantDb.Wire.Sql;

/// <summary>
/// The name PostgreSQL gives an output column written without an alias (its <c>FigureColname</c>), read
/// from the client's tokens: a column reference or function call names it strongly (<c>t.a::text</c> is
/// <c>a</c>, <c>count(*)::int</c> is <c>count</c>); a cast otherwise names it after the type
/// (<c>'1'::int</c> is <c>int4</c>), CASE is <c>case</c>, EXISTS <c>exists</c>; operators, literals and
/// parameters give no name, which PostgreSQL shows as <c>?column?</c>.
/// </summary>
internal static class ExpressionColumnName
{
    /// <summary>The name PostgreSQL shows for a column with no name of its own.</summary>
    public const string Unnamed = "?column?";

    private enum Strength { None, Weak, Strong }

    /// <summary>The name of the output item at tokens [<paramref name="start"/>, <paramref name="end"/>).</summary>
    public static string Of(ClientStatement s, int start, int end) => Figure(s, start, end, 0).Name ?? Unnamed;

    private static (string? Name, Strength Strength) Figure(ClientStatement s, int start, int end, int depth)
    {
        if (start >= end || depth > 16) return (null, Strength.None);
        var tokens = s.Tokens;

        // The loosest top-level construct decides: an operator gives no name, a trailing cast its operand's or its type's.
        int cast = -1, level = 0;
        for (int i = start; i < end; i++)
        {
            var kind = tokens[i].Kind;
            if (s.IsPunctuation(i, '(') || s.IsPunctuation(i, '[') || s.IsWord(i, "CASE")) level++;
            else if (s.IsPunctuation(i, ')') || s.IsPunctuation(i, ']') || s.IsWord(i, "END") && level > 0) level--;
            else if (level > 0) continue;
            else if (kind == SqlTokenKind.TypeCast) cast = i;
            else if (kind == SqlTokenKind.Operator || kind == SqlTokenKind.Word && IsOperatorWord(s.TextOf(i))) return (null, Strength.None);
        }
        if (cast >= 0)
        {
            var operand = Figure(s, start, cast, depth + 1);
            return operand.Strength == Strength.Strong ? operand : (TypeName(s, cast + 1), Strength.Weak);
        }

        var first = tokens[start];
        if (end - start == 1)
        {
            if (first.Kind == SqlTokenKind.QuotedIdentifier) return (SqlIdentifier.Unquote(s.Text, first), Strength.Strong);
            if (first.Kind != SqlTokenKind.Word || IsConstantWord(s.TextOf(start))) return (null, Strength.None);
            return (PgCatalogRewriter.IsBareFunction(s.TextOf(start)) ? s.TextOf(start).ToString().ToLowerInvariant() : s.TextOf(start).ToString(), Strength.Strong);
        }
        if (s.IsPunctuation(start, '(') && s.Closing(start) == end - 1)
        {
            // A scalar subquery is named by its output; parentheses alone change nothing.
            if (!s.IsWord(start + 1, "SELECT")) return Figure(s, start + 1, end - 1, depth + 1);
            var subquery = StatementShape.ReadSelectAt(s, start + 1);
            if (subquery.Items.Count == 0) return (null, Strength.None);
            var (itemStart, itemEnd) = subquery.Items[0];
            int next = ItemEnd(s, itemEnd);
            if (s.IsWord(itemEnd, "AS") && itemEnd + 1 < next) return (Name(s, itemEnd + 1), Strength.Strong);
            if (next > itemEnd) return (Name(s, itemEnd), Strength.Strong);
            return Figure(s, itemStart, itemEnd, depth + 1);
        }
        if (first.Kind == SqlTokenKind.Word)
        {
            if (s.IsWord(start, "CASE")) return ("case", Strength.Weak);
            if (s.IsWord(start, "EXISTS")) return ("exists", Strength.Weak);
            if (s.IsWord(start, "ARRAY")) return ("array", Strength.Weak);
            if (s.IsWord(start, "ROW") && s.IsPunctuation(start + 1, '(')) return ("row", Strength.Weak);
            if (s.IsWord(start, "CAST") && s.IsPunctuation(start + 1, '(') && s.Closing(start + 1) == end - 1)
            {
                int asWord = s.TopLevelAs(start + 2, end - 1);
                if (asWord < 0) return (null, Strength.None);
                var operand = Figure(s, start + 2, asWord, depth + 1);
                return operand.Strength == Strength.Strong ? operand : (TypeName(s, asWord + 1), Strength.Weak);
            }
            // A typed literal: DATE '2024-01-01', INTERVAL '1 day'.
            if (tokens[end - 1].Kind is SqlTokenKind.String or SqlTokenKind.EscapeString && !s.IsPunctuation(start + 1, '(') && !s.IsPunctuation(start + 1, '.'))
                return (TypeName(s, start), Strength.Weak);
        }
        // t.col and schema.function(...): the last name.
        int nameToken = start;
        while (nameToken + 2 < end && s.IsPunctuation(nameToken + 1, '.') && tokens[nameToken + 2].Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier) nameToken += 2;
        if (nameToken == end - 1) return (Name(s, nameToken), Strength.Strong);
        if (tokens[nameToken].Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier && s.IsPunctuation(nameToken + 1, '('))
        {
            var name = tokens[nameToken].Kind == SqlTokenKind.QuotedIdentifier ? Name(s, nameToken) : s.TextOf(nameToken).ToString().ToLowerInvariant();
            return (name, Strength.Strong);
        }
        return (null, Strength.None);
    }

    // The internal name of the type whose name starts at token first (int is int4, double precision float8, varchar(20) varchar).
    private static string TypeName(ClientStatement s, int first)
    {
        int after = CastRewriter.ReadTypeName(s, first, out var written);
        if (written.Length == 0) return Unnamed;
        // timestamp/time WITH TIME ZONE: ReadTypeName stops before the zone words.
        if (s.IsWord(after, "WITH") && s.IsWord(after + 1, "TIME") && s.IsWord(after + 2, "ZONE")) written += " with time zone";
        // Resolve answers text for a name it does not know, so text's own names are checked here.
        if (written.Equals("text", StringComparison.OrdinalIgnoreCase)) return "text";
        return InternalName(PgDeclaredType.Resolve(written).TypeOid) ?? written.ToLowerInvariant();
    }

    private static string? InternalName(uint oid) => oid switch
    {
        PgTypeOid.Bool => "bool",
        PgTypeOid.Bytea => "bytea",
        PgTypeOid.Int2 => "int2",
        PgTypeOid.Int4 => "int4",
        PgTypeOid.Int8 => "int8",
        PgTypeOid.Float4 => "float4",
        PgTypeOid.Float8 => "float8",
        PgTypeOid.Numeric => "numeric",
        PgTypeOid.Varchar => "varchar",
        PgTypeOid.Bpchar => "bpchar",
        PgTypeOid.Date => "date",
        PgTypeOid.Time => "time",
        PgTypeOid.TimeTz => "timetz",
        PgTypeOid.Timestamp => "timestamp",
        PgTypeOid.TimestampTz => "timestamptz",
        PgTypeOid.Interval => "interval",
        PgTypeOid.Uuid => "uuid",
        PgTypeOid.Json => "json",
        PgTypeOid.Jsonb => "jsonb",
        _ => null,
    };

    // The end of a subquery's first item including its alias (the next top-level comma or the end of the list).
    private static int ItemEnd(ClientStatement s, int itemEnd)
    {
        int i = itemEnd;
        while (i < s.Tokens.Length && !s.IsPunctuation(i, ',') && !s.IsPunctuation(i, ')') && !s.IsWord(i, "FROM")) i++;
        return i;
    }

    private static string Name(ClientStatement s, int token) =>
        s.Tokens[token].Kind == SqlTokenKind.QuotedIdentifier ? SqlIdentifier.Unquote(s.Text, s.Tokens[token]) : s.TextOf(token).ToString();

    private static bool IsConstantWord(ReadOnlySpan<char> word) =>
        word.Equals("NULL", StringComparison.OrdinalIgnoreCase) || word.Equals("TRUE", StringComparison.OrdinalIgnoreCase)
        || word.Equals("FALSE", StringComparison.OrdinalIgnoreCase) || word.Equals("DEFAULT", StringComparison.OrdinalIgnoreCase);

    private static bool IsOperatorWord(ReadOnlySpan<char> word) =>
        word.Equals("AND", StringComparison.OrdinalIgnoreCase) || word.Equals("OR", StringComparison.OrdinalIgnoreCase)
        || word.Equals("NOT", StringComparison.OrdinalIgnoreCase) || word.Equals("IS", StringComparison.OrdinalIgnoreCase)
        || word.Equals("IN", StringComparison.OrdinalIgnoreCase) || word.Equals("LIKE", StringComparison.OrdinalIgnoreCase)
        || word.Equals("ILIKE", StringComparison.OrdinalIgnoreCase) || word.Equals("BETWEEN", StringComparison.OrdinalIgnoreCase)
        || word.Equals("SIMILAR", StringComparison.OrdinalIgnoreCase) || word.Equals("COLLATE", StringComparison.OrdinalIgnoreCase)
        || word.Equals("AT", StringComparison.OrdinalIgnoreCase);
}
