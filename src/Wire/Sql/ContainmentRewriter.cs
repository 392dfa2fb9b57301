using TenantDb.Engine.PgCatalog;
using TenantDb.Engine.SqlText;
using TenantDb.Wire.Types;

namespace TenantDb.Wire.Sql;

/// <summary>
/// PostgreSQL's containment operators, which SQLite does not have: <c>a @&gt; b</c> becomes
/// <c>tenantdb_contains(a, b, kind)</c> and <c>a &lt;@ b</c> <c>tenantdb_contained(a, b, kind)</c> (jsonb documents
/// and arrays; see the engine's PgJsonContainment), kind saying which the operands are when their types tell. The left operand takes in the JSON path operators before it
/// (<c>meta-&gt;'n' @&gt; '{}'</c>), which bind as tightly.
/// </summary>
internal static class ContainmentRewriter
{
    /// <summary>
    /// Records the edits for <paramref name="statement"/>. The operands' types (column types through
    /// <paramref name="probe"/>) tell a jsonb <c>'{}'</c> (an empty object) from an array's (empty).
    /// </summary>
    public static void AddEdits(ClientStatement statement, SqlEdits edits, Func<string, PgDeclaredType[]?>? probe = null)
    {
        var tokens = statement.Tokens;
        var found = BinaryOperands.Find(statement, static op => op is "@>" or "<@", static op => op is "->" or "->>" or "#>" or "#>>");
        if (found is null) return;
        var typer = BinaryOperands.Typer(statement, found, probe);
        foreach (var (left, i, right) in found)
        {
            var kind = Kind(typer.TypeOf(left, i)) is var k && k != 0 ? k : Kind(typer.TypeOf(i + 1, right));
            edits.InsertBefore(left, tokens[i].TextIn(statement.Text) is "@>" ? "tenantdb_contains(" : "tenantdb_contained(");
            edits.Replace(i, i + 1, ",");
            edits.CloseAfter(right - 1, kind switch { 1 => ", 1)", 2 => ", 2)", _ => ", 0)" });
        }
    }

    // 1 for json and jsonb, 2 for an array type, 0 when the type does not tell.
    private static int Kind(PgDeclaredType type) =>
        type.TypeOid is PgTypeOid.Json or PgTypeOid.Jsonb ? 1 : ExpressionTyper.ElementOf(type).TypeOid != 0 ? 2 : 0;
}
