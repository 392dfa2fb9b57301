using TenantDb.Wire.Protocol;
using TenantDb.Wire.Sql;

namespace TenantDb.Wire.Server.Commands;

/// <summary>
/// BEGIN, COMMIT, ROLLBACK and the SET forms that change transaction modes: drive the connection's
/// <see cref="TransactionState"/> and answer as PostgreSQL does.
/// </summary>
internal sealed class TransactionCommands(TransactionState state, PgMessageWriter writer)
{
    /// <summary>Runs one transaction-control statement and writes its notices and CommandComplete.</summary>
    /// <param name="kind">Which statement.</param>
    /// <param name="sql">Its text, for BEGIN's transaction modes (READ ONLY, ISOLATION LEVEL ...).</param>
    public void Execute(StatementKind kind, string sql = "")
    {
        switch (kind)
        {
            case StatementKind.Begin:
                bool? readOnly = null;
                if (sql.Length > 0)
                {
                    var statement = ClientStatement.ReadFirst(sql);
                    readOnly = TransactionModes.Parse(statement, TransactionModes.AfterBeginKeywords(statement)).ReadOnly;
                }
                if (!state.Begin(readOnly)) Warn(SqlState.ActiveSqlTransaction, "there is already a transaction in progress");
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

    /// <summary>
    /// Runs <c>SET TRANSACTION modes</c>, <c>SET SESSION CHARACTERISTICS AS TRANSACTION modes</c> and
    /// <c>SET [SESSION|LOCAL] transaction_read_only = on|off</c>; false when <paramref name="sql"/> is
    /// another SET, which the caller runs as a run-time parameter.
    /// </summary>
    public bool TrySet(string sql, SessionContext context)
    {
        var statement = ClientStatement.ReadFirst(sql);
        if (!statement.IsWord(0, "SET")) return false;
        var i = statement.IsWord(1, "SESSION") || statement.IsWord(1, "LOCAL") ? 2 : 1;
        if (statement.IsWord(i, "CHARACTERISTICS") && statement.IsWord(i + 1, "AS") && statement.IsWord(i + 2, "TRANSACTION"))
        {
            var defaults = TransactionModes.Parse(statement, i + 3);
            if (defaults.ReadOnly is { } defaultReadOnly)
            {
                context.Parameters.Set("default_transaction_read_only", defaultReadOnly ? "on" : "off");
                state.RefreshDefaults();
            }
            writer.WriteCommandComplete("SET");
            return true;
        }
        bool? readOnly;
        if (statement.IsWord(i, "TRANSACTION") && !statement.IsWord(i + 1, "SNAPSHOT"))
        {
            readOnly = TransactionModes.Parse(statement, i + 1).ReadOnly;
        }
        else if (statement.IsWord(i, "transaction_read_only") && (statement.IsPunctuation(i + 1, '=') || statement.IsWord(i + 1, "TO")))
        {
            readOnly = SettingValue.IsOn(statement.TextOf(i + 2));
        }
        else
        {
            return false;
        }
        if (readOnly is { } mode && !state.SetTransactionReadOnly(mode))
            Warn(SqlState.NoActiveSqlTransaction, "SET TRANSACTION can only be used in transaction blocks");
        writer.WriteCommandComplete("SET");
        return true;
    }

    private void Warn(string sqlState, string message) =>
        writer.WriteErrorResponse(new PgError(sqlState, message, "WARNING"), notice: true);
}
