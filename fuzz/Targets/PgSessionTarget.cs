using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net;
using System.Runtime.ExceptionServices;
using System.Text;
using TenantDb.Engine;
using TenantDb.Engine.Procedures;
using TenantDb.Fuzz.Wire;
using TenantDb.Wire.Hosting;
using TenantDb.Wire.Server;

namespace TenantDb.Fuzz.Targets;

/// <summary>
/// The session state machine: a real <see cref="PgServer"/> over an in-memory engine serves an
/// in-process client; the harness sends the StartupMessage and completes SCRAM-SHA-256 for a fresh
/// tenant, then sends the fuzz input as the client's post-authentication bytes and closes its side.
/// Contract: whatever the bytes, the connection ends by itself (ErrorResponse, FATAL, or end of
/// input) without the server logging "connection failed", i.e. without an exception other than the
/// I/O and cancellation errors a connection may end with. The tenant is recreated for every input,
/// so inputs do not see each other's tables.
/// </summary>
internal sealed class PgSessionTarget : IFuzzTarget
{
    private const string Tenant = "fuzz", User = "fuzzer", Password = "fuzz-password";
    private const int MaxKeptResponse = 64 * 1024;
    private static readonly TimeSpan ConnectionLimit = TimeSpan.FromSeconds(20);

    private readonly Lock _gate = new();
    private readonly Lazy<(TenantDbEngine Engine, PgServer Server, FindingLoggerFactory Log)> _host = new(StartHost);

    public string Name => "pg-session";

    public void Run(ReadOnlySpan<byte> input) => RunAndCapture(input);

    /// <summary>Runs one input and returns what the server sent after authentication (for tests of the harness itself).</summary>
    public byte[] RunAndCapture(ReadOnlySpan<byte> input)
    {
        // One input at a time per host: each drops and recreates the tenant the previous one used
        // (test classes may run the shared target instance in parallel).
        lock (_gate)
        {
            var host = _host.Value;
            ResetTenant(host.Engine);
            var response = RunConnectionAsync(host.Server, input.ToArray()).GetAwaiter().GetResult();
            if (host.Log.TakeFinding() is { } finding) ExceptionDispatchInfo.Throw(finding);
            return response;
        }
    }

    private static (TenantDbEngine, PgServer, FindingLoggerFactory) StartHost()
    {
        var engine = TenantDbEngine.OpenInMemory(new EngineOptions
        {
            // Short limits so that no input can keep the connection busy for long.
            StatementTimeout = TimeSpan.FromMilliseconds(500),
            BusyTimeout = TimeSpan.FromMilliseconds(200),
            ScramIterations = 16,
            DefaultQuotaBytes = 16L << 20,
            ProcedureLimits = new ProcedureLimits { Fuel = 1_000_000, Timeout = TimeSpan.FromMilliseconds(500), MaxMemoryPages = 16 },
        });
        var log = new FindingLoggerFactory();
        var settings = new ServerSettings { ListenAddress = IPAddress.Loopback, Port = 0, DataDirectory = Path.GetTempPath(), CreateDemoTenant = false };
        return (engine, new PgServer(settings, engine, log), log);
    }

    private static void ResetTenant(TenantDbEngine engine)
    {
        if (engine.TenantExists(Tenant)) engine.DropTenant(Tenant);
        engine.CreateTenant(Tenant);
        engine.SetPassword(Tenant, User, Password);
    }

    private static async Task<byte[]> RunConnectionAsync(PgServer server, byte[] input)
    {
        var toServer = new Pipe();
        var toClient = new Pipe();
        var serve = server.ServeAsync(new InMemoryDuplexStream(toServer.Reader.AsStream(), toClient.Writer.AsStream()));
        await AuthenticateAsync(toServer.Writer, toClient.Reader).ConfigureAwait(false);

        var drain = DrainAsync(toClient.Reader);
        await toServer.Writer.WriteAsync(input).ConfigureAwait(false);
        await toServer.Writer.CompleteAsync().ConfigureAwait(false);
        try
        {
            await serve.WaitAsync(ConnectionLimit).ConfigureAwait(false);
            return await drain.WaitAsync(ConnectionLimit).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the connection did not end within {ConnectionLimit.TotalSeconds} s of the client closing its side");
        }
    }

