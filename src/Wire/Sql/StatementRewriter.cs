using TenantDb.Engine;
using TenantDb.Engine.PgCatalog;
using TenantDb.Engine.Values;

namespace TenantDb.Wire.Sql;

/// <summary>
/// Turns one client statement into the SQL SQLite runs: casts rewritten, string constants made plain,
/// and (for the simple protocol) literals made parameters. Each pass reads the client's tokens and
/// records edits; the text is built once, and errors map back through the same edits.
/// </summary>
internal static class StatementRewriter
{
    /// <summary>
    /// Rewrites <paramref name="statement"/>; with <paramref name="parameterize"/>, eligible literals become <c>?n</c>.
    /// With <paramref name="probe"/>, column references whose declared type decides a rewrite (a date column
    /// plus a number) are looked up through it.
    /// </summary>
    /// With <paramref name="tables"/>, INSERTs get the values of columns that sequences generate, DEFAULT
    /// becomes what it stands for, and PostgreSQL's rules for explicit identity values are applied
    /// (<see cref="GeneratedValueRewriter"/>); a statement those rules refuse gets a <see cref="RewrittenStatement.Refusal"/>.
    public static RewrittenStatement Rewrite(ClientStatement statement, bool parameterize, Func<string, PgDeclaredType[]?>? probe = null, ITableDefaults? tables = null)
    {
        var edits = new SqlEdits(statement);
        var refusal = GeneratedValueRewriter.AddEdits(statement, edits, tables);
        refusal ??= DerivedColumnAliases.AddEdits(statement, edits);
        IndexDdlRewriter.AddEdits(statement, edits);
        StandardCallSyntax.AddEdits(statement, edits);
        // Column declarations are not expressions: "int[]" there is a type, not a subscript.
        var usesCatalog = !TableDefinitionRewriter.DeclaresColumns(statement) && PgCatalogRewriter.AddEdits(statement, edits);
        OrderByOutputNames.AddEdits(statement, edits);
        var unnamed = OutputColumnNames.AddEdits(statement, edits);
        KeywordAliases.AddEdits(statement, edits);
        var values = parameterize ? LiteralParameterizer.AddEdits(statement, edits) : [];
        ExactNumberLiterals.AddEdits(statement, edits);
        var definition = TableDefinitionRewriter.AddEdits(statement, edits);
        // Casts first: a cast's opening before an operand must sit inside date arithmetic's opening there.
        NumericRoundingCasts.AddEdits(statement, edits, probe);
        CastRewriter.AddEdits(statement, edits);
        DateTimeRewriter.AddEdits(statement, edits, probe);
        ContainmentRewriter.AddEdits(statement, edits, probe);
        NumericDivisionRewriter.AddEdits(statement, edits, probe);
        // After the casts: its openings wrap theirs and its ESCAPE goes after a cast's closing.
        LikeRewriter.AddEdits(statement, edits);
        StringConstantRewriter.AddEdits(statement, edits);
        OutputColumnNames.AddUnnamedAliases(statement, edits, unnamed);
        return new RewrittenStatement(edits.Build(), values, new SqlPositionMap(statement, edits.Any ? edits : null), usesCatalog) { Definition = definition, Refusal = refusal };
    }
}

/// <summary>A statement as SQLite gets it.</summary>
/// <param name="Sql">The rewritten text.</param>
/// <param name="Values">Values of the <c>?n</c> parameters that replaced literals (empty when none did).</param>
/// <param name="Positions">Maps error offsets in <paramref name="Sql"/> back to the client's text.</param>
/// <param name="UsesCatalog">True when the statement reads the PostgreSQL catalog, which must be brought up to date first.</param>
internal sealed record RewrittenStatement(string Sql, SqlValue[] Values, SqlPositionMap Positions, bool UsesCatalog)
{
    /// <summary>For CREATE TABLE and ALTER TABLE ADD COLUMN: types to remember, notices, or why it cannot run.</summary>
    public TableDefinition? Definition { get; init; }

    /// <summary>Why the statement must not run (SQLSTATE and message), found while rewriting it; null when it may.</summary>
    public (string State, string Message)? Refusal { get; init; }
}
