using TenantDb.Engine.PgCatalog;
using TenantDb.Engine.SqlText;
using TenantDb.Engine.Values;
using TenantDb.Wire.Types;

namespace TenantDb.Wire.Sql;

/// <summary>
/// Rewrites date/time syntax SQLite lacks into the engine's functions: <c>extract(f FROM x)</c> becomes
/// <c>date_part('f', x)</c>, typed literals (<c>DATE '2024-01-01'</c>, <c>INTERVAL '1 day'</c>) their
/// string, and <c>a + b</c> / <c>a - b</c> where the text shows a date, timestamp or interval operand
/// (a cast, a typed literal, <c>now()</c>, <c>current_date</c>...) becomes
/// <c>tenantdb_datetime_add(a, b, ±1)</c>: SQLite's <c>+</c> would read <c>'2024-01-01'</c> as the number 2024.
/// <c>x AT TIME ZONE z</c> becomes <c>tenantdb_at_time_zone(x, z)</c>.
/// A column operand (<c>d + 1</c>) has no such sign in the text: in a SELECT, when the other operand is an
/// integer or a parameter, the column's declared type is looked up through the caller's probe.
/// </summary>
internal static class DateTimeRewriter
{
    /// <summary>Records the edits for <paramref name="statement"/>; <paramref name="probe"/> resolves column operands (none: not looked up).</summary>
    public static void AddEdits(ClientStatement statement, SqlEdits edits, Func<string, PgDeclaredType[]?>? probe = null)
    {
        var tokens = statement.Tokens;
        var typer = new ExpressionTyper(statement, probe is null ? null : ColumnOperandTypes(statement, probe));
        int previousLeft = -1, previousRight = -1;
        for (int i = 0; i < tokens.Length; i++)
        {
            var token = tokens[i];
            if (token.Kind == SqlTokenKind.Word)
            {
                if (statement.IsWord(i, "extract") && statement.IsPunctuation(i + 1, '(') && statement.Touches(i + 1) && i + 3 < tokens.Length && statement.IsWord(i + 3, "FROM"))
                {
                    var field = tokens[i + 2].Kind == SqlTokenKind.String ? statement.TextOf(i + 2).ToString() : "'" + statement.TextOf(i + 2).ToString().ToLowerInvariant() + "'";
                    edits.Replace(i, i + 4, $"date_part({field}, ");
                    i += 3;
                    continue;
                }
                if (IsTypedLiteral(statement, i) && !edits.IsReplaced(i))
                {
                    // Stored dates and times compare as text, so the literal takes their stored form
                    // (TIMESTAMPTZ '2024-12-31T23:59:59Z' is '2024-12-31 23:59:59+00', as EF Core writes it).
                    if (!edits.IsReplaced(i + 1) && StoredForm(statement, i) is { } stored) edits.Replace(i, i + 2, stored);
                    else edits.Replace(i, i + 1, "");
                }
                else if (statement.IsWord(i, "AT") && statement.IsWord(i + 1, "TIME") && statement.IsWord(i + 2, "ZONE") && i > 0 && EndsOperand(statement, i - 1)
                    && LeftStart(statement, i - 1) is >= 0 and var zoneLeft && RightEnd(statement, i + 3) is var zoneRight && zoneRight > i + 3)
                {
                    // x AT TIME ZONE z → tenantdb_at_time_zone(x, z)
                    edits.InsertBefore(zoneLeft, "tenantdb_at_time_zone(");
                    edits.Replace(i, i + 3, ",");
                    edits.CloseAfter(zoneRight - 1, ")");
                    i += 2;
                }
                continue;
            }
            if (token.Kind != SqlTokenKind.Operator || token.TextIn(statement.Text) is not ("+" or "-") || i == 0 || !EndsOperand(statement, i - 1)) continue;
            int left = LeftStart(statement, i - 1);
            int right = RightEnd(statement, i + 1);
            if (left < 0 || right <= i + 1) continue;
            bool chained = left == previousRight;
            if (!chained && !IsTemporal(typer.TypeOf(left, i).TypeOid) && !IsTemporal(typer.TypeOf(i + 1, right).TypeOid)) continue;
            if (chained) left = previousLeft;
            edits.InsertBefore(left, "tenantdb_datetime_add(");
            edits.Replace(i, i + 1, ",");
            edits.CloseAfter(right - 1, token.TextIn(statement.Text) is "+" ? ", 1)" : ", -1)");
            previousLeft = left;
            previousRight = i + 1;
        }
    }

