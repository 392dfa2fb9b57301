using TenantDb.Wire.Protocol;
using TenantDb.Wire.Sql;

namespace TenantDb.Wire.Server.Commands;

/// <summary>BEGIN, COMMIT and ROLLBACK: drive the connection's <see cref="TransactionState"/> and answer as PostgreSQL does.</summary>
internal sealed class TransactionCommands(TransactionState state, PgMessageWriter writer)
{
    /// <summary>Runs one transaction-control statement and writes its notices and CommandComplete.</summary>
    public void Execute(StatementKind kind)
    {
        switch (kind)
        {
            case StatementKind.Begin:
                if (!state.Begin()) Warn(SqlState.ActiveSqlTransaction, "there is already a transaction in progress");
                writer.WriteCommandComplete("BEGIN");
                return;
            case StatementKind.Commit:
                var committed = state.Commit(out var hadTransaction);
                if (!hadTransaction) Warn(SqlState.NoActiveSqlTransaction, "there is no transaction in progress");
                // COMMIT of a failed block rolls it back and says so.
                writer.WriteCommandComplete(committed ? "COMMIT" : "ROLLBACK");
                return;
            case StatementKind.Rollback:
                if (!state.Rollback()) Warn(SqlState.NoActiveSqlTransaction, "there is no transaction in progress");
                writer.WriteCommandComplete("ROLLBACK");
                return;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a transaction-control statement");
        }
    }

    private void Warn(string sqlState, string message) =>
        writer.WriteErrorResponse(new PgError(sqlState, message, "WARNING"), notice: true);
}
