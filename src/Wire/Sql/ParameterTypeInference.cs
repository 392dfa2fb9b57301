using System.Globalization;
using TenantDb.Engine.PgCatalog;
using TenantDb.Engine.SqlText;
using TenantDb.Wire.Types;

namespace TenantDb.Wire.Sql;

/// <summary>
/// The types ParameterDescription reports for parameters the client left unspecified, found as
/// PostgreSQL finds them: a cast (<c>$1::int8</c>, <c>CAST($1 AS date)</c>), the column a parameter is
/// compared with or assigned to (<c>id = $1</c>, <c>SET v = v + $1</c>, <c>IN ($1, $2)</c>), the INSERT
/// target column at its position, and bigint for LIMIT/OFFSET. Clients such as asyncpg encode each
/// parameter (in binary) by the type reported here. What cannot be told stays text.
/// </summary>
internal static class ParameterTypeInference
{
    /// <summary>
    /// Fills the unspecified entries of <paramref name="types"/> ($1 = index 0) from
    /// <paramref name="statement"/>; <paramref name="probe"/> gives declared column types. When
    /// <paramref name="columnBound"/> is given, it marks every parameter (typed by the client or not) that
    /// meets a column or a cast: one compared with, assigned to or computed with a column, an INSERT
    /// value, or a cast. SQLite converts such a value by the column's (or the cast's) affinity; any other
    /// parameter is compared as it is bound, so a number bound as text would compare as text there.
    /// </summary>
    public static void Infer(ClientStatement statement, uint[] types, Func<string, PgDeclaredType[]?> probe, bool[]? columnBound = null)
    {
        if (Array.IndexOf(types, PgTypeOid.Unspecified) < 0 && columnBound is null) return;
        var shape = StatementShape.Read(statement);
        var tokens = statement.Tokens;
        var references = new List<(int Start, int End)>();
        var pending = new List<(int Parameter, int RefStart, int RefEnd)>();
        var pendingArrays = new List<(int Parameter, int RefStart, int RefEnd)>();
        var insertPositions = new List<(int Parameter, int Position)>();
        var typer = new ExpressionTyper(statement, null);
        int tupleStart = -1, tupleDepth = 0;
        int depth = 0;
        for (int i = 0; i < tokens.Length; i++)
        {
            if (statement.IsPunctuation(i, '(')) depth++;
            else if (statement.IsPunctuation(i, ')')) depth--;
            if (shape.ValuesStart >= 0 && i >= shape.ValuesStart && statement.IsPunctuation(i, '(') && depth == 1)
            {
                tupleStart = i + 1;
                tupleDepth = depth;
            }
            if (tokens[i].Kind != SqlTokenKind.Parameter) continue;
            int index = ParameterIndex(statement, i);
            if (index < 0 || index >= types.Length) continue;
            bool open = types[index] == PgTypeOid.Unspecified;
            if (!open && columnBound is null) continue;

            // $1::type
            if (i + 1 < tokens.Length && tokens[i + 1].Kind == SqlTokenKind.TypeCast)
            {
                int end = CastRewriter.ReadTypeName(statement, i + 2, out var castName);
                // $1::regtype, $1::regclass: the client sends the object's name.
                if (castName.StartsWith("reg", StringComparison.OrdinalIgnoreCase)) { types[index] = PgTypeOid.Text; continue; }
                var cast = typer.TypeNamed(i + 2, end);
                if (cast.TypeOid != 0) { Bind(columnBound, index); if (open) types[index] = cast.TypeOid; continue; }
            }
            // CAST($1 AS type)
            if (statement.IsPunctuation(i - 1, '(') && statement.IsWord(i - 2, "CAST") && statement.IsWord(i + 1, "AS"))
            {
                int close = typer.Closing(i - 1);
                var cast = close > 0 ? typer.TypeNamed(i + 2, close) : PgDeclaredType.Unspecified;
                if (cast.TypeOid != 0) { Bind(columnBound, index); if (open) types[index] = cast.TypeOid; continue; }
            }
            if (!open)
            {
                if (InsertItem(statement, tupleStart, tupleDepth, depth, i) || Converted(statement, i, ColumnBefore(statement, i) ?? ColumnAfter(statement, i)))
                    Bind(columnBound, index);
                continue;
            }

            // LIMIT $1 / OFFSET $1
            if (statement.IsWord(i - 1, "LIMIT") || statement.IsWord(i - 1, "OFFSET")) { types[index] = PgTypeOid.Int8; continue; }
            if (statement.IsWord(i - 1, "LIKE") || statement.IsWord(i - 1, "ILIKE")) { types[index] = PgTypeOid.Text; continue; }
            // A VALUES tuple item of an INSERT: the target column at that position.
            if (InsertItem(statement, tupleStart, tupleDepth, depth, i))
            {
                Bind(columnBound, index);
                insertPositions.Add((index, ItemPosition(statement, tupleStart, i)));
                continue;
            }
            // col = ANY($1), col <> ALL($1): an array of the column's type.
            if (statement.IsPunctuation(i - 1, '(') && statement.IsPunctuation(i + 1, ')') && i >= 4
                && (statement.IsWord(i - 2, "ANY") || statement.IsWord(i - 2, "ALL") || statement.IsWord(i - 2, "SOME"))
                && tokens[i - 3].Kind == SqlTokenKind.Operator && ReferenceEndingAt(statement, i - 4) is { } compared)
            {
                pendingArrays.Add((index, compared.Start, compared.End));
                references.Add(compared);
                continue;
            }
            // col op $1, col IN ($1, ...), col BETWEEN $1 AND $2, SET col = $1.
            if (ColumnBefore(statement, i) is { } before)
            {
                if (Converted(statement, i, before)) Bind(columnBound, index);
                pending.Add((index, before.Start, before.End));
                references.Add(before);
                continue;
            }
            if (ColumnAfter(statement, i) is { } after)
            {
                if (Converted(statement, i, after)) Bind(columnBound, index);
                pending.Add((index, after.Start, after.End));
                references.Add(after);
            }
        }

        if (pending.Count > 0 || pendingArrays.Count > 0)
        {
            var columns = ResultTypeInference.ResolveReferences(statement, shape, references, probe);
            if (columns is not null)
            {
                foreach (var (parameter, start, end) in pending)
                {
                    if (types[parameter] == PgTypeOid.Unspecified && columns.TryGetValue(ExpressionTyper.ReferenceKey(statement, start, end), out var type) && type.TypeOid != 0)
                        types[parameter] = type.TypeOid;
                }

                foreach (var (parameter, start, end) in pendingArrays)
                {
                    if (types[parameter] == PgTypeOid.Unspecified && columns.TryGetValue(ExpressionTyper.ReferenceKey(statement, start, end), out var type)
                        && ExpressionTyper.ArrayOf(type).TypeOid is not 0 and var array)
                        types[parameter] = array;
                }
            }
        }
        if (insertPositions.Count > 0) InferInsertTypes(statement, shape, types, insertPositions, probe);
    }

