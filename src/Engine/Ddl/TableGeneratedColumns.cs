namespace TenantDb.Engine.Ddl;

/// <summary>
/// The columns of one table whose values the engine generates beyond SQLite's own defaults: its identity
/// column (if any) and its serial columns that sequences of their own generate.
/// </summary>
/// <param name="IdentityColumn">The identity column, or null.</param>
/// <param name="Identity">'a' for GENERATED ALWAYS, 'd' for BY DEFAULT, '\0' without an identity column.</param>
/// <param name="SerialSequences">Serial columns that are not the row id, with their sequences.</param>
public sealed record TableGeneratedColumns(string? IdentityColumn, char Identity, IReadOnlyList<SerialSequence> SerialSequences)
{
    /// <summary>A table with no such column.</summary>
    public static readonly TableGeneratedColumns None = new(null, '\0', []);
}
