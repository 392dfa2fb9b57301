using TenantDb.Engine;
using TenantDb.Engine.Errors;
using TenantDb.Wire.Protocol;
using TenantDb.Wire.Server.Copy;
using TenantDb.Wire.Sql;

namespace TenantDb.Wire.Server;

// COPY FROM STDIN / TO STDOUT: the glue between the message loop and the Copy types. While a COPY
// FROM runs, CopyData/CopyDone/CopyFail go to its CopyInState; every row is inserted as it arrives,
// inside the client's transaction or an implicit one that commits with the query.
internal sealed partial class PgConnection
{
    private CopyInProgress? _copyIn;

    private void StartCopy(Portal p)
    {
        var command = CopyCommandParser.Parse(ClientStatement.ReadFirst(p.Statement.Sql));
        // Before anything is answered: a wait for the tenant's write lock handles this message again later.
        if (command.IsFrom) EnsureWriteLock();
        var target = CopyTarget.Open(command, PrepareForCopy);
        if (!command.IsFrom)
        {
            using (target) CopyOut(command, target);
            return;
        }
        try
        {
            // One transaction for the whole COPY: the client's block, or an implicit one ended with the query.
            _transactions.StartBatch();
            _transactions.BeforeStatement(statementWrites: true);
            _copyIn = new CopyInProgress(command, target, _server.Settings.MaxRowSize, () => Session.InTransaction);
        }
        catch
        {
            target.Dispose();
            throw;
        }
        _copyIn.WriteResponse(_writer);
    }

    private PreparedStatement PrepareForCopy(string sql, bool writes)
    {
        var rewritten = StatementRewriter.Rewrite(ClientStatement.Read(sql, 0), parameterize: false, tables: this);
        if (rewritten.Refusal is { } refusal) throw new PgStatementException(refusal.State, refusal.Message);
        if (writes && rewritten.UsesCatalog)
            throw new PgStatementException(SqlState.InsufficientPrivilege, "permission denied: the PostgreSQL catalog is read-only");
        EnsureCatalog(rewritten);
        return new PreparedStatement(rewritten.Sql, StatementKind.Engine, Session.Prepare(rewritten.Sql), []);
    }

    private void CopyOut(CopyCommand command, CopyTarget target)
    {
        using var copy = new CopyOutWriter(_writer, command.Options, target.ColumnTypes, target.ColumnNames);
        // Stays set until TryRun ends: see CancelRunningStatement.
        BeginExecuting();
        using (var reader = target.Select.Engine!.ExecuteReader())
        {
            copy.Start();
            while (reader.Read())
            {
                copy.WriteRow(reader);
                FlushIfLarge();
            }
        }
        copy.Finish();
        _writer.WriteCommandComplete("COPY"u8, copy.Rows);
    }

    /// <summary>A message that arrived during COPY FROM STDIN; false when the connection should close.</summary>
    private bool HandleCopyIn(FrontendMessageType type, ReadOnlySpan<byte> payload)
    {
        var copy = _copyIn!;
        switch (type)
        {
            case FrontendMessageType.CopyData:
                try
                {
                    BeginExecuting();
                    copy.State.Feed(payload);
                }
                catch (Exception ex) when (ex is PgStatementException or TenantDbException)
                {
                    FailCopy(copy, ErrorOf(ex));
                }
                finally
                {
                    _executing = false;
                }
                return true;
            case FrontendMessageType.CopyDone:
                try
                {
                    copy.State.Finish();
                }
                catch (Exception ex) when (ex is PgStatementException or TenantDbException)
                {
                    FailCopy(copy, ErrorOf(ex));
                    return true;
                }
                _copyIn = null;
                copy.Dispose();
                _writer.WriteCommandComplete("COPY"u8, copy.State.Rows);
                if (copy.ResumeSql is { } sql)
                {
                    _queryResumeAt = copy.ResumeAt;
                    RunSimpleQuery(sql);
                }
                return true;
            case FrontendMessageType.CopyFail:
                FailCopy(copy, new PgError(SqlState.QueryCanceled, $"COPY from stdin failed: {FrontendMessageDecoder.DecodeQuery(payload)}"));
                return true;
            case FrontendMessageType.Flush or FrontendMessageType.Sync:
                // The protocol has the backend ignore these during COPY FROM STDIN.
                return true;
            case FrontendMessageType.Terminate:
                return false;
            default:
                FailCopy(copy, new PgError(SqlState.ProtocolViolation, $"unexpected message type 0x{(byte)type:X2} during COPY from stdin"));
                return true;
        }
    }

    private PgError ErrorOf(Exception ex)
    {
        if (ex is TenantDbException engine)
        {
            if (engine.Kind == TenantDbErrorKind.Internal) Microsoft.Extensions.Logging.LoggerExtensions.LogError(_log, "internal error on connection {ProcessId}: {Message}", ProcessId, engine.Message);
            return EngineErrorMapper.ToPgError(engine);
        }
        var statement = (PgStatementException)ex;
        return new PgError(statement.SqlState, statement.Message);
    }

    // Ends a failed COPY FROM as PostgreSQL does: the error (with the line in CONTEXT), the transaction
    // rolled back or failed, then ReadyForQuery (simple Query) or skipping to Sync (extended); later
    // CopyData/CopyDone/CopyFail messages are dropped by the message loop.
    private void FailCopy(CopyInProgress copy, PgError error)
    {
        _copyIn = null;
        copy.Dispose();
        WriteError(error with { Where = copy.Where });
        _transactions.OnError();
        if (copy.ResumeSql is null)
        {
            _skipUntilSync = true;
            return;
        }
        TryRun(_transactions.EndBatch);
        _writer.WriteReadyForQuery(TransactionStatus);
    }
}
