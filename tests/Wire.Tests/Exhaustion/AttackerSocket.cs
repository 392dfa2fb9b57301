using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using TenantDb.Wire.Tests.Auth;
using TenantDb.Wire.Tests.Protocol;

namespace TenantDb.Wire.Tests.Exhaustion;

/// <summary>A hostile client at the byte level: sends whatever it likes and reads what the server answers.</summary>
internal sealed class AttackerSocket : IDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;

    private AttackerSocket(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    public NetworkStream Stream => _stream;

    /// <summary>Shrinks this side's receive buffer, so a client that stops reading stalls the server's sends sooner.</summary>
    public static async Task<AttackerSocket> ConnectAsync(int port, int receiveBufferSize = 0)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (receiveBufferSize > 0) socket.ReceiveBufferSize = receiveBufferSize;
        await socket.ConnectAsync(IPAddress.Loopback, port);
        return new AttackerSocket(socket);
    }

    /// <summary>Connects and sends a StartupMessage for <paramref name="tenant"/>, reading nothing.</summary>
    public static async Task<AttackerSocket> StartupOnlyAsync(int port, string tenant, string user)
    {
        var s = await ConnectAsync(port);
        await s.SendAsync(FrontendEncoder.Startup([new("user", user), new("database", tenant)]));
        return s;
    }

    /// <summary>Connects and completes SCRAM-SHA-256, up to the first ReadyForQuery.</summary>
    public static async Task<AttackerSocket> LoginAsync(int port, string tenant, string user, string password, int receiveBufferSize = 0)
    {
        var s = await ConnectAsync(port, receiveBufferSize);
        await s.SendAsync(FrontendEncoder.Startup([new("user", user), new("database", tenant)]));
        var sasl = await s.ReadFrameAsync();
        if (sasl.Type != 'R') throw new InvalidOperationException($"login refused: {Describe(sasl)}");
        var bare = $"n=,r={Convert.ToBase64String(RandomNumberGenerator.GetBytes(18))}";
        await s.SendAsync(FrontendEncoder.Message((byte)'p', b =>
        {
            FrontendEncoder.CString(b, "SCRAM-SHA-256");
            var data = Encoding.UTF8.GetBytes("n,," + bare);
            FrontendEncoder.Int32(b, data.Length);
            b.AddRange(data);
        }));
        var serverFirst = await s.ReadFrameAsync();
        var (final, _) = ScramTests.ClientFinal(password, bare, Encoding.UTF8.GetString(serverFirst.Payload, 4, serverFirst.Payload.Length - 4));
        await s.SendAsync(FrontendEncoder.Message((byte)'p', b => b.AddRange(Encoding.UTF8.GetBytes(final))));
        while (true)
        {
            var f = await s.ReadFrameAsync();
            if (f.Type == 'E') throw new InvalidOperationException($"login refused: {Describe(f)}");
            if (f.Type == 'Z') return s;
        }
    }

    public async Task SendAsync(params byte[][] messages)
    {
        foreach (var m in messages) await _stream.WriteAsync(m);
    }

    public async Task<(char Type, byte[] Payload)> ReadFrameAsync(int timeoutSeconds = 30)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        var header = new byte[5];
        await _stream.ReadExactlyAsync(header, timeout.Token);
        var payload = new byte[BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(1)) - 4];
        await _stream.ReadExactlyAsync(payload, timeout.Token);
        return ((char)header[0], payload);
    }

    /// <summary>Reads frames up to ReadyForQuery; returns them.</summary>
    public async Task<List<(char Type, byte[] Payload)>> ReadUntilReadyAsync(int timeoutSeconds = 30)
    {
        var frames = new List<(char, byte[])>();
        while (true)
        {
            var f = await ReadFrameAsync(timeoutSeconds);
            frames.Add(f);
            if (f.Type == 'Z') return frames;
        }
    }

    /// <summary>
    /// Reads a (possibly endless) result up to ReadyForQuery without keeping it, pausing
    /// <paramref name="pause"/> after every <paramref name="bytesPerPause"/> bytes (0: read as fast as
    /// possible); returns the DataRows seen and the SQLSTATE of the error that ended it, if any.
    /// </summary>
    public async Task<(long Rows, string? Error)> DrainUntilReadyAsync(TimeSpan timeout, int bytesPerPause = 0, TimeSpan pause = default)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffered = new BufferedStream(_stream, 64 * 1024);
        var header = new byte[5];
        var payload = new byte[256];
        long rows = 0, sincePause = 0;
        string? error = null;
        while (true)
        {
            await buffered.ReadExactlyAsync(header, cts.Token);
            var length = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(1)) - 4;
            if (payload.Length < length) payload = new byte[length];
            await buffered.ReadExactlyAsync(payload.AsMemory(0, length), cts.Token);
            switch ((char)header[0])
            {
                case 'D': rows++; break;
                case 'E': error = ErrorCode(payload[..length]); break;
                case 'Z': return (rows, error);
            }
            sincePause += 5 + length;
            if (bytesPerPause > 0 && sincePause >= bytesPerPause)
            {
                sincePause = 0;
                await Task.Delay(pause, cts.Token);
            }
        }
    }

    /// <summary>
    /// Reads until the server closes the connection; returns the SQLSTATE of the last ErrorResponse seen
    /// (null if none). Fails if the server keeps the connection open past <paramref name="timeout"/>.
    /// </summary>
    public async Task<string?> ReadUntilClosedAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        string? code = null;
        var header = new byte[5];
        try
        {
            while (true)
            {
                if (!await ReadExactOrEndAsync(header, cts.Token)) return code;
                var payload = new byte[BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(1)) - 4];
                if (!await ReadExactOrEndAsync(payload, cts.Token)) return code;
                if (header[0] == 'E') code = ErrorCode(payload);
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"the server kept the connection open for {timeout.TotalSeconds} s (last error {code ?? "none"})");
            throw;
        }
        catch (IOException) // reset by the server after it said what it had to say
        {
            return code;
        }
    }

    private async Task<bool> ReadExactOrEndAsync(byte[] buffer, CancellationToken token)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await _stream.ReadAsync(buffer.AsMemory(read), token);
            if (n == 0) return false;
            read += n;
        }
        return true;
    }

    /// <summary>The 'C' (SQLSTATE) field of an ErrorResponse payload.</summary>
    public static string ErrorCode(byte[] payload)
    {
        var i = 0;
        while (i < payload.Length && payload[i] != 0)
        {
            var field = (char)payload[i++];
            var end = Array.IndexOf(payload, (byte)0, i);
            if (field == 'C') return Encoding.UTF8.GetString(payload, i, end - i);
            i = end + 1;
        }
        return "";
    }

    public static string Describe((char Type, byte[] Payload) frame) =>
        frame.Type == 'E' ? $"error {ErrorCode(frame.Payload)}: {Encoding.UTF8.GetString(frame.Payload).Replace('\0', ' ')}" : $"frame {frame.Type}";

    public void Dispose() => _stream.Dispose();
}