    private static void Bind(bool[]? columnBound, int index)
    {
        if (columnBound is not null && index < columnBound.Length) columnBound[index] = true;
    }

    // SQLite converts the parameter at i when it is an operand of arithmetic (numerically), or when the
    // column it is compared with is a whole operand (by the column's affinity). In `$1 < x + w` the
    // other operand is an expression without affinity, and the value is compared as it is bound.
    private static bool Converted(ClientStatement statement, int i, (int Start, int End)? column) =>
        IsOperator(statement, i - 1, numericOnly: true) || IsOperator(statement, i + 1, numericOnly: true)
        || (column is { } c && !IsOperator(statement, c.Start - 1, numericOnly: false) && !IsOperator(statement, c.End, numericOnly: false));

    private static bool IsOperator(ClientStatement statement, int k, bool numericOnly)
    {
        if (k < 0 || k >= statement.Tokens.Length || statement.Tokens[k].Kind != SqlTokenKind.Operator) return false;
        var op = statement.TextOf(k);
        return op is "+" or "-" or "*" or "/" or "%" || (!numericOnly && op is "||");
    }

    private static bool InsertItem(ClientStatement statement, int tupleStart, int tupleDepth, int depth, int i) =>
        tupleStart >= 0 && depth == tupleDepth && (statement.IsPunctuation(i - 1, '(') || statement.IsPunctuation(i - 1, ','))
        && (statement.IsPunctuation(i + 1, ',') || statement.IsPunctuation(i + 1, ')'));

    private static void InferInsertTypes(ClientStatement statement, StatementShape shape, uint[] types, List<(int Parameter, int Position)> positions, Func<string, PgDeclaredType[]?> probe)
    {
        string? sql = shape.InsertColumns.Count > 0
            ? shape.ProbeSql(shape.InsertColumns.Select(c => ExpressionTyper.ReferenceKey(statement, c.Start, c.End)))
            : shape.ProbeSql(["*"]);
        if (sql is null || probe(sql) is not { } columns) return;
        foreach (var (parameter, position) in positions)
        {
            if (position < columns.Length && types[parameter] == PgTypeOid.Unspecified && columns[position].TypeOid != 0)
                types[parameter] = columns[position].TypeOid;
        }
    }

