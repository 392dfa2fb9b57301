using TenantDb.Engine.PgCatalog;

namespace TenantDb.Wire.Sql;

/// <summary>
/// Types the result columns SQLite cannot (expressions have no declared type) from the client's text:
/// each output item is typed by <see cref="ExpressionTyper"/>, with the column names it uses looked up
/// in the statement's scope by a probe statement that selects just those names (see
/// <see cref="StatementShape.ProbeSql"/>), which SQLite prepares but never runs.
/// </summary>
internal static class ResultTypeInference
{
    /// <summary>Most column references one probe resolves one by one when resolving them together fails.</summary>
    private const int MaxSeparateProbes = 16;

    /// <summary>
    /// <paramref name="known"/> with its unspecified entries typed from <paramref name="statement"/>'s
    /// output list; entries stay unspecified where the text does not tell. For a UNION, INTERSECT or EXCEPT
    /// and for VALUES every column is typed from all branches (SQLite reports the first branch's declared types
    /// only). <paramref name="names"/> are the result's column names, which type the columns a <c>*</c> brings in
    /// from a CTE or a query in FROM.
    /// </summary>
    public static PgDeclaredType[] Infer(ClientStatement statement, PgDeclaredType[] known, string[] names, uint[] parameterTypes, Func<string, PgDeclaredType[]?> probe)
    {
        var result = (PgDeclaredType[])known.Clone();
        int main = MainQuery(statement);
        if (statement.IsWord(main, "VALUES") || QueryBranches.IsCompound(statement, main))
        {
            InferCompound(statement, main, result, parameterTypes, probe);
            return result;
        }
        var shape = StatementShape.Read(statement);
        // Output item k is result column k up to the first *, and counts from the end after the last one.
        int leading = shape.Items.FindIndex(item => IsStar(statement, item));
        int trailing = leading < 0 ? 0 : shape.Items.Count - 1 - shape.Items.FindLastIndex(item => IsStar(statement, item));
        if (leading < 0) leading = shape.Items.Count;
        if (leading == shape.Items.Count && shape.Items.Count != result.Length || leading + trailing > result.Length) return result;
        var positions = new List<(int Column, int Item)>();
        for (var k = 0; k < leading; k++) positions.Add((k, k));
        for (var k = 0; k < trailing; k++) positions.Add((result.Length - trailing + k, shape.Items.Count - trailing + k));
        var references = new List<(int Start, int End)>();
        // SQLite declares a compound subquery's column as its last branch's: a column of the one CTE or query in FROM
        // that is a compound is typed from all its branches, also where SQLite declared a type.
        foreach (var (column, item) in positions)
        {
            var (start, end) = shape.Items[item];
            if (result[column].TypeOid != 0 && CompoundSourceColumn(statement, shape, start, end) is not null) result[column] = PgDeclaredType.Unspecified;
            if (result[column].TypeOid == 0) ExpressionTyper.CollectReferences(statement, start, end, references);
        }
        var columns = ResolveReferences(statement, shape, references, probe);
        var typer = new ExpressionTyper(statement, columns, parameterTypes, probe);
        if (columns is not null)
        {
            foreach (var (start, end) in references)
            {
                if (CompoundSourceColumn(statement, shape, start, end) is { } source)
                    columns[ExpressionTyper.ReferenceKey(statement, start, end)] = typer.ColumnTypeOf(source.Branches, source.Column);
            }
        }
        foreach (var (column, item) in positions)
            if (result[column].TypeOid == 0) result[column] = typer.TypeOf(shape.Items[item].Start, shape.Items[item].End);
        if (leading < shape.Items.Count) InferByName(statement, shape, result, names, parameterTypes, probe);
        return result;
    }

    /// <summary>
    /// True when the result types of <paramref name="statement"/> may depend on more than SQLite reports: a query with a
    /// UNION, INTERSECT, EXCEPT or VALUES anywhere (SQLite declares a compound's column as one branch's).
    /// </summary>
    public static bool TypesEveryBranch(ClientStatement statement)
    {
        int main = MainQuery(statement);
        if (!(statement.IsWord(main, "SELECT") || statement.IsWord(main, "VALUES"))) return false;
        for (int i = 0; i < statement.Tokens.Length; i++)
        {
            if (statement.IsWord(i, "UNION") || statement.IsWord(i, "INTERSECT") || statement.IsWord(i, "EXCEPT") || statement.IsWord(i, "VALUES")) return true;
        }
        return false;
    }

    // Each column's common type over the branches; the first branch's declared column types are SQLite's.
    private static void InferCompound(ClientStatement statement, int main, PgDeclaredType[] result, uint[] parameterTypes, Func<string, PgDeclaredType[]?> probe)
    {
        var branches = QueryBranches.Read(statement, main);
        if (branches is null || branches[0].Items.Count != result.Length) return;
        var common = new CommonType[result.Length];
        for (var b = 0; b < branches.Count; b++)
        {
            var branch = branches[b];
            Dictionary<string, PgDeclaredType>? columns = null;
            if (branch.Select is { } shape)
            {
                var references = new List<(int Start, int End)>();
                foreach (var (start, end) in branch.Items) ExpressionTyper.CollectReferences(statement, start, end, references);
                columns = ResolveReferences(statement, shape, references, probe);
            }
            var typer = new ExpressionTyper(statement, columns, parameterTypes, probe);
            for (var i = 0; i < result.Length; i++)
            {
                var (start, end) = branch.Items[i];
                if (b == 0 && result[i].TypeOid != 0) common[i].Add(result[i]);
                else if (!typer.IsUntypedLiteral(start, end)) common[i].Add(typer.TypeOf(start, end));
            }
        }
        for (var i = 0; i < result.Length; i++) result[i] = common[i].Result;
    }

