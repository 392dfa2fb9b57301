using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using TenantDb.Wire.Tests.Auth;
using TenantDb.Wire.Tests.Protocol;

namespace TenantDb.Wire.Tests.EndToEnd;

/// <summary>A minimal protocol-level client: sends hand-built messages and returns the server's frames.</summary>
internal sealed class RawPgClient : IDisposable
{
    private readonly TcpClient _tcp = new();
    private NetworkStream _stream = null!;

    public static async Task<RawPgClient> ConnectAsync(int port, string tenant, string user, string password)
    {
        var c = new RawPgClient();
        await c._tcp.ConnectAsync(IPAddress.Loopback, port);
        c._stream = c._tcp.GetStream();
        await c.SendAsync(FrontendEncoder.Startup([new("user", user), new("database", tenant)]));
        var sasl = await c.ReadFrameAsync();
        Assert.Equal('R', sasl.Type);
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
        var bare = $"n=,r={nonce}";
        await c.SendAsync(FrontendEncoder.Message((byte)'p', b =>
        {
            FrontendEncoder.CString(b, "SCRAM-SHA-256");
            var data = Encoding.UTF8.GetBytes("n,," + bare);
            FrontendEncoder.Int32(b, data.Length);
            b.AddRange(data);
        }));
        var cont = await c.ReadFrameAsync();
        var serverFirst = Encoding.UTF8.GetString(cont.Payload, 4, cont.Payload.Length - 4);
        var (final, _) = ScramTests.ClientFinal(password, bare, serverFirst);
        await c.SendAsync(FrontendEncoder.Message((byte)'p', b => b.AddRange(Encoding.UTF8.GetBytes(final))));
        var frames = await c.ReadUntilReadyAsync();
        Assert.Contains(frames, f => f.Type == 'K');
        return c;
    }

    public async Task SendAsync(params byte[][] messages)
    {
        foreach (var m in messages) await _stream.WriteAsync(m);
    }

    public async Task<(char Type, byte[] Payload)> ReadFrameAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var header = new byte[5];
        await _stream.ReadExactlyAsync(header, timeout.Token);
        var payload = new byte[BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(1)) - 4];
        await _stream.ReadExactlyAsync(payload, timeout.Token);
        return ((char)header[0], payload);
    }

    public async Task<List<(char Type, byte[] Payload)>> ReadUntilReadyAsync()
    {
        var frames = new List<(char, byte[])>();
        while (true)
        {
            var f = await ReadFrameAsync();
            frames.Add(f);
            if (f.Type == 'Z') return frames;
        }
    }

    public static string Types(List<(char Type, byte[] Payload)> frames) => new(frames.Select(f => f.Type).ToArray());

    public static string Text(byte[] payload) => Encoding.UTF8.GetString(payload).TrimEnd('\0');

    public void Dispose() => _tcp.Dispose();
}