    private static int ParameterIndex(ClientStatement statement, int token)
    {
        var text = statement.TextOf(token);
        return text.Length > 1 && text[0] == '$' && int.TryParse(text[1..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n - 1 : -1;
    }

    // Which item of a parenthesized list token i is.
    private static int ItemPosition(ClientStatement statement, int listStart, int i)
    {
        int position = 0, depth = 0;
        for (int k = listStart; k < i; k++)
        {
            if (statement.IsPunctuation(k, '(')) depth++;
            else if (statement.IsPunctuation(k, ')')) depth--;
            else if (depth == 0 && statement.IsPunctuation(k, ',')) position++;
        }
        return position;
    }

    // "col op $n" (also through IN ( ... , $n and BETWEEN $a AND $n): the column reference before the operator.
    private static (int Start, int End)? ColumnBefore(ClientStatement statement, int i)
    {
        int op = i - 1;
        if (op < 0) return null;
        if (statement.IsPunctuation(op, '(') || statement.IsPunctuation(op, ','))
        {
            // Walk back over the IN list to its '('.
            int depth = 0, k = op;
            for (; k >= 0; k--)
            {
                if (statement.IsPunctuation(k, ')')) depth++;
                else if (statement.IsPunctuation(k, '(') && depth-- == 0) break;
            }
            if (k < 1 || !statement.IsWord(k - 1, "IN")) return null;
            op = k - 1;
            if (statement.IsWord(op - 1, "NOT")) op--;
        }
        else if (statement.IsWord(op, "AND") && FindBetween(statement, op) is { } between)
        {
            op = between;
        }
        else if (!(statement.Tokens[op].Kind == SqlTokenKind.Operator && IsComparisonOrArithmetic(statement.TextOf(op))) && !statement.IsWord(op, "BETWEEN"))
        {
            return null;
        }
        return ReferenceEndingAt(statement, op - 1);
    }

    // "$n op col": the column reference after the operator.
    private static (int Start, int End)? ColumnAfter(ClientStatement statement, int i)
    {
        int op = i + 1;
        if (op >= statement.Tokens.Length || statement.Tokens[op].Kind != SqlTokenKind.Operator || !IsComparisonOrArithmetic(statement.TextOf(op))) return null;
        int start = op + 1, end = start;
        while (end < statement.Tokens.Length && statement.Tokens[end].Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier)
        {
            end++;
            if (statement.IsPunctuation(end, '.') && statement.Touches(end)) end++;
            else break;
        }
        if (end == start || statement.IsPunctuation(end, '(') || IsKeyword(statement, end - 1)) return null;
        return (start, end);
    }

    // The column reference (name or dotted name) whose last token is at `last`.
    private static (int Start, int End)? ReferenceEndingAt(ClientStatement statement, int last)
    {
        if (last < 0 || statement.Tokens[last].Kind is not (SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier) || IsKeyword(statement, last)) return null;
        int start = last;
        while (start >= 2 && statement.IsPunctuation(start - 1, '.') && statement.Tokens[start - 2].Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier) start -= 2;
        return (start, last + 1);
    }

    private static int? FindBetween(ClientStatement statement, int and)
    {
        for (int k = and - 1; k >= 0 && k >= and - 4; k--)
            if (statement.IsWord(k, "BETWEEN")) return k;
        return null;
    }

    private static bool IsKeyword(ClientStatement statement, int i)
    {
        if (statement.Tokens[i].Kind != SqlTokenKind.Word) return false;
        var w = statement.TextOf(i);
        return Is(w, "AND") || Is(w, "OR") || Is(w, "NOT") || Is(w, "WHERE") || Is(w, "SET") || Is(w, "SELECT") || Is(w, "THEN") || Is(w, "ELSE")
            || Is(w, "WHEN") || Is(w, "ON") || Is(w, "NULL") || Is(w, "TRUE") || Is(w, "FALSE") || Is(w, "IS") || Is(w, "CASE") || Is(w, "END")
            || Is(w, "HAVING") || Is(w, "RETURNING") || Is(w, "VALUES") || Is(w, "BY") || Is(w, "CURRENT_TIMESTAMP") || Is(w, "CURRENT_DATE");
    }

    private static bool IsComparisonOrArithmetic(ReadOnlySpan<char> op) =>
        op is "=" or "<>" or "!=" or "<" or ">" or "<=" or ">=" or "+" or "-" or "*" or "/" or "%";

    private static bool Is(ReadOnlySpan<char> word, string keyword) => word.Equals(keyword, StringComparison.OrdinalIgnoreCase);
}