    // The declared types of column operands added to an integer or a parameter, in a SELECT: the only shape
    // whose meaning the text leaves open (d + 1 is a date when d is one). Null when there is none, so the
    // common statement costs no probe.
    private static Dictionary<string, PgDeclaredType>? ColumnOperandTypes(ClientStatement statement, Func<string, PgDeclaredType[]?> probe)
    {
        if (!statement.IsWord(0, "SELECT")) return null;
        var tokens = statement.Tokens;
        List<(int Start, int End)>? references = null;
        for (int i = 1; i + 1 < tokens.Length; i++)
        {
            if (tokens[i].Kind != SqlTokenKind.Operator || tokens[i].TextIn(statement.Text) is not ("+" or "-") || !EndsOperand(statement, i - 1)) continue;
            int left = LeftStart(statement, i - 1);
            int right = RightEnd(statement, i + 1);
            if (left < 0 || right <= i + 1) continue;
            bool leftColumn = IsColumnReference(statement, left, i), rightColumn = IsColumnReference(statement, i + 1, right);
            if (leftColumn && IsIntegerOrParameter(statement, i + 1, right)) (references ??= []).Add((left, i));
            else if (rightColumn && tokens[i].TextIn(statement.Text) is "+" && IsIntegerOrParameter(statement, left, i)) (references ??= []).Add((i + 1, right));
        }
        return references is null ? null : ResultTypeInference.ResolveReferences(statement, StatementShape.Read(statement), references, probe);
    }

    // A bare or qualified name: d, t.d, "D".
    private static bool IsColumnReference(ClientStatement s, int start, int end)
    {
        for (int k = start; k < end; k++)
        {
            bool name = (k - start) % 2 == 0;
            if (name ? s.Tokens[k].Kind is not (SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier) || (s.Tokens[k].Kind == SqlTokenKind.Word && IsKeyword(s, k)) : !s.IsPunctuation(k, '.')) return false;
        }
        return (end - start) % 2 == 1;
    }

    private static bool IsIntegerOrParameter(ClientStatement s, int start, int end) =>
        end == start + 1 && (s.Tokens[start].Kind == SqlTokenKind.Parameter
            || (s.Tokens[start].Kind == SqlTokenKind.Number && !s.TextOf(start).ContainsAny('.', 'e', 'E')));

    private static bool IsTemporal(uint oid) => oid is PgTypeOid.Date or PgTypeOid.Timestamp or PgTypeOid.TimestampTz or PgTypeOid.Interval or PgTypeOid.Time;

    // The literal after type word i in the form values of its type are stored in, quoted; null when it does not parse.
    private static string? StoredForm(ClientStatement s, int i)
    {
        if (!SqlStringConstant.TryGetValue(s.Text, s.Tokens[i + 1], out var value, out _)) return null;
        string? stored = null;
        if (s.IsWord(i, "DATE") && PgDateTime.TryParseTimestamp(value, out var date, out _)) stored = PgDateTime.FormatDate(date);
        else if (s.IsWord(i, "TIMESTAMPTZ") && PgDateTime.TryParseInstant(value, out var instant)) stored = PgDateTime.FormatInstant(instant);
        else if (s.IsWord(i, "TIMESTAMP") && PgDateTime.TryParseTimestamp(value, out var timestamp, out var offset))
            stored = PgDateTime.FormatTimestamp(offset is { } o ? timestamp - o : timestamp);
        else if (s.IsWord(i, "INTERVAL") && PgInterval.TryParse(value, out var interval)) stored = interval.ToString();
        return stored is null ? null : "'" + stored + "'";
    }

    private static bool IsTypedLiteral(ClientStatement s, int i) =>
        i + 1 < s.Tokens.Length && s.Tokens[i + 1].Kind is SqlTokenKind.String or SqlTokenKind.EscapeString
        && (s.IsWord(i, "DATE") || s.IsWord(i, "TIMESTAMP") || s.IsWord(i, "TIMESTAMPTZ") || s.IsWord(i, "INTERVAL") || s.IsWord(i, "TIME"))
        && !s.IsPunctuation(i - 1, '.') && !(i > 0 && s.Tokens[i - 1].Kind == SqlTokenKind.TypeCast);

    internal static bool EndsOperand(ClientStatement s, int j)
    {
        var t = s.Tokens[j];
        return t.Kind switch
        {
            SqlTokenKind.Number or SqlTokenKind.String or SqlTokenKind.EscapeString or SqlTokenKind.Parameter or SqlTokenKind.QuotedIdentifier => true,
            SqlTokenKind.Punctuation => s.IsPunctuation(j, ')') || s.IsPunctuation(j, ']'),
            SqlTokenKind.Word => !IsKeyword(s, j),
            _ => false,
        };
    }

