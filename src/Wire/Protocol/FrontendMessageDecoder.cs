namespace TenantDb.Wire.Protocol;

/// <summary>
/// Decodes frontend message payloads (without type byte and length). Each decoder consumes the
/// whole payload or throws <see cref="PgProtocolException"/>: arbitrary bytes never escape as any
/// other exception.
/// </summary>
internal static class FrontendMessageDecoder
{
    /// <summary>Largest number of parameters or columns a message may declare (PostgreSQL's limit).</summary>
    public const int MaxParameters = 65535;

    /// <summary>StartupMessage payload after the protocol version: name\0value\0 ... \0.</summary>
    public static StartupMessage DecodeStartup(ReadOnlySpan<byte> payload)
    {
        var r = new PgPayloadReader(payload);
        var list = new List<KeyValuePair<string, string>>();
        while (true)
        {
            var name = r.ReadCString();
            if (name.Length == 0) break;
            list.Add(new(name, r.ReadCString()));
        }
        r.EnsureEnd();
        return new StartupMessage(list);
    }

    /// <summary>CancelRequest payload after the request code: process id, secret key.</summary>
    public static CancelRequestMessage DecodeCancelRequest(ReadOnlySpan<byte> payload)
    {
        var r = new PgPayloadReader(payload);
        var m = new CancelRequestMessage(r.ReadInt32(), r.ReadInt32());
        r.EnsureEnd();
        return m;
    }

    /// <summary>Query: one string that may hold several statements.</summary>
    public static string DecodeQuery(ReadOnlySpan<byte> payload)
    {
        var r = new PgPayloadReader(payload);
        var sql = r.ReadCString();
        r.EnsureEnd();
        return sql;
    }

    /// <summary>Parse.</summary>
    public static ParseMessage DecodeParse(ReadOnlySpan<byte> payload)
    {
        var r = new PgPayloadReader(payload);
        var name = r.ReadCString();
        var sql = r.ReadCString();
        var count = r.ReadCount();
        var types = count == 0 ? [] : new uint[count];
        for (var i = 0; i < count; i++) types[i] = (uint)r.ReadInt32();
        r.EnsureEnd();
        return new ParseMessage(name, sql, types);
    }

    /// <summary>Bind.</summary>
    public static BindMessage DecodeBind(ReadOnlySpan<byte> payload)
    {
        var r = new PgPayloadReader(payload);
        var portal = r.ReadCString();
        var statement = r.ReadCString();
        var formats = ReadFormats(ref r);
        var count = r.ReadCount();
        var values = count == 0 ? [] : new byte[]?[count];
        for (var i = 0; i < count; i++)
        {
            var length = r.ReadInt32();
            if (length == -1) continue;
            if (length < 0) throw new PgProtocolException($"invalid parameter length {length}");
            values[i] = r.ReadBytes(length).ToArray();
        }
        var resultFormats = ReadFormats(ref r);
        r.EnsureEnd();
        if (formats.Length > 1 && formats.Length != count)
            throw new PgProtocolException($"bind message has {formats.Length} parameter formats but {count} parameters");
        return new BindMessage(portal, statement, formats, values, resultFormats);
    }

    /// <summary>Describe.</summary>
    public static DescribeMessage DecodeDescribe(ReadOnlySpan<byte> payload)
    {
        var r = new PgPayloadReader(payload);
        var kind = ReadTargetKind(ref r);
        var m = new DescribeMessage(kind, r.ReadCString());
        r.EnsureEnd();
        return m;
    }

    /// <summary>Close.</summary>
    public static CloseMessage DecodeClose(ReadOnlySpan<byte> payload)
    {
        var r = new PgPayloadReader(payload);
        var kind = ReadTargetKind(ref r);
        var m = new CloseMessage(kind, r.ReadCString());
        r.EnsureEnd();
        return m;
    }

    /// <summary>Execute.</summary>
    public static ExecuteMessage DecodeExecute(ReadOnlySpan<byte> payload)
    {
        var r = new PgPayloadReader(payload);
        var m = new ExecuteMessage(r.ReadCString(), r.ReadInt32());
        r.EnsureEnd();
        return m;
    }

    /// <summary>SASLInitialResponse: mechanism, int32 length (-1 = none), data.</summary>
    public static SaslInitialResponseMessage DecodeSaslInitialResponse(ReadOnlySpan<byte> payload)
    {
        var r = new PgPayloadReader(payload);
        var mechanism = r.ReadCString();
        var length = r.ReadInt32();
        var data = length == -1 ? null : r.ReadBytes(length).ToArray();
        r.EnsureEnd();
        return new SaslInitialResponseMessage(mechanism, data);
    }

    private static short[] ReadFormats(ref PgPayloadReader r)
    {
        var count = r.ReadCount();
        if (count == 0) return [];
        var formats = new short[count];
        for (var i = 0; i < count; i++)
        {
            var f = r.ReadInt16();
            if (f is not (0 or 1)) throw new PgProtocolException($"unsupported format code: {f}");
            formats[i] = f;
        }
        return formats;
    }

    private static byte ReadTargetKind(ref PgPayloadReader r)
    {
        var kind = r.ReadByte();
        if (kind is not ((byte)'S' or (byte)'P'))
            throw new PgProtocolException($"invalid DESCRIBE/CLOSE message subtype {kind}");
        return kind;
    }
}
