namespace TenantDb.Wire.Server.Copy;

/// <summary>One parsed COPY statement.</summary>
/// <param name="Table">The table as the client wrote it (quotes kept, possibly schema-qualified); null for <c>COPY (query)</c>.</param>
/// <param name="TableName">The table's name unquoted, for messages (<c>COPY t, line 3</c>).</param>
/// <param name="Columns">The column list as written (quotes kept); empty when absent.</param>
/// <param name="ColumnNames">The column list unquoted.</param>
/// <param name="Query">The query of <c>COPY (query) TO STDOUT</c>, else null.</param>
/// <param name="IsFrom">True for FROM STDIN, false for TO STDOUT.</param>
/// <param name="Options">Format and its options.</param>
internal sealed record CopyCommand(string? Table, string TableName, string[] Columns, string[] ColumnNames, string? Query, bool IsFrom, CopyOptions Options);