    // The first token of the operand that ends at token j.
    internal static int LeftStart(ClientStatement s, int j)
    {
        var tokens = s.Tokens;
        for (int guard = 0; guard < 16 && j >= 0; guard++)
        {
            // Through a cast: x::type ends in the type's name.
            int cast = CastBefore(s, j);
            if (cast >= 0)
            {
                j = cast - 1;
                continue;
            }
            if (s.IsPunctuation(j, ')') || s.IsPunctuation(j, ']'))
            {
                int open = Opening(s, j);
                if (open < 0) return -1;
                if (open > 0 && tokens[open - 1].Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier && s.Touches(open) && s.IsPunctuation(open, '('))
                {
                    int name = open - 1;
                    while (name >= 2 && s.IsPunctuation(name - 1, '.')) name -= 2;
                    return name;
                }
                return open;
            }
            if (tokens[j].Kind is SqlTokenKind.String && j > 0 && IsTypedLiteral(s, j - 1)) return j - 1;
            if (tokens[j].Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier)
            {
                while (j >= 2 && s.IsPunctuation(j - 1, '.') && tokens[j - 2].Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier) j -= 2;
                return j;
            }
            return tokens[j].Kind is SqlTokenKind.Number or SqlTokenKind.String or SqlTokenKind.EscapeString or SqlTokenKind.Parameter ? j : -1;
        }
        return -1;
    }

    // The '::' whose type name ends at token j, or -1.
    private static int CastBefore(ClientStatement s, int j)
    {
        for (int k = j - 1; k >= 0 && k >= j - 10; k--)
        {
            if (s.Tokens[k].Kind != SqlTokenKind.TypeCast) continue;
            return CastRewriter.ReadTypeName(s, k + 1, out _) == j + 1 ? k : -1;
        }
        return -1;
    }

    // The token after the operand that starts at token k.
    internal static int RightEnd(ClientStatement s, int k)
    {
        var tokens = s.Tokens;
        if (k >= tokens.Length) return -1;
        if (tokens[k].Kind == SqlTokenKind.Operator && tokens[k].TextIn(s.Text) is "-" or "+") k++;
        if (k >= tokens.Length) return -1;
        int end;
        if (IsTypedLiteral(s, k)) end = k + 2;
        else if (s.IsPunctuation(k, '('))
        {
            int close = s.Closing(k);
            if (close < 0) return -1;
            end = close + 1;
        }
        else if (tokens[k].Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier)
        {
            if (IsKeyword(s, k)) return -1;
            end = k + 1;
            while (s.IsPunctuation(end, '.') && end + 1 < tokens.Length && tokens[end + 1].Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier) end += 2;
            if (s.IsPunctuation(end, '(') && s.Touches(end))
            {
                int close = s.Closing(end);
                if (close < 0) return -1;
                end = close + 1;
            }
        }
        else if (tokens[k].Kind is SqlTokenKind.Number or SqlTokenKind.String or SqlTokenKind.EscapeString or SqlTokenKind.Parameter) end = k + 1;
        else return -1;
        while (end < tokens.Length && tokens[end].Kind == SqlTokenKind.TypeCast) end = CastRewriter.ReadTypeName(s, end + 1, out _);
        return end;
    }

    private static int Opening(ClientStatement s, int close)
    {
        int depth = 0;
        for (int i = close; i >= 0; i--)
        {
            if (s.IsPunctuation(i, ')') || s.IsPunctuation(i, ']')) depth++;
            else if ((s.IsPunctuation(i, '(') || s.IsPunctuation(i, '[')) && --depth == 0) return i;
        }
        return -1;
    }

    private static bool IsKeyword(ClientStatement s, int i)
    {
        var w = s.TextOf(i);
        return Is(w, "SELECT") || Is(w, "WHERE") || Is(w, "AND") || Is(w, "OR") || Is(w, "NOT") || Is(w, "THEN") || Is(w, "ELSE") || Is(w, "WHEN")
            || Is(w, "SET") || Is(w, "ON") || Is(w, "BY") || Is(w, "AS") || Is(w, "IS") || Is(w, "IN") || Is(w, "CASE") || Is(w, "VALUES")
            || Is(w, "RETURNING") || Is(w, "FROM") || Is(w, "HAVING") || Is(w, "LIMIT") || Is(w, "OFFSET") || Is(w, "BETWEEN") || Is(w, "LIKE")
            || Is(w, "DEFAULT");
    }

    private static bool Is(ReadOnlySpan<char> word, string keyword) => word.Equals(keyword, StringComparison.OrdinalIgnoreCase);
}
