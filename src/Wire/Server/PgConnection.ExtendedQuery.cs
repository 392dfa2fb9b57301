using TenantDb.Engine;
using TenantDb.Engine.Values;
using TenantDb.Wire.Protocol;
using TenantDb.Wire.Sql;
using TenantDb.Wire.Types;

namespace TenantDb.Wire.Server;

// Extended query protocol: Parse/Bind/Describe/Execute/Close/Flush/Sync with named and unnamed
// statements and portals. After an error every message up to Sync is skipped.
internal sealed partial class PgConnection
{
    private bool _skipUntilSync;

    private void HandleExtended(FrontendMessageType type, ReadOnlySpan<byte> payload)
    {
        if (type == FrontendMessageType.Sync)
        {
            var failed = _skipUntilSync;
            _skipUntilSync = false;
            EndBatch(failed);
            // Outside a transaction block, Sync ends the implicit transaction and with it every portal.
            if (_transactions.PortalsEndAtSync) _portals.CloseAll();
            _writer.WriteReadyForQuery(TransactionStatus);
            return;
        }
        if (type == FrontendMessageType.Flush || _skipUntilSync) return;
        _transactions.StartBatch();
        MarkOutput();
        bool ok;
        switch (type)
        {
            case FrontendMessageType.Parse:
            {
                var m = FrontendMessageDecoder.DecodeParse(payload);
                var client = ClientStatement.ReadFirst(m.Sql);
                var kind = StatementClassifier.Classify(client);
                var rewritten = kind == StatementKind.Engine ? StatementRewriter.Rewrite(client, parameterize: false, Probe, this) : null;
                ok = TryRun(() => Parse(m, client, kind, rewritten), rewritten?.Positions ?? new SqlPositionMap(client, null));
                break;
            }
            case FrontendMessageType.Bind:
            {
                var m = FrontendMessageDecoder.DecodeBind(payload);
                ok = TryRun(static (c, message) => c.Bind(message), m);
                break;
            }
            case FrontendMessageType.Describe:
            {
                var m = FrontendMessageDecoder.DecodeDescribe(payload);
                ok = TryRun(static (c, message) => c.Describe(message), m);
                break;
            }
            case FrontendMessageType.Execute:
            {
                var m = FrontendMessageDecoder.DecodeExecute(payload);
                ok = TryRun(static (c, message) => c.Execute(message), m);
                break;
            }
            case FrontendMessageType.Close:
            {
                var m = FrontendMessageDecoder.DecodeClose(payload);
                if (m.Kind == (byte)'S') _statements.Close(m.Name, _portals, keep: null);
                else _portals.Close(m.Name);
                _writer.WriteCloseComplete();
                ok = true;
                break;
            }
            default:
                throw new PgProtocolException($"unexpected message {(char)type}");
        }
        if (!ok) _skipUntilSync = true;
    }

    private void Parse(ParseMessage m, ClientStatement client, StatementKind kind, RewrittenStatement? rewritten)
    {
        _statements.CheckCanAdd(m.Name, m.Sql.Length);
        if (m.Name.Length == 0) _statements.Close("", _portals, keep: null);
        PreparedStatement statement;
        if (rewritten is not null)
        {
            if (client.Tokens.Length == 0)
                statement = new PreparedStatement("", StatementKind.NoOp, null, m.ParameterTypes);
            else if (!client.IsLast)
                throw new PgStatementException(SqlState.SyntaxError, "cannot insert multiple commands into a prepared statement");
            else
            {
                EnsureCatalog(rewritten);
                if (rewritten.Definition?.Problem is { } problem) throw new PgStatementException(rewritten.Definition.ProblemState, problem);
                if (rewritten.Refusal is { } refusal) throw new PgStatementException(refusal.State, refusal.Message);
                statement = new PreparedStatement(rewritten.Sql, kind, Session.Prepare(rewritten.Sql), m.ParameterTypes) { Client = client, Definition = rewritten.Definition, UsesCatalog = rewritten.UsesCatalog };
                statement.InferParameterTypes(client, m.ParameterTypes, Probe);
            }
        }
        else
        {
            var text = client.Sql;
            statement = kind == StatementKind.Procedure
                ? _procedureCommands.Prepare(text, m.ParameterTypes)
                : new PreparedStatement(text, kind, null, m.ParameterTypes);
        }
        _statements.Add(m.Name, statement);
        _writer.WriteParseComplete();
    }

