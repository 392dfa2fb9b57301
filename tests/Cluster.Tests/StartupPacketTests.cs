using System.Buffers.Binary;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TenantDb.Cluster.Routing;

namespace TenantDb.Cluster.Tests;

public sealed class StartupPacketTests
{
    [Property(MaxTest = 200)]
    public Property Marking_a_startup_packet_routed_and_back_keeps_every_client_parameter()
    {
        var name = Gen.Elements("user", "database", "application_name", "options", "DateStyle", "x");
        var value = Gen.Elements("", "a", "shop_1", "ünïcödé", "with space");
        var parameters = Gen.ListOf(Gen.Zip(name, value)).Select(l => l.DistinctBy(p => p.Item1).Append(("user", "u")).DistinctBy(p => p.Item1).ToList());
        return Prop.ForAll(parameters.ToArbitrary(), list =>
        {
            var original = Encode(list.Select(p => (p.Item1, p.Item2)));
            var packet = Read(original);
            var routed = Read(packet.Encode(routed: true));
            Assert.True(routed.Routed);
            Assert.Equal(packet.Tenant, routed.Tenant);
            var back = routed.Encode(routed: false);
            Assert.False(Read(back).Routed);
            Assert.Equal(original, back);
        });
    }

    [Fact]
    public async Task An_ssl_request_is_declined_and_the_startup_that_follows_is_read()
    {
        var ssl = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(ssl, 8);
        BinaryPrimitives.WriteInt32BigEndian(ssl.AsSpan(4), 80877103);
        var startup = Encode([("user", "alice"), ("database", "shop_7")]);
        var stream = new DuplexBuffer([.. ssl, .. startup]);
        var packet = await StartupPacket.ReadAsync(stream, CancellationToken.None);
        Assert.NotNull(packet);
        Assert.Equal("shop_7", packet.Tenant);
        Assert.Equal("N"u8.ToArray(), stream.Written.ToArray());
    }

    [Fact]
    public async Task A_startup_without_database_names_the_users_tenant()
    {
        var packet = await StartupPacket.ReadAsync(new DuplexBuffer(Encode([("user", "acme")])), CancellationToken.None);
        Assert.Equal("acme", packet!.Tenant);
    }

    private static StartupPacket Read(byte[] bytes) =>
        StartupPacket.ReadAsync(new DuplexBuffer(bytes), CancellationToken.None).GetAwaiter().GetResult()!;

    private static byte[] Encode(IEnumerable<(string Name, string Value)> parameters)
    {
        var body = new List<byte>();
        foreach (var (n, v) in parameters)
        {
            body.AddRange(Encoding.UTF8.GetBytes(n));
            body.Add(0);
            body.AddRange(Encoding.UTF8.GetBytes(v));
            body.Add(0);
        }
        body.Add(0);
        var packet = new byte[8 + body.Count];
        BinaryPrimitives.WriteInt32BigEndian(packet, packet.Length);
        BinaryPrimitives.WriteInt32BigEndian(packet.AsSpan(4), 3 << 16);
        body.CopyTo(packet, 8);
        return packet;
    }

    /// <summary>Reads from fixed bytes; records what is written.</summary>
    private sealed class DuplexBuffer(byte[] input) : MemoryStream(input)
    {
        public MemoryStream Written { get; } = new();

        public override void Write(byte[] buffer, int offset, int count) => Written.Write(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => Written.Write(buffer);

        public override void WriteByte(byte value) => Written.WriteByte(value);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Written.Write(buffer.Span);
            return ValueTask.CompletedTask;
        }
    }
}
