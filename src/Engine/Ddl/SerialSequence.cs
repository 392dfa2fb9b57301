namespace TenantDb.Engine.Ddl;

/// <summary>
/// A serial column that is not the table's row id and the sequence that generates its values.
/// </summary>
/// <param name="Column">The column.</param>
/// <param name="Sequence">The sequence's name (PostgreSQL's <c>table_column_seq</c>).</param>
/// <param name="Type">The column's and the sequence's type: smallint, integer or bigint.</param>
public sealed record SerialSequence(string Column, string Sequence, string Type);
