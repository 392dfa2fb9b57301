using TenantDb.Engine;
using TenantDb.Engine.Values;

namespace TenantDb.Wire.Sql;

/// <summary>
/// Turns one client statement into the SQL SQLite runs: casts rewritten, string constants made plain,
/// and (for the simple protocol) literals made parameters. Each pass reads the client's tokens and
/// records edits; the text is built once, and errors map back through the same edits.
/// </summary>
internal static class StatementRewriter
{
    /// <summary>Rewrites <paramref name="statement"/>; with <paramref name="parameterize"/>, eligible literals become <c>?n</c>.</summary>
    public static RewrittenStatement Rewrite(ClientStatement statement, bool parameterize)
    {
        var edits = new SqlEdits(statement);
        IndexDdlRewriter.AddEdits(statement, edits);
        var usesCatalog = PgCatalogRewriter.AddEdits(statement, edits);
        OrderByOutputNames.AddEdits(statement, edits);
        OutputColumnNames.AddEdits(statement, edits);
        KeywordAliases.AddEdits(statement, edits);
        var values = parameterize ? LiteralParameterizer.AddEdits(statement, edits) : [];
        CastRewriter.AddEdits(statement, edits);
        StringConstantRewriter.AddEdits(statement, edits);
        return new RewrittenStatement(edits.Build(), values, new SqlPositionMap(statement, edits.Any ? edits : null), usesCatalog);
    }
}

/// <summary>A statement as SQLite gets it.</summary>
/// <param name="Sql">The rewritten text.</param>
/// <param name="Values">Values of the <c>?n</c> parameters that replaced literals (empty when none did).</param>
/// <param name="Positions">Maps error offsets in <paramref name="Sql"/> back to the client's text.</param>
/// <param name="UsesCatalog">True when the statement reads the PostgreSQL catalog, which must be brought up to date first.</param>
internal sealed record RewrittenStatement(string Sql, SqlValue[] Values, SqlPositionMap Positions, bool UsesCatalog);