    // Columns a * brought in from a CTE or a query in FROM, found by the name SQLite gives them.
    private static void InferByName(ClientStatement statement, StatementShape shape, PgDeclaredType[] result, string[] names, uint[] parameterTypes, Func<string, PgDeclaredType[]?> probe)
    {
        ExpressionTyper? typer = null;
        for (var i = 0; i < result.Length && i < names.Length; i++)
        {
            if (StatementShape.UniqueColumnSource(statement, names[i]) is not { } source) continue;
            if (result[i].TypeOid != 0 && !(source.Branches.Count > 1 && shape.SoleSourceColumn(null, names[i]) is not null)) continue;
            typer ??= new ExpressionTyper(statement, null, parameterTypes, probe);
            result[i] = typer.ColumnTypeOf(source.Branches, source.Column);
        }
    }

    // The source of a column reference (tokens [start, end): name or qualifier.name) to the one CTE or query in FROM, when that is a compound.
    private static (List<QueryBranches.Branch> Branches, int Column)? CompoundSourceColumn(ClientStatement statement, StatementShape shape, int start, int end)
    {
        string? qualifier;
        if (end - start == 1) qualifier = null;
        else if (end - start == 3 && statement.IsPunctuation(start + 1, '.')) qualifier = Name(statement, start);
        else return null;
        if (statement.Tokens[end - 1].Kind is not (Engine.SqlText.SqlTokenKind.Word or Engine.SqlText.SqlTokenKind.QuotedIdentifier)) return null;
        var name = Name(statement, end - 1);
        // A qualifier that names a query in FROM cannot mean another table, whatever else FROM holds.
        if (qualifier is not null && StatementShape.DerivedColumnSource(statement, qualifier, name) is { Branches.Count: > 1 } derived) return derived;
        return shape.SoleSourceColumn(qualifier, name) is { Branches.Count: > 1 } source ? source : null;
    }

    private static string Name(ClientStatement statement, int token) => statement.Tokens[token].Kind == Engine.SqlText.SqlTokenKind.QuotedIdentifier
        ? Engine.SqlText.SqlIdentifier.Unquote(statement.Text, statement.Tokens[token])
        : statement.TextOf(token).ToString();

    // * or name.*
    private static bool IsStar(ClientStatement statement, (int Start, int End) item) =>
        statement.Tokens[item.End - 1].Kind == Engine.SqlText.SqlTokenKind.Operator && statement.TextOf(item.End - 1) is "*"
        && (item.End - item.Start == 1 || statement.IsPunctuation(item.End - 2, '.'));

    // The SELECT or VALUES keyword of the statement's own query, after a WITH clause.
    private static int MainQuery(ClientStatement statement)
    {
        if (!statement.IsWord(0, "WITH")) return 0;
        int depth = 0;
        for (int i = 1; i < statement.Tokens.Length; i++)
        {
            if (statement.IsPunctuation(i, '(')) depth++;
            else if (statement.IsPunctuation(i, ')')) depth--;
            else if (depth == 0 && (statement.IsWord(i, "SELECT") || statement.IsWord(i, "VALUES") || statement.IsWord(i, "INSERT")
                || statement.IsWord(i, "UPDATE") || statement.IsWord(i, "DELETE"))) return i;
        }
        return 0;
    }

    /// <summary>The declared types of the column references in <paramref name="references"/>, by their text; null when none resolves.</summary>
    public static Dictionary<string, PgDeclaredType>? ResolveReferences(ClientStatement statement, StatementShape shape, List<(int Start, int End)> references, Func<string, PgDeclaredType[]?> probe)
    {
        if (references.Count == 0) return null;
        var keys = new List<string>();
        foreach (var (start, end) in references)
        {
            var key = ExpressionTyper.ReferenceKey(statement, start, end);
            if (!keys.Contains(key, StringComparer.Ordinal)) keys.Add(key);
        }
        var sql = shape.ProbeSql(keys);
        if (sql is null) return null;
        var map = new Dictionary<string, PgDeclaredType>(StringComparer.Ordinal);
        var types = probe(sql);
        if (types is not null && types.Length == keys.Count)
        {
            for (var i = 0; i < keys.Count; i++) map[keys[i]] = types[i];
            return map;
        }
        // One name that is not a column (a keyword the typer took for one) fails the whole probe: try each alone.
        if (keys.Count == 1) return null;
        foreach (var key in keys.Take(MaxSeparateProbes))
        {
            if (shape.ProbeSql([key]) is { } single && probe(single) is [var type]) map[key] = type;
        }
        return map.Count > 0 ? map : null;
    }
}
