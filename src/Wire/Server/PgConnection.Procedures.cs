using TenantDb.Engine;
using TenantDb.Engine.Procedures;
using TenantDb.Wire.Protocol;
using TenantDb.Wire.Sql;
using TenantDb.Wire.Types;

namespace TenantDb.Wire.Server;

// Stored-procedure statements (CREATE [OR REPLACE] PROCEDURE, DROP PROCEDURE, CALL), handled here
// before anything reaches SQLite. A CALL answers like a SELECT: RowDescription from the procedure's
// declared columns, then DataRows streamed as the procedure emits them.
internal sealed partial class PgConnection : IProcedureRowSink
{
    private PgColumn[]? _procedureColumns;

    /// <summary>The statement's parsed procedure command, parsed once and kept with the statement.</summary>
    private static ProcedureCommand ParseProcedure(PreparedStatement statement) =>
        statement.Procedure ??= ProcedureCommandParser.TryParse(statement.Sql, out var command) && command is not null
            ? command
            : throw new PgStatementException(SqlState.SyntaxError, "not a procedure statement");

    /// <summary>The result columns of a CALL (empty for CREATE/DROP PROCEDURE), typed from the declaration.</summary>
    private PgColumn[] ProcedureResultColumns(PreparedStatement statement, short[] formats)
    {
        if (ParseProcedure(statement) is not CallProcedureCommand call) return [];
        if (!Session.TryGetProcedureSignature(call.Name, out _, out var declared)) return [];
        var columns = new PgColumn[declared.Count];
        for (var i = 0; i < columns.Length; i++)
            columns[i] = ResultColumns.Column(declared[i].Name, PgTypeOf(declared[i].Type), formats, i, columns.Length);
        return columns;
    }

    /// <summary>PostgreSQL parameter types for a procedure statement: the CALL target's declared types where known.</summary>
    /// <remarks>Returns the parsed command too, so the statement keeps it and is not parsed again.</remarks>
    private uint[] ProcedureParameterTypes(string sql, uint[] declared, out ProcedureCommand? parsed)
    {
        int count = 0;
        ProcedureCommand command;
        try
        {
            if (!ProcedureCommandParser.TryParse(sql, out parsed) || parsed is null) return declared;
            command = parsed;
        }
        catch (TenantDbException)
        {
            parsed = null;
            return declared; // reported when executed
        }
        IReadOnlyList<ProcedureColumn>? targetParameters = null;
        switch (command)
        {
            case CallProcedureCommand call:
                foreach (var a in call.Arguments)
                    if (a is CallArgument.Parameter p) count = Math.Max(count, p.Index + 1);
                if (Session.TryGetProcedureSignature(call.Name, out var found, out _)) targetParameters = found;
                break;
            case CreateProcedureCommand { Module: ModuleSource.Parameter p }:
                count = p.Index + 1;
                break;
        }
        var types = new uint[Math.Max(count, declared.Length)];
        for (var i = 0; i < types.Length; i++)
        {
            if (i < declared.Length && declared[i] != PgTypeOid.Unspecified) types[i] = declared[i];
            else types[i] = PgTypeOid.Text;
        }
        if (command is CallProcedureCommand c && targetParameters is not null)
        {
            for (var k = 0; k < c.Arguments.Count && k < targetParameters.Count; k++)
            {
                if (c.Arguments[k] is CallArgument.Parameter p && (p.Index >= declared.Length || declared[p.Index] == PgTypeOid.Unspecified))
                    types[p.Index] = PgTypeOf(targetParameters[k].Type);
            }
        }
        else if (command is CreateProcedureCommand { Module: ModuleSource.Parameter mp } && (mp.Index >= declared.Length || declared[mp.Index] == PgTypeOid.Unspecified))
        {
            types[mp.Index] = PgTypeOid.Bytea;
        }
        return types;
    }

    private void RunProcedure(Portal p)
    {
        var command = ParseProcedure(p.Statement);
        _procedureColumns = command is CallProcedureCommand ? DescribePortal(p) : [];
        _executing = true;
        ProcedureCommandResult result;
        try
        {
            result = Session.ExecuteProcedureCommand(command, p.Parameters, this);
        }
        finally
        {
            _executing = false;
            _procedureColumns = null;
        }
        p.Completed = true;
        if (result.Tag == "CALL") _writer.WriteCommandComplete("SELECT"u8, result.Rows);
        else _writer.WriteCommandComplete(result.Tag);
    }

    void IProcedureRowSink.OnRow(ProcedureRow row)
    {
        var columns = _procedureColumns!;
        _writer.StartMessage(BackendMessageType.DataRow);
        _writer.WriteInt16((short)columns.Length);
        try
        {
            for (var i = 0; i < columns.Length; i++)
                PgValueWriter.WriteConverted(_writer, row.GetValue(i), columns[i].TypeOid, columns[i].Format == 1);
        }
        catch (PgStatementException ex) when (ex.SqlState == SqlState.ProgramLimitExceeded)
        {
            // Raised inside the procedure's call: the engine ends and rolls back the call for an
            // engine error, and TooBig reaches the client as the same 54000.
            _writer.AbandonMessage();
            throw new TenantDbException(TenantDbErrorKind.TooBig, ex.Message);
        }
        _writer.EndMessage();
        FlushIfLarge();
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
