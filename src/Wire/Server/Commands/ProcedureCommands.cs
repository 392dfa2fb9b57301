using TenantDb.Engine;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Procedures;
using TenantDb.Wire.Protocol;
using TenantDb.Wire.Sql;
using TenantDb.Wire.Types;

namespace TenantDb.Wire.Server.Commands;

/// <summary>
/// Stored-procedure statements (CREATE [OR REPLACE] PROCEDURE, DROP PROCEDURE, CALL). A CALL answers
/// like a SELECT: RowDescription from the procedure's declared columns, then its rows.
/// </summary>
/// <remarks>
/// The engine resolves a CALL's target once into a <see cref="ProcedureHandle"/>, at Parse (or the
/// first Describe), and the statement keeps it: the RowDescription a client was sent and the rows it
/// gets come from the same definition. If the procedure was replaced with other result columns after
/// they were described, Execute fails with 0A000 instead of sending rows of another shape.
/// <para>
/// While the procedure runs, its rows are only buffered, never sent: a client that reads slowly must
/// not use up the procedure's time limit, nor hold its transaction open. The buffer is the
/// connection's output buffer with its bound (max_row_size + 1 MiB); a result larger than that is sent
/// in chunks of that size while the procedure runs, and those sends do count against its time limit.
/// Every 256 KiB of buffered rows the socket is checked (without sending), so a call streaming to a
/// client that went away ends and rolls back as soon as it did when its rows were sent as they came.
/// </para>
/// </remarks>
internal sealed class ProcedureCommands : IProcedureRowSink
{
    private readonly Func<TenantSession> _session;
    private readonly PgMessageWriter _writer;
    private readonly Action _sendBuffered;
    private readonly Action _throwIfClientGone;
    private PgColumn[]? _columns;
    private long _nextClientCheck;

    /// <summary>Output buffered between checks that the client is still connected (the old streaming flush cadence).</summary>
    private const int ClientCheckInterval = 256 * 1024;

    /// <param name="session">The connection's engine session.</param>
    /// <param name="writer">Where answers are buffered.</param>
    /// <param name="sendBuffered">Sends what is buffered now (used only when a result outgrows the buffer's bound).</param>
    /// <param name="throwIfClientGone">Throws when the client has disconnected: a call streaming rows to nobody then ends and rolls back.</param>
    public ProcedureCommands(Func<TenantSession> session, PgMessageWriter writer, Action sendBuffered, Action throwIfClientGone)
    {
        _session = session;
        _writer = writer;
        _sendBuffered = sendBuffered;
        _throwIfClientGone = throwIfClientGone;
    }

    private TenantSession Session => _session();

    /// <summary>The prepared statement for procedure statement <paramref name="sql"/>, its CALL target resolved and its parameter types known.</summary>
    public PreparedStatement Prepare(string sql, uint[] declared)
    {
        ProcedureStatement? parsed;
        try
        {
            if (!ProcedureStatement.TryParse(sql, out parsed)) parsed = null;
        }
        catch (TenantDbException)
        {
            parsed = null; // reported when executed
        }
        ProcedureHandle? target = null;
        if (parsed?.Target is { } name && Session.TryResolveProcedure(name, out var found)) target = found;
        var fromStatement = parsed?.ParameterTypes(target) ?? [];
        var types = new uint[Math.Max(fromStatement.Length, declared.Length)];
        for (var i = 0; i < types.Length; i++)
        {
            if (i < declared.Length && declared[i] != PgTypeOid.Unspecified) types[i] = declared[i];
            else if (i < fromStatement.Length && fromStatement[i] is { } type) types[i] = PgTypeOf(type);
            else types[i] = PgTypeOid.Text;
        }
        return new PreparedStatement(sql, StatementKind.Procedure, null, types) { Procedure = parsed, ProcedureTarget = target };
    }

    /// <summary>
    /// The RowDescription columns of Describe (statement): the CALL target as it is now, which the
    /// statement then keeps for its portals; empty for CREATE/DROP or a CALL of a missing procedure
    /// (whose portals then fail with 42883 even if it is created meanwhile: the client was told NoData).
    /// </summary>
    public PgColumn[] DescribeStatement(PreparedStatement statement)
    {
        if (Parsed(statement).Kind != ProcedureCommandKind.Call) return [];
        var target = Refresh(statement);
        statement.ProcedureDescribed = true;
        return target is null ? [] : Columns(target, []);
    }

    /// <summary>
    /// Fixes the portal's result columns and the handle it runs: the statement's described target
    /// if it had a Describe, else its target as it is now.
    /// </summary>
    public PgColumn[] DescribePortal(Portal portal)
    {
        var statement = portal.Statement;
        var target = statement.ProcedureDescribed ? statement.ProcedureTarget : Refresh(statement);
        portal.ProcedureTarget = target;
        return target is null ? [] : Columns(target, portal.ResultFormats);
    }