    private static async Task AuthenticateAsync(PipeWriter toServer, PipeReader fromServer)
    {
        await toServer.WriteAsync(StartupMessage()).ConfigureAwait(false);
        await ExpectAuthenticationAsync(fromServer, 10).ConfigureAwait(false); // AuthenticationSASL
        var scram = new ScramClient(Password);
        var first = scram.ClientFirst();
        var initial = new byte[14 + 4 + first.Length];
        "SCRAM-SHA-256\0"u8.CopyTo(initial);
        BinaryPrimitives.WriteInt32BigEndian(initial.AsSpan(14), first.Length);
        first.CopyTo(initial, 18);
        await toServer.WriteAsync(Frame((byte)'p', initial)).ConfigureAwait(false);
        var serverFirst = await ExpectAuthenticationAsync(fromServer, 11).ConfigureAwait(false); // SASLContinue
        await toServer.WriteAsync(Frame((byte)'p', scram.ClientFinal(serverFirst))).ConfigureAwait(false);
        while (true)
        {
            var (type, payload) = await ReadMessageAsync(fromServer).ConfigureAwait(false)
                ?? throw new InvalidOperationException("fuzz harness: the server closed the connection during authentication");
            if (type == (byte)'E') throw new InvalidOperationException("fuzz harness: authentication failed: " + Encoding.UTF8.GetString(payload));
            if (type == (byte)'Z') return;
        }
    }

    private static async Task<byte[]> ExpectAuthenticationAsync(PipeReader fromServer, int code)
    {
        var (type, payload) = await ReadMessageAsync(fromServer).ConfigureAwait(false)
            ?? throw new InvalidOperationException("fuzz harness: the server closed the connection during authentication");
        if (type != (byte)'R' || payload.Length < 4 || BinaryPrimitives.ReadInt32BigEndian(payload) != code)
            throw new InvalidOperationException($"fuzz harness: expected Authentication {code}, got '{(char)type}': {Encoding.UTF8.GetString(payload)}");
        return payload[4..];
    }

    /// <summary>Reads one backend message, or null when the server has closed the connection.</summary>
    private static async Task<(byte Type, byte[] Payload)?> ReadMessageAsync(PipeReader reader)
    {
        while (true)
        {
            var result = await reader.ReadAsync().ConfigureAwait(false);
            var buffer = result.Buffer;
            if (TryCutFrame(ref buffer, out byte type, out byte[] payload))
            {
                reader.AdvanceTo(buffer.Start);
                return (type, payload);
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted) return null;
        }
    }

    private static bool TryCutFrame(ref ReadOnlySequence<byte> buffer, out byte type, out byte[] payload)
    {
        type = 0;
        payload = [];
        if (buffer.Length < 5) return false;
        Span<byte> header = stackalloc byte[5];
        buffer.Slice(0, 5).CopyTo(header);
        int length = BinaryPrimitives.ReadInt32BigEndian(header[1..]);
        if (buffer.Length < 1L + length) return false;
        type = header[0];
        payload = buffer.Slice(5, length - 4).ToArray();
        buffer = buffer.Slice(1 + length);
        return true;
    }

    /// <summary>Reads everything the server sends until it closes the connection; keeps the first <see cref="MaxKeptResponse"/> bytes.</summary>
    private static async Task<byte[]> DrainAsync(PipeReader reader)
    {
        var kept = new MemoryStream();
        while (true)
        {
            var result = await reader.ReadAsync().ConfigureAwait(false);
            foreach (var segment in result.Buffer)
            {
                int room = MaxKeptResponse - (int)kept.Length;
                if (room > 0) kept.Write(segment.Span[..Math.Min(room, segment.Length)]);
            }
            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted) break;
        }
        await reader.CompleteAsync().ConfigureAwait(false);
        return kept.ToArray();
    }

    private static byte[] StartupMessage()
    {
        var body = Encoding.UTF8.GetBytes($"user\0{User}\0database\0{Tenant}\0application_name\0fuzz\0\0");
        var message = new byte[8 + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(message, message.Length);
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(4), 3 << 16);
        body.CopyTo(message, 8);
        return message;
    }

    private static byte[] Frame(byte type, byte[] payload)
    {
        var message = new byte[5 + payload.Length];
        message[0] = type;
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(1), payload.Length + 4);
        payload.CopyTo(message, 5);
        return message;
    }
}
