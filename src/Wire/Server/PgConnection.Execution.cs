using Microsoft.Extensions.Logging;
using TenantDb.Engine;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Values;
using TenantDb.Wire.Protocol;
using TenantDb.Wire.Server.Commands;
using TenantDb.Wire.Sql;
using TenantDb.Wire.Types;

namespace TenantDb.Wire.Server;

// Running portals: binding, reading ahead to learn column types, streaming DataRows, command tags,
// and the error path shared by both query protocols.
internal sealed partial class PgConnection
{
    /// <summary>
    /// Runs <paramref name="action"/>, turning engine and statement errors into an ErrorResponse
    /// (with a Position in the client's text through <paramref name="positions"/>); returns false on error.
    /// </summary>
    private bool TryRun(Action action, SqlPositionMap? positions = null) => TryRun(static (_, run) => run(), action, positions);

    /// <summary>
    /// As <see cref="TryRun(Action, SqlPositionMap?)"/> for a static <paramref name="action"/> that gets its
    /// state passed in: the messages of every statement go through here, and a capturing lambda would
    /// cost a closure and a delegate per message.
    /// </summary>
    private bool TryRun<TState>(Action<PgConnection, TState> action, TState state, SqlPositionMap? positions = null)
    {
        try
        {
            action(this, state);
            return true;
        }
        catch (TenantDbException ex)
        {
            if (ex.Kind == TenantDbErrorKind.Internal) _log.LogError("internal error on connection {ProcessId}: {Message}", ProcessId, ex.Message);
            var error = EngineErrorMapper.ToPgError(ex);
            WriteError(positions is null ? error : error with { Position = positions.ToClientPosition(ex.ErrorOffset) });
        }
        catch (PgStatementException ex)
        {
            WriteError(new PgError(ex.SqlState, ex.Message));
        }
        finally
        {
            _executing = false;
            // A COPY FROM that has just started keeps the lock it took for the rows still to come.
            if (_copyIn is null) ReleaseUnusedWriteLock();
        }
        if (_context is not null) _transactions.OnError();
        return false;
    }

    private void StartPortal(Portal p)
    {
        var statement = p.Statement;
        var engine = statement.Engine!;
        if (statement.InUse)
            throw new PgStatementException("55000", "the prepared statement is still in use by another open portal");
        if (engine.ParameterCount > 0)
        {
            engine.ClearBindings();
            for (var i = 0; i < p.Parameters.Length; i++)
            {
                var slot = statement.SlotOf(i);
                if (slot >= 0) engine.Bind(slot, p.Parameters[i]);
            }
        }
        if (statement.Writes) EnsureWriteLock();
        _transactions.BeforeStatement(statement.Writes);
        // Stays set until TryRun ends: see CancelRunningStatement.
        BeginExecuting();
        p.Reader = engine.ExecuteReader();
        statement.InUse = true;
    }

    private bool Step(Portal p)
    {
        BeginExecuting();
        return p.Reader!.Read();
    }

    /// <summary>Fixes the portal's result columns from the statement's column types (never from a value).</summary>
    private PgColumn[] DescribePortal(Portal p)
    {
        if (p.Columns is not null) return p.Columns;
        if (p.Statement.Kind == StatementKind.Procedure) return p.Columns = _procedureCommands.DescribePortal(p);
        if (p.Statement.Kind is StatementKind.Cursor or StatementKind.ExecutePrepared) return p.Columns = DescribeUtility(p.Statement, p.ResultFormats);
        if (p.Statement.Kind != StatementKind.Engine)
        {
            p.Synthetic ??= SyntheticFor(p.Statement);
            if (p.Synthetic is null) return p.Columns = [];
            var s = p.Synthetic;
            var synthetic = new PgColumn[s.ColumnNames.Length];
            for (var i = 0; i < synthetic.Length; i++)
                synthetic[i] = ResultColumns.Column(s.ColumnNames[i], s.ColumnTypes[i], p.ResultFormats, i, synthetic.Length);
            return p.Columns = synthetic;
        }
        if (p.Statement.Engine!.ColumnCount == 0) return p.Columns = [];
        return p.Columns = p.Statement.ResultColumns(p.ResultFormats, Probe);
    }

    private SyntheticResult? SyntheticFor(PreparedStatement statement) => statement.Kind switch
    {
        StatementKind.Show => SettingCommands.Show(statement.Sql, _context!),
        _ => null,
    };