    /// <summary>Runs the portal's statement (after <see cref="DescribePortal"/>) and writes its rows and CommandComplete.</summary>
    public void Execute(Portal portal, PgColumn[] columns)
    {
        var statement = Parsed(portal.Statement);
        var target = portal.ProcedureTarget;
        if (statement.Kind == ProcedureCommandKind.Call)
        {
            if (target is null) throw new TenantDbException(TenantDbErrorKind.UndefinedProcedure, $"procedure \"{statement.Target}\" does not exist");
            var current = Session.CurrentProcedure(target)
                ?? throw new TenantDbException(TenantDbErrorKind.UndefinedProcedure, $"procedure \"{target.Name}\" does not exist");
            if (!ReferenceEquals(current, target))
            {
                if (!current.HasSameColumns(target))
                    throw new PgStatementException(SqlState.FeatureNotSupported,
                        $"procedure \"{target.Name}\" was replaced with other result columns after the CALL was described; prepare the CALL again");
                portal.Statement.ProcedureTarget = current;
                target = current;
            }
        }
        _columns = statement.Kind == ProcedureCommandKind.Call ? columns : [];
        _nextClientCheck = _writer.BufferedLength + ClientCheckInterval;
        ProcedureCommandResult result;
        try
        {
            result = Session.ExecuteProcedureStatement(statement, target, portal.Parameters, this);
        }
        finally
        {
            _columns = null;
        }
        portal.Completed = true;
        switch (result.Kind)
        {
            case ProcedureCommandKind.Call: _writer.WriteCommandComplete("SELECT"u8, result.Rows); break;
            case ProcedureCommandKind.Create: _writer.WriteCommandComplete("CREATE PROCEDURE"); break;
            default: _writer.WriteCommandComplete("DROP PROCEDURE"); break;
        }
    }

    void IProcedureRowSink.OnRow(ProcedureRow row)
    {
        var columns = _columns!;
        // Send early only when this row would take the buffer past its bound (see remarks).
        if (_writer.BufferedLength > 0 && _writer.BufferedLength + ProcedureRowWriter.MaxLength(row, columns) > _writer.MaxCapacity)
        {
            _sendBuffered();
            _nextClientCheck = ClientCheckInterval;
        }
        else if (_writer.BufferedLength >= _nextClientCheck)
        {
            _throwIfClientGone();
            _nextClientCheck = _writer.BufferedLength + ClientCheckInterval;
        }
        try
        {
            ProcedureRowWriter.Write(_writer, row, columns);
        }
        catch (PgStatementException ex) when (ex.SqlState == SqlState.ProgramLimitExceeded)
        {
            // Raised inside the procedure's call: the engine ends and rolls back the call for an
            // engine error, and TooBig reaches the client as the same 54000.
            throw new TenantDbException(TenantDbErrorKind.TooBig, ex.Message);
        }
    }

    /// <summary>The statement's parsed form, parsed once and kept with the statement.</summary>
    private static ProcedureStatement Parsed(PreparedStatement statement) =>
        statement.Procedure ??= ProcedureStatement.TryParse(statement.Sql, out var parsed) && parsed is not null
            ? parsed
            : throw new PgStatementException(SqlState.SyntaxError, "not a procedure statement");

    // The statement's CALL target as it is now (resolved if it was missing, replaced if it changed).
    private ProcedureHandle? Refresh(PreparedStatement statement)
    {
        if (Parsed(statement).Target is not { } name) return null;
        var target = statement.ProcedureTarget is { } known
            ? Session.CurrentProcedure(known)
            : Session.TryResolveProcedure(name, out var found) ? found : null;
        statement.ProcedureTarget = target;
        return target;
    }

    private static PgColumn[] Columns(ProcedureHandle target, short[] formats)
    {
        var declared = target.Columns;
        var columns = new PgColumn[declared.Count];
        for (var i = 0; i < columns.Length; i++)
            columns[i] = ResultColumns.Column(declared[i].Name, PgTypeOf(declared[i].Type), formats, i, columns.Length);
        return columns;
    }

    private static uint PgTypeOf(ProcedureType type) => type switch
    {
        ProcedureType.Int8 => PgTypeOid.Int8,
        ProcedureType.Float8 => PgTypeOid.Float8,
        ProcedureType.Text => PgTypeOid.Text,
        ProcedureType.Bytea => PgTypeOid.Bytea,
        _ => PgTypeOid.Bool,
    };
}
