using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TenantDb.Wire.Protocol;

namespace TenantDb.Wire.Tests.Protocol;

public class FrontendCodecProperties
{
    private const int Max = 1 << 20;

    // Protocol strings are NUL-terminated UTF-8: no NULs and no lone surrogates.
    private static string Clean(string? s) => new((s ?? "").Where(c => c != '\0' && !char.IsSurrogate(c)).ToArray());

    private static (byte Type, byte[] Payload) ReadOne(byte[] bytes)
    {
        var seq = new ReadOnlySequence<byte>(bytes);
        Assert.True(PgFrameReader.TryReadMessage(ref seq, Max, out var type, out var payload));
        Assert.Equal(0, seq.Length);
        return (type, payload.ToArray());
    }

    [Property(MaxTest = 200)]
    public void Parse_round_trips(string name, string sql, uint[] types)
    {
        var m = new ParseMessage(Clean(name), Clean(sql), types.Take(100).ToArray());
        var (type, payload) = ReadOne(FrontendEncoder.Parse(m));
        Assert.Equal((byte)'P', type);
        var d = FrontendMessageDecoder.DecodeParse(payload);
        Assert.Equal(m.Name, d.Name);
        Assert.Equal(m.Sql, d.Sql);
        Assert.Equal(m.ParameterTypes, d.ParameterTypes);
    }

    [Property(MaxTest = 200)]
    public void Bind_round_trips(string portal, string statement, byte[][]? values, bool binary, bool[] resultBinary)
    {
        var parameters = (values ?? []).Take(50).Select((v, i) => i % 3 == 2 ? null : v).ToArray();
        short[] formats = parameters.Length == 0 ? [] : [(short)(binary ? 1 : 0)];
        var m = new BindMessage(Clean(portal), Clean(statement), formats, parameters, resultBinary.Take(50).Select(b => (short)(b ? 1 : 0)).ToArray());
        var (_, payload) = ReadOne(FrontendEncoder.Bind(m));
        var d = FrontendMessageDecoder.DecodeBind(payload);
        Assert.Equal(m.Portal, d.Portal);
        Assert.Equal(m.Statement, d.Statement);
        Assert.Equal(m.ParameterFormats, d.ParameterFormats);
        Assert.Equal(m.ResultFormats, d.ResultFormats);
        Assert.Equal(m.Parameters.Length, d.Parameters.Length);
        for (var i = 0; i < m.Parameters.Length; i++) Assert.Equal(m.Parameters[i], d.Parameters[i]);
    }

    [Property(MaxTest = 200)]
    public void Query_describe_close_execute_round_trip(string text, bool statement, int maxRows)
    {
        var s = Clean(text);
        byte kind = statement ? (byte)'S' : (byte)'P';
        Assert.Equal(s, FrontendMessageDecoder.DecodeQuery(ReadOne(FrontendEncoder.Query(s)).Payload));
        Assert.Equal(new DescribeMessage(kind, s), FrontendMessageDecoder.DecodeDescribe(ReadOne(FrontendEncoder.Describe(kind, s)).Payload));
        Assert.Equal(new CloseMessage(kind, s), FrontendMessageDecoder.DecodeClose(ReadOne(FrontendEncoder.Close(kind, s)).Payload));
        Assert.Equal(new ExecuteMessage(s, maxRows), FrontendMessageDecoder.DecodeExecute(ReadOne(FrontendEncoder.Execute(s, maxRows)).Payload));
    }

    [Property(MaxTest = 200)]
    public void Startup_round_trips(string[] keys, string[] values)
    {
        var pairs = keys.Zip(values).Select(p => new KeyValuePair<string, string>(Clean(p.First), Clean(p.Second)))
            .Where(p => p.Key.Length > 0).Take(20).ToList();
        var seq = new ReadOnlySequence<byte>(FrontendEncoder.Startup(pairs));
        Assert.True(PgFrameReader.TryReadStartup(ref seq, Max, out var code, out var payload));
        Assert.Equal(StartupCode.ProtocolVersion3, code);
        Assert.Equal(pairs, FrontendMessageDecoder.DecodeStartup(payload.ToArray()).Parameters);
    }

    [Property(MaxTest = 500)]
    public void Arbitrary_bytes_only_ever_raise_protocol_errors(byte[] junk, byte typeHint)
    {
        // Half the cases get a plausible header so the decoders, not just the framer, see junk.
        var bytes = junk;
        if (typeHint % 2 == 0)
        {
            var types = "PBDCEQSHXp"u8;
            bytes = FrontendEncoder.Message(types[typeHint % types.Length], b => b.AddRange(junk));
        }
        Exercise(bytes);
    }

    [Fact]
    public void Truncated_messages_are_protocol_errors_not_crashes()
    {
        var bind = FrontendEncoder.Bind(new BindMessage("p", "s", [1], [[1, 2, 3], null], [1]));
        for (var cut = 5; cut < bind.Length; cut++)
        {
            var payload = bind.AsSpan(5, cut - 5).ToArray();
            Assert.Throws<PgProtocolException>(() => FrontendMessageDecoder.DecodeBind(payload));
        }
    }

    [Fact]
    public void Oversized_message_is_rejected_before_it_is_buffered()
    {
        var header = new byte[] { (byte)'Q', 0x7f, 0xff, 0xff, 0xff };
        var seq = new ReadOnlySequence<byte>(header);
        var ex = Assert.Throws<PgProtocolException>(() => PgFrameReader.TryReadMessage(ref seq, Max, out _, out _));
        Assert.Equal(SqlState.ProgramLimitExceeded, ex.SqlState);
    }

    private static void Exercise(byte[] bytes)
    {
        try
        {
            var startup = new ReadOnlySequence<byte>(bytes);
            if (PgFrameReader.TryReadStartup(ref startup, Max, out _, out var sp))
            {
                var a = sp.ToArray();
                Swallow(() => FrontendMessageDecoder.DecodeStartup(a));
                Swallow(() => FrontendMessageDecoder.DecodeCancelRequest(a));
            }
        }
        catch (PgProtocolException) { }

        var seq = new ReadOnlySequence<byte>(bytes);
        try
        {
            while (PgFrameReader.TryReadMessage(ref seq, Max, out _, out var payload))
            {
                var p = payload.ToArray();
                Swallow(() => FrontendMessageDecoder.DecodeParse(p));
                Swallow(() => FrontendMessageDecoder.DecodeBind(p));
                Swallow(() => FrontendMessageDecoder.DecodeDescribe(p));
                Swallow(() => FrontendMessageDecoder.DecodeClose(p));
                Swallow(() => FrontendMessageDecoder.DecodeExecute(p));
                Swallow(() => FrontendMessageDecoder.DecodeQuery(p));
                Swallow(() => FrontendMessageDecoder.DecodeSaslInitialResponse(p));
            }
        }
        catch (PgProtocolException) { }
    }

    // Any exception other than PgProtocolException escapes and fails the property.
    private static void Swallow(Action decode)
    {
        try { decode(); }
        catch (PgProtocolException) { }
    }
}
