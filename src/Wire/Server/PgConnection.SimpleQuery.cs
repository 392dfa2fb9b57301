using TenantDb.Wire.Protocol;
using TenantDb.Wire.Sql;

namespace TenantDb.Wire.Server;

// Simple query protocol: one Query message, possibly several statements, each answered with
// RowDescription/DataRows/CommandComplete; the first error stops the rest; then ReadyForQuery.
internal sealed partial class PgConnection
{
    private void RunSimpleQuery(string sql)
    {
        sql = CastRewriter.Rewrite(sql);
        if (SqlScanner.IsBlank(sql, 0))
        {
            _writer.WriteEmptyQueryResponse();
            _writer.WriteReadyForQuery(TransactionStatus);
            return;
        }
        var pos = 0;
        while (true)
        {
            while (true)
            {
                pos = SqlScanner.SkipTrivia(sql, pos);
                if (pos < sql.Length && sql[pos] == ';') pos++;
                else break;
            }
            if (pos >= sql.Length) break;
            var end = SqlScanner.FindStatementEnd(sql, pos);
            var kind = StatementClassifier.Classify(sql, pos, end);
            if (_failed && kind is not (StatementKind.Commit or StatementKind.Rollback))
            {
                WriteError(new PgError(SqlState.InFailedSqlTransaction, "current transaction is aborted, commands ignored until end of transaction block"));
                break;
            }
            bool ok;
            if (kind != StatementKind.Engine)
            {
                var statement = new PreparedStatement(sql[pos..end], kind, null, []);
                ok = TryRun(() => RunSimplePortal(new Portal(statement, [], [], ownsStatement: true)));
                pos = end;
            }
            else
            {
                var start = pos;
                var remainingLength = 0;
                ok = TryRun(() =>
                {
                    var engineStatement = Session.Prepare(start == 0 ? sql : sql[start..], out var remaining);
                    remainingLength = remaining.Length;
                    if (engineStatement is null) return;
                    var statement = new PreparedStatement(sql[start..(sql.Length - remaining.Length)], kind, engineStatement, []);
                    if (statement.ParameterTypes.Length > 0)
                    {
                        statement.Dispose();
                        throw new PgStatementException("42P02", "there is no parameter $1");
                    }
                    RunSimplePortal(new Portal(statement, [], [], ownsStatement: true));
                }, sql, start);
                pos = sql.Length - remainingLength;
            }
            if (!ok) break;
        }
        _writer.WriteReadyForQuery(TransactionStatus);
    }

    private void RunSimplePortal(Portal portal)
    {
        using (portal)
        {
            var columns = DescribePortal(portal);
            if (columns.Length > 0) _writer.WriteRowDescription(columns);
            ExecutePortal(portal, 0);
        }
    }
}
