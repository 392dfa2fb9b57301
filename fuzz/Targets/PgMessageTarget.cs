using System.Buffers;
using TenantDb.Wire.Auth;
using TenantDb.Wire.Protocol;
using TenantDb.Wire.Types;

namespace TenantDb.Fuzz.Targets;

/// <summary>
/// Frontend message reader and decoders without a session: an optional startup packet (when the
/// input starts with a zero byte, as every valid startup length does), then typed frames, each
/// decoded by the decoder its type byte selects; Bind values also go through the parameter decoder
/// and password messages through the SCRAM server. Contract: only <see cref="PgProtocolException"/>
/// (malformed message) and <see cref="PgStatementException"/> (bad parameter value) may escape the
/// Wire code; SCRAM answers null for what it rejects.
/// </summary>
internal sealed class PgMessageTarget : IFuzzTarget
{
    private const int MaxMessageSize = 1 << 20;

    /// <summary>The parameter types Bind values are decoded as, cycling by parameter position.</summary>
    private static readonly uint[] ParameterOids =
    [
        PgTypeOid.Int4, PgTypeOid.Text, PgTypeOid.Int8, PgTypeOid.Float8, PgTypeOid.Bool, PgTypeOid.Bytea,
        PgTypeOid.Numeric, PgTypeOid.Int2, PgTypeOid.Float4, PgTypeOid.Date, PgTypeOid.Timestamp,
        PgTypeOid.TimestampTz, PgTypeOid.Uuid, PgTypeOid.Json, PgTypeOid.Unspecified,
    ];

    private static readonly ScramCredentials Credentials = ScramSha256Server.MockCredentials(new byte[16], 4096);

    public string Name => "pg-message";

    public void Run(ReadOnlySpan<byte> input)
    {
        // Two segments, split in the middle, so frames that straddle segments are exercised too.
        var buffer = TwoSegments(input);
        var scram = new ScramSha256Server(Credentials, real: true);
        bool firstPassword = true;
        try
        {
            if (!input.IsEmpty && input[0] == 0)
            {
                if (!PgFrameReader.TryReadStartup(ref buffer, MaxMessageSize, out int code, out var startup)) return;
                DecodeStartup(code, startup.ToArray());
            }
            while (PgFrameReader.TryReadMessage(ref buffer, MaxMessageSize, out byte type, out var payload))
            {
                var bytes = payload.ToArray();
                try
                {
                    Decode(type, bytes, scram, ref firstPassword);
                }
                catch (PgProtocolException)
                {
                    // A malformed message: the next frame is still decoded, as the frames are independent here.
                }
            }
        }
        catch (PgProtocolException)
        {
            // A bad frame length ends the stream, as it ends a connection.
        }
    }

    private static void DecodeStartup(int code, byte[] payload)
    {
        try
        {
            if (code == StartupCode.CancelRequest) FrontendMessageDecoder.DecodeCancelRequest(payload);
            else FrontendMessageDecoder.DecodeStartup(payload);
        }
        catch (PgProtocolException)
        {
        }
    }

    private static void Decode(byte type, byte[] payload, ScramSha256Server scram, ref bool firstPassword)
    {
        switch ((FrontendMessageType)type)
        {
            case FrontendMessageType.Query: FrontendMessageDecoder.DecodeQuery(payload); break;
            case FrontendMessageType.Parse: FrontendMessageDecoder.DecodeParse(payload); break;
            case FrontendMessageType.Bind: DecodeBindValues(FrontendMessageDecoder.DecodeBind(payload)); break;
            case FrontendMessageType.Describe: FrontendMessageDecoder.DecodeDescribe(payload); break;
            case FrontendMessageType.Close: FrontendMessageDecoder.DecodeClose(payload); break;
            case FrontendMessageType.Execute: FrontendMessageDecoder.DecodeExecute(payload); break;
            case FrontendMessageType.Password:
                if (firstPassword)
                {
                    firstPassword = false;
                    var initial = FrontendMessageDecoder.DecodeSaslInitialResponse(payload);
                    if (initial.Data is not null) scram.HandleClientFirst(initial.Data);
                }
                else
                {
                    scram.HandleClientFinal(payload);
                }
                break;
        }
    }

    private static void DecodeBindValues(BindMessage bind)
    {
        for (int i = 0; i < bind.Parameters.Length; i++)
        {
            short format = bind.ParameterFormats.Length switch
            {
                0 => 0,
                1 => bind.ParameterFormats[0],
                _ => bind.ParameterFormats[i],
            };
            try
            {
                PgParameterDecoder.Decode(bind.Parameters[i], ParameterOids[i % ParameterOids.Length], binary: format == 1);
            }
            catch (PgStatementException)
            {
                // A value that does not parse as its type: an ErrorResponse, the connection stays.
            }
        }
    }

    private static ReadOnlySequence<byte> TwoSegments(ReadOnlySpan<byte> input)
    {
        int half = input.Length / 2;
        var first = new Segment(input[..half].ToArray(), 0);
        var second = first.Append(input[half..].ToArray());
        return new ReadOnlySequence<byte>(first, 0, second, second.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
