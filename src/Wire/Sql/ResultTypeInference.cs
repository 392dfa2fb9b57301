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
    /// output list; entries stay unspecified where the text does not tell.
    /// </summary>
    public static PgDeclaredType[] Infer(ClientStatement statement, PgDeclaredType[] known, uint[] parameterTypes, Func<string, PgDeclaredType[]?> probe)
    {
        var result = (PgDeclaredType[])known.Clone();
        var shape = StatementShape.Read(statement);
        if (shape.Items.Count != result.Length) return result;
        var references = new List<(int Start, int End)>();
        for (var i = 0; i < result.Length; i++)
            if (result[i].TypeOid == 0) ExpressionTyper.CollectReferences(statement, shape.Items[i].Start, shape.Items[i].End, references);
        var typer = new ExpressionTyper(statement, ResolveReferences(statement, shape, references, probe), parameterTypes);
        for (var i = 0; i < result.Length; i++)
            if (result[i].TypeOid == 0) result[i] = typer.TypeOf(shape.Items[i].Start, shape.Items[i].End);
        return result;
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
