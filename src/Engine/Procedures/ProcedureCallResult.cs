namespace TenantDb.Engine.Procedures;

/// <summary>What a completed procedure call did.</summary>
/// <param name="RowsEmitted">Result rows emitted.</param>
/// <param name="RowsRead">Rows read from its queries.</param>
/// <param name="RowsWritten">Rows changed by its statements.</param>
public sealed record ProcedureCallResult(long RowsEmitted, long RowsRead, long RowsWritten);

/// <summary>The outcome of a procedure statement, for the wire's CommandComplete.</summary>
/// <param name="Tag">The command tag: <c>CREATE PROCEDURE</c>, <c>DROP PROCEDURE</c> or <c>CALL</c>.</param>
/// <param name="Rows">Rows returned (CALL).</param>
public sealed record ProcedureCommandResult(string Tag, long Rows);