    private void Bind(BindMessage m)
    {
        var statement = _statements.Get(m.Statement);
        _portals.CheckCanOpen(m.Portal);
        var expected = statement.ParameterTypes.Length;
        if (m.Parameters.Length != expected)
            throw new PgStatementException(SqlState.ProtocolViolation, $"bind message supplies {m.Parameters.Length} parameters, but prepared statement \"{m.Statement}\" requires {expected}");
        if (_transactions.IsFailed && statement.Kind is not (StatementKind.Commit or StatementKind.Rollback) && !StatementClassifier.IsRollbackToSavepoint(statement.Sql))
            throw new PgStatementException(SqlState.InFailedSqlTransaction, "current transaction is aborted, commands ignored until end of transaction block");
        long bytes = 0;
        foreach (var parameter in m.Parameters) bytes += parameter?.Length ?? 0;
        _portals.CheckParameterBytes(m.Portal, bytes);
        var values = expected == 0 ? [] : new SqlValue[expected];
        for (var i = 0; i < expected; i++)
        {
            var binary = m.ParameterFormats.Length switch
            {
                0 => false,
                1 => m.ParameterFormats[0] == 1,
                _ => m.ParameterFormats[i] == 1,
            };
            values[i] = PgParameterDecoder.Decode(m.Parameters[i], statement.ParameterTypes[i], binary, statement.IsColumnBound(i));
        }
        _portals.Open(m.Portal, new Portal(statement, values, m.ResultFormats, ownsStatement: false) { ParameterBytes = bytes });
        _writer.WriteBindComplete();
    }

    private void Describe(DescribeMessage m)
    {
        if (m.Kind == (byte)'S')
        {
            var statement = _statements.Get(m.Name);
            _writer.WriteParameterDescription(statement.ParameterTypes);
            if (statement.Kind == StatementKind.Engine && statement.Engine!.ColumnCount > 0)
            {
                var types = statement.ColumnTypes(Probe);
                var names = statement.ColumnNames;
                var columns = new PgColumn[types.Length];
                for (var i = 0; i < types.Length; i++)
                    columns[i] = ResultColumns.Column(names[i], types[i], [], i, types.Length);
                _writer.WriteRowDescription(columns);
            }
            else if (statement.Kind == StatementKind.Procedure && _procedureCommands.DescribeStatement(statement) is { Length: > 0 } procedureColumns)
            {
                _writer.WriteRowDescription(procedureColumns);
            }
            else if (statement.Kind is StatementKind.Cursor or StatementKind.ExecutePrepared && DescribeUtility(statement, []) is { Length: > 0 } utility)
            {
                _writer.WriteRowDescription(utility);
            }
            else if (statement.Kind is StatementKind.Show && SyntheticFor(statement) is { } synthetic)
            {
                var columns = new PgColumn[synthetic.ColumnNames.Length];
                for (var i = 0; i < columns.Length; i++)
                    columns[i] = new PgColumn(synthetic.ColumnNames[i], synthetic.ColumnTypes[i], PgTypeOid.SizeOf(synthetic.ColumnTypes[i]), 0);
                _writer.WriteRowDescription(columns);
            }
            else
            {
                _writer.WriteNoData();
            }
            return;
        }
        var described = DescribePortal(_portals.Get(m.Name));
        if (described.Length > 0) _writer.WriteRowDescription(described);
        else _writer.WriteNoData();
    }

    private void Execute(ExecuteMessage m)
    {
        var portal = _portals.Get(m.Portal);
        if (_transactions.IsFailed && portal.Statement.Kind is not (StatementKind.Commit or StatementKind.Rollback)
            && !(StatementClassifier.IsRollbackToSavepoint(portal.Statement.Sql) && _transactions.ResumeForSavepointRollback()))
            throw new PgStatementException(SqlState.InFailedSqlTransaction, "current transaction is aborted, commands ignored until end of transaction block");
        if (portal.Statement.Kind == StatementKind.NoOp && portal.Statement.Sql.Length == 0)
        {
            _writer.WriteEmptyQueryResponse();
            return;
        }
        // Before the portal's state changes: a wait for the write lock handles this Execute again.
        if (portal.Statement.Writes && portal.Reader is null && !portal.Completed) EnsureWriteLock();
        // A suspended portal's next part gets its own statement timeout.
        portal.Reader?.RestartTimeout();
        try
        {
            ExecutePortal(portal, m.MaxRows);
        }
        catch
        {
            // A failed portal cannot be resumed; release its reader so the statement can run again.
            FinishPortal(portal);
            throw;
        }
    }
}
