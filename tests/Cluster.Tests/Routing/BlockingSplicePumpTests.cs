using System.Net;
using System.Net.Sockets;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TenantDb.Cluster.Routing;

namespace TenantDb.Cluster.Tests.Routing;

/// <summary>
/// The pump of a spliced connection, on real loopback sockets: whatever the client sends reaches the
/// owner unchanged and in order, in both directions, whether the kernel moves the bytes (splice(2)
/// through a pipe) or the pump copies them (recv/send); and the pump ends when a side closes.
/// </summary>
public sealed class BlockingSplicePumpTests
{
    [Property(MaxTest = 25)]
    public Property Messages_arrive_unchanged_in_both_directions(bool kernelSplice)
    {
        // Message sizes from one byte to several pipe-fulls, so a message can span many splices.
        var message = Gen.Choose(1, 200_000).SelectMany(n => Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), n));
        return Prop.ForAll(Gen.NonEmptyListOf(message).Select(l => l.Take(4).ToArray()).ToArbitrary(), messages =>
        {
            using var pair = SplicedPair.Start(kernelSplice);
            foreach (var m in messages)
            {
                // Sent from another thread: a message larger than the socket buffers on the way
                // completes only while the other end reads.
                var toOwner = Task.Run(() => pair.Client.Send(m));
                Assert.Equal(m, ReceiveExactly(pair.Owner, m.Length));
                toOwner.Wait();
                var toClient = Task.Run(() => pair.Owner.Send(m));
                Assert.Equal(m, ReceiveExactly(pair.Client, m.Length));
                toClient.Wait();
            }
            return true;
        });
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_pump_ends_when_the_source_closes(bool kernelSplice)
    {
        using var pair = SplicedPair.Start(kernelSplice);
        pair.Client.Send("last words"u8);
        pair.Client.Shutdown(SocketShutdown.Send);
        await pair.ToOwner.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("last words"u8.ToArray(), ReceiveExactly(pair.Owner, 10));
    }

    [SkippableFact]
    public void Kernel_splice_is_available_on_this_kernel()
    {
        // Not a requirement (the pump falls back to recv/send), but the figures in docs/cluster.md
        // are for the kernel path: this says when a machine does not take it.
        Skip.IfNot(OperatingSystem.IsLinux(), "splice(2) is Linux only");
        using var pair = SplicedPair.Start(kernelSplice: true);
        pair.Client.Send("x"u8);
        Assert.Equal("x"u8.ToArray(), ReceiveExactly(pair.Owner, 1));
        Assert.True(KernelSplice.Available, "the kernel refused splice(2) between two TCP sockets and a pipe");
    }

    private static byte[] ReceiveExactly(Socket socket, int length)
    {
        var buffer = new byte[length];
        for (var at = 0; at < length;)
        {
            var n = socket.Receive(buffer, at, length - at, SocketFlags.None);
            if (n == 0) throw new IOException($"closed after {at} of {length} bytes");
            at += n;
        }
        return buffer;
    }

    // client <-> [gateway side A | pump | gateway side B] <-> owner, as the gateway wires a routed connection.
    private sealed class SplicedPair : IDisposable
    {
        private readonly Socket _gatewayClientSide;
        private readonly Socket _gatewayOwnerSide;

        private SplicedPair(Socket client, Socket gatewayClientSide, Socket gatewayOwnerSide, Socket owner, bool kernelSplice)
        {
            (Client, _gatewayClientSide, _gatewayOwnerSide, Owner) = (client, gatewayClientSide, gatewayOwnerSide, owner);
            BlockingSplicePump.MakeBlocking(gatewayClientSide);
            BlockingSplicePump.MakeBlocking(gatewayOwnerSide);
            ToOwner = BlockingSplicePump.Start(gatewayClientSide, gatewayOwnerSide, kernelSplice);
            ToClient = BlockingSplicePump.Start(gatewayOwnerSide, gatewayClientSide, kernelSplice);
        }

        public Socket Client { get; }

        public Socket Owner { get; }

        public Task ToOwner { get; }

        public Task ToClient { get; }

        public static SplicedPair Start(bool kernelSplice)
        {
            var (client, gatewayClientSide) = Connected();
            var (gatewayOwnerSide, owner) = Connected();
            foreach (var s in new[] { client, owner }) s.ReceiveTimeout = 30_000;
            return new SplicedPair(client, gatewayClientSide, gatewayOwnerSide, owner, kernelSplice);
        }

        private static (Socket Connecting, Socket Accepted) Connected()
        {
            using var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(1);
            var connecting = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            connecting.Connect(listener.LocalEndPoint!);
            return (connecting, listener.Accept());
        }

        public void Dispose()
        {
            // As the gateway ends a splice: shutting the sockets down wakes the pumps blocked in the kernel.
            foreach (var s in new[] { Client, Owner, _gatewayClientSide, _gatewayOwnerSide })
            {
                try
                {
                    s.Shutdown(SocketShutdown.Both);
                }
                catch (SocketException)
                {
                    // Already shut down by the test.
                }
            }
            Task.WaitAll([ToOwner, ToClient], TimeSpan.FromSeconds(30));
            foreach (var s in new[] { Client, Owner, _gatewayClientSide, _gatewayOwnerSide }) s.Dispose();
        }
    }
}
