namespace TenantDb.Engine.Ddl;

/// <summary>
/// The columns of one table whose values the engine generates beyond SQLite's own defaults: its identity
/// columns and its serial columns that sequences of their own generate.
/// </summary>
/// <param name="Identities">The identity columns.</param>
/// <param name="SerialSequences">Serial columns that are not the row id, with their sequences.</param>
public sealed record TableGeneratedColumns(IReadOnlyList<GeneratedIdentity> Identities, IReadOnlyList<SerialSequence> SerialSequences)
{
    /// <summary>A table with no such column.</summary>
    public static readonly TableGeneratedColumns None = new([], []);
}

/// <summary>An identity column.</summary>
/// <param name="Column">Its name.</param>
/// <param name="Identity">'a' for GENERATED ALWAYS, 'd' for BY DEFAULT.</param>
public readonly record struct GeneratedIdentity(string Column, char Identity);
