namespace TenantDb.Engine.Procedures;

/// <summary>What a completed procedure call did.</summary>
/// <param name="RowsEmitted">Result rows emitted.</param>
/// <param name="RowsRead">Rows read from its queries.</param>
/// <param name="RowsWritten">Rows changed by its statements.</param>
public sealed record ProcedureCallResult(long RowsEmitted, long RowsRead, long RowsWritten);

/// <summary>The outcome of a procedure statement, for the wire's CommandComplete.</summary>
/// <param name="Kind">Which statement ran.</param>
/// <param name="Rows">Rows returned (CALL).</param>
public sealed record ProcedureCommandResult(ProcedureCommandKind Kind, long Rows);
