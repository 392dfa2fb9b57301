using TenantDb.Engine.PgCatalog;
using System.Globalization;

namespace TenantDb.Wire.Protocol;

// One method per backend message the server sends; each frames itself with StartMessage/EndMessage.
internal sealed partial class PgMessageWriter
{
    /// <summary>Authentication request codes (the int32 after 'R').</summary>
    private const int AuthOk = 0, AuthSasl = 10, AuthSaslContinue = 11, AuthSaslFinal = 12;

    /// <summary>AuthenticationOk.</summary>
    public void WriteAuthenticationOk()
    {
        StartMessage(BackendMessageType.Authentication);
        WriteInt32(AuthOk);
        EndMessage();
    }

    /// <summary>AuthenticationSASL offering SCRAM-SHA-256 only (no channel binding).</summary>
    public void WriteAuthenticationSasl()
    {
        StartMessage(BackendMessageType.Authentication);
        WriteInt32(AuthSasl);
        WriteCString("SCRAM-SHA-256"u8);
        WriteByte(0);
        EndMessage();
    }

    /// <summary>AuthenticationSASLContinue carrying the server-first-message.</summary>
    public void WriteAuthenticationSaslContinue(ReadOnlySpan<byte> data)
    {
        StartMessage(BackendMessageType.Authentication);
        WriteInt32(AuthSaslContinue);
        WriteBytes(data);
        EndMessage();
    }

    /// <summary>AuthenticationSASLFinal carrying the server-final-message.</summary>
    public void WriteAuthenticationSaslFinal(ReadOnlySpan<byte> data)
    {
        StartMessage(BackendMessageType.Authentication);
        WriteInt32(AuthSaslFinal);
        WriteBytes(data);
        EndMessage();
    }

    /// <summary>ParameterStatus name=value.</summary>
    public void WriteParameterStatus(string name, string value)
    {
        StartMessage(BackendMessageType.ParameterStatus);
        WriteCString(name);
        WriteCString(value);
        EndMessage();
    }

    /// <summary>BackendKeyData: the pair a CancelRequest must quote.</summary>
    public void WriteBackendKeyData(int processId, int secretKey)
    {
        StartMessage(BackendMessageType.BackendKeyData);
        WriteInt32(processId);
        WriteInt32(secretKey);
        EndMessage();
    }

    /// <summary>ReadyForQuery with transaction status 'I', 'T' or 'E'.</summary>
    public void WriteReadyForQuery(byte transactionStatus)
    {
        StartMessage(BackendMessageType.ReadyForQuery);
        WriteByte(transactionStatus);
        EndMessage();
    }

    /// <summary>CommandComplete with a ready-made tag.</summary>
    public void WriteCommandComplete(string tag)
    {
        StartMessage(BackendMessageType.CommandComplete);
        WriteCString(tag);
        EndMessage();
    }

    /// <summary>CommandComplete "VERB n" (or "INSERT 0 n") without building a string.</summary>
    public void WriteCommandComplete(ReadOnlySpan<byte> verb, long rows, bool insertStyle = false)
    {
        StartMessage(BackendMessageType.CommandComplete);
        WriteBytes(verb);
        WriteBytes(insertStyle ? " 0 "u8 : " "u8);
        var span = GetSpan(20);
        rows.TryFormat(span, out var written, default, CultureInfo.InvariantCulture);
        Advance(written);
        WriteByte(0);
        EndMessage();
    }

    /// <summary>EmptyQueryResponse (the query string held no statement).</summary>
    public void WriteEmptyQueryResponse() => WriteEmpty(BackendMessageType.EmptyQueryResponse);

    /// <summary>ParseComplete.</summary>
    public void WriteParseComplete() => WriteEmpty(BackendMessageType.ParseComplete);

    /// <summary>BindComplete.</summary>
    public void WriteBindComplete() => WriteEmpty(BackendMessageType.BindComplete);

    /// <summary>CloseComplete.</summary>
    public void WriteCloseComplete() => WriteEmpty(BackendMessageType.CloseComplete);

    /// <summary>NoData (the statement returns no rows).</summary>
    public void WriteNoData() => WriteEmpty(BackendMessageType.NoData);

    /// <summary>PortalSuspended (Execute's row limit reached).</summary>
    public void WritePortalSuspended() => WriteEmpty(BackendMessageType.PortalSuspended);

    /// <summary>ParameterDescription listing parameter type OIDs.</summary>
    public void WriteParameterDescription(ReadOnlySpan<uint> typeOids)
    {
        StartMessage(BackendMessageType.ParameterDescription);
        WriteInt16((short)typeOids.Length);
        foreach (var oid in typeOids) WriteInt32((int)oid);
        EndMessage();
    }

    /// <summary>RowDescription for the given columns.</summary>
    public void WriteRowDescription(ReadOnlySpan<PgColumn> columns)
    {
        StartMessage(BackendMessageType.RowDescription);
        WriteInt16((short)columns.Length);
        foreach (ref readonly var c in columns)
        {
            WriteCString(c.Name);
            WriteInt32(0);                  // table OID: not a catalog table
            WriteInt16(0);                  // column attribute number
            WriteInt32((int)c.TypeOid);
            WriteInt16(c.TypeSize);
            WriteInt32(PgDeclaredType.AnnouncedModifier(c.TypeOid, c.TypeModifier));
            WriteInt16(c.Format);
        }
        EndMessage();
    }

    /// <summary>ErrorResponse (or NoticeResponse when <paramref name="notice"/>).</summary>
    public void WriteErrorResponse(PgError error, bool notice = false)
    {
        AbandonMessage();
        StartMessage(notice ? BackendMessageType.NoticeResponse : BackendMessageType.ErrorResponse);
        WriteField((byte)'S', error.Severity);
        WriteField((byte)'V', error.Severity);
        WriteField((byte)'C', error.SqlState);
        WriteField((byte)'M', error.Message);
        if (error.Detail is not null) WriteField((byte)'D', error.Detail);
        if (error.Position is int p) WriteField((byte)'P', p.ToString(CultureInfo.InvariantCulture));
        if (error.Where is not null) WriteField((byte)'W', error.Where);
        WriteByte(0);
        EndMessage();
    }

    /// <summary>One-byte answer to SSLRequest/GSSENCRequest ('S' or 'N'); not a framed message.</summary>
    public void WriteSslResponse(bool accept) => WriteByte(accept ? (byte)'S' : (byte)'N');

    private void WriteField(byte code, string value)
    {
        WriteByte(code);
        WriteCString(value);
    }

    private void WriteEmpty(BackendMessageType type)
    {
        StartMessage(type);
        EndMessage();
    }
}