    // Statements the wire layer runs itself, each family by its own handler.
    private void ExecuteSpecial(Portal p)
    {
        switch (p.Statement.Kind)
        {
            case StatementKind.Begin or StatementKind.Commit or StatementKind.Rollback:
                // WITH HOLD cursors read their rows before the commit ends their transaction.
                if (p.Statement.Kind == StatementKind.Commit && _transactions.InBlock && !_transactions.IsFailed) _cursors.BeforeCommit();
                _transactionCommands.Execute(p.Statement.Kind, p.Statement.Sql);
                return;
            case StatementKind.Set:
                if (_transactionCommands.TrySet(p.Statement.Sql, _context!)) return;
                _settingCommands.Apply(p.Statement.Sql, _context!);
                _transactions.RefreshDefaults();
                return;
            case StatementKind.Discard:
                _deallocateCommands.Execute(p.Statement.Sql, p, _context!);
                // DISCARD ALL closes cursors too.
                if (ClientStatement.ReadFirst(p.Statement.Sql) is var discard && discard.IsWord(0, "DISCARD") && discard.IsWord(1, "ALL")) _cursors.CloseAll();
                // DISCARD ALL resets default_transaction_read_only too.
                _transactions.RefreshDefaults();
                return;
            case StatementKind.NoOp:
            {
                var i = 0;
                _writer.WriteCommandComplete(SqlScanner.ReadWord(p.Statement.Sql, ref i).ToString().ToUpperInvariant());
                return;
            }
            case StatementKind.Show:
            {
                p.Synthetic ??= SyntheticFor(p.Statement) ?? throw new PgStatementException(SqlState.FeatureNotSupported, "catalog query not supported");
                WriteSyntheticRows(p, p.Synthetic);
                if (p.Statement.Kind == StatementKind.Show) _writer.WriteCommandComplete("SHOW");
                else _writer.WriteCommandComplete("SELECT"u8, p.RowsSent);
                return;
            }
            case StatementKind.Copy:
                StartCopy(p);
                return;
            case StatementKind.Prepare:
                RunSqlPrepare(p.Statement.Sql);
                return;
            case StatementKind.ExecutePrepared:
                RunSqlExecute(p);
                return;
            case StatementKind.Cursor:
                RunCursorStatement(p);
                return;
            case StatementKind.Ddl:
                // Each DDL statement is atomic by itself; it joins an implicit transaction except where
                // it must run outside one (VACUUM, a rebuild that turns foreign keys off).
                EnsureWriteLock();
                if (!DdlCommands.RunsOutsideTransaction(p.Statement.Sql)) _transactions.BeforeStatement(true);
                // Stays set until TryRun ends: see CancelRunningStatement.
                BeginExecuting();
                _ddlCommands.Execute(p.Statement.Sql, _transactions.InBlock);
                return;
            case StatementKind.Unsupported:
                _ddlCommands.ExecuteUnsupported(p.Statement.Sql);
                return;
            case StatementKind.Procedure:
            {
                var columns = DescribePortal(p);
                if (p.Statement.Writes) EnsureWriteLock();
                _transactions.BeforeStatement(p.Statement.Writes);
                // Stays set until TryRun ends: see CancelRunningStatement.
                BeginExecuting();
                _procedureCommands.Execute(p, columns);
                return;
            }
            default:
                throw new InvalidOperationException($"not a special statement: {p.Statement.Kind}");
        }
    }

    /// <summary>Runs a portal, sending at most <paramref name="maxRows"/> rows (0 = all), then CommandComplete or PortalSuspended.</summary>
    private void ExecutePortal(Portal p, int maxRows)
    {
        if (p.Statement.Kind != StatementKind.Engine)
        {
            ExecuteSpecial(p);
            return;
        }
        var statement = p.Statement;
        if (p.Completed)
        {
            WriteTag(statement.Verb, 0);
            return;
        }
        if (statement.Definition is { } definition)
        {
            foreach (var notice in definition.Notices) _writer.WriteErrorResponse(new PgError("00000", notice, "NOTICE"), notice: true);
            if (definition.ColumnTypes.Count > 0)
            {
                EnsureWriteLock();
                _transactions.BeforeStatement(statement.Writes);
                // Stays set until TryRun ends: see CancelRunningStatement.
                BeginExecuting();
                var defined = Session.ExecuteDefiningColumnTypes(statement.Engine!, definition.Table, definition.ColumnTypes, definition.ReplaceTable, definition.SerialSequences);
                FinishPortal(p);
                WriteTag(statement.Verb, defined);
                return;
            }
        }
        if (statement.Engine!.ColumnCount == 0)
        {
            if (p.Reader is null) StartPortal(p);
            while (Step(p)) { }
            var changes = p.Reader!.RecordsAffected;
            FinishPortal(p);
            WriteTag(statement.Verb, changes);
            return;
        }
        var columns = DescribePortal(p);
        if (p.Reader is null && !p.Completed) StartPortal(p);
        var reader = p.Reader!;
        long sentNow = 0;
        while (true)
        {
            if (p.PendingRow) p.PendingRow = false;
            else if (!Step(p)) break;
            _writer.StartMessage(BackendMessageType.DataRow);
            _writer.WriteInt16((short)columns.Length);
            for (var i = 0; i < columns.Length; i++)
                PgValueWriter.WriteField(_writer, reader, i, columns[i]);
            _writer.EndMessage();
            p.RowsSent++;
            if (maxRows > 0 && ++sentNow >= maxRows)
            {
                _writer.WritePortalSuspended();
                return;
            }
            FlushIfLarge();
        }
        var affected = reader.RecordsAffected;
        FinishPortal(p);
        WriteTag(statement.Verb, statement.Verb == "SELECT" ? p.RowsSent : affected);
    }

    private static void FinishPortal(Portal p)
    {
        p.Completed = true;
        p.PendingRow = false;
        p.Reader?.Dispose();
        p.Reader = null;
        p.Statement.InUse = false;
    }

    private void WriteTag(string verb, long rows)
    {
        switch (verb)
        {
            case "SELECT": _writer.WriteCommandComplete("SELECT"u8, rows); break;
            case "INSERT": _writer.WriteCommandComplete("INSERT"u8, rows, insertStyle: true); break;
            case "UPDATE": _writer.WriteCommandComplete("UPDATE"u8, rows); break;
            case "DELETE": _writer.WriteCommandComplete("DELETE"u8, rows); break;
            default: _writer.WriteCommandComplete(verb); break;
        }
    }

    private void WriteSyntheticRows(Portal p, SyntheticResult result)
    {
        var columns = DescribePortal(p);
        foreach (var row in result.Rows)
        {
            _writer.StartMessage(BackendMessageType.DataRow);
            _writer.WriteInt16((short)columns.Length);
            for (var i = 0; i < columns.Length; i++)
                PgValueWriter.WriteConverted(_writer, SqlValue.Text(row[i]), columns[i].TypeOid, columns[i].Format == 1);
            _writer.EndMessage();
        }
        p.RowsSent = result.Rows.Count;
        p.Completed = true;
    }
}
