using System.Buffers;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace TenantDb.Cluster.Routing;

/// <summary>
/// One direction of a spliced connection on a thread of its own that blocks in recv(2) and send(2).
/// A message then costs exactly those two system calls: the kernel wakes the blocked thread when data
/// arrives, with no epoll notification, no thread-pool hand-off and no failed non-blocking read before
/// each wait (the asynchronous pump pays all three per message, which on a busy machine costs as much
/// CPU as the owner spends executing a one-row query). The price is a thread per direction, which is
/// why the gateway uses this pump only for a bounded number of connections. With kernel splicing
/// (<see cref="KernelSplice"/>) the bytes also skip the copy into and out of this process.
/// </summary>
internal static partial class BlockingSplicePump
{
    private const int BufferSize = 64 * 1024;
    private const int StackSize = 256 * 1024;
    private const int EINTR = 4;
    private const int F_GETFL = 3;
    private const int F_SETFL = 4;
    private const int O_NONBLOCK = 0x800;
    private const int MSG_NOSIGNAL = 0x4000;

    /// <summary>
    /// Starts moving <paramref name="from"/>'s bytes to <paramref name="to"/>, through the kernel's
    /// splice(2) when <paramref name="kernelSplice"/> is set and the kernel allows it, else by
    /// recv/send; the task ends when the source closes or either side fails.
    /// </summary>
    public static Task Start(Socket from, Socket to, bool kernelSplice)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() => Run(from.SafeHandle, to.SafeHandle, kernelSplice, done), StackSize)
        {
            IsBackground = true,
            Name = "splice",
        };
        thread.Start();
        return done.Task;
    }

    /// <summary>Puts a socket in blocking mode for the pump's recv/send; only the pump uses it afterwards.</summary>
    public static void MakeBlocking(Socket socket)
    {
        var flags = Fcntl(socket.SafeHandle, F_GETFL, 0);
        if (flags < 0 || Fcntl(socket.SafeHandle, F_SETFL, flags & ~O_NONBLOCK) < 0)
            throw new SocketException(Marshal.GetLastPInvokeError());
    }

    private static void Run(SafeHandle from, SafeHandle to, bool kernelSplice, TaskCompletionSource done)
    {
        try
        {
            if (kernelSplice && KernelSplice.Run(from, to) == KernelSplice.Outcome.Ended) return;
            Copy(from, to);
        }
        catch (ObjectDisposedException)
        {
            // The socket was closed before this thread got to it: the splice is over.
        }
        finally
        {
            done.SetResult();
        }
    }

    private static unsafe void Copy(SafeHandle from, SafeHandle to)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            fixed (byte* start = buffer)
            {
                while (true)
                {
                    var n = Recv(from, start, BufferSize, 0);
                    if (n < 0 && Marshal.GetLastPInvokeError() == EINTR) continue;
                    if (n <= 0) return;
                    for (nint sent = 0; sent < n;)
                    {
                        var m = Send(to, start + sent, n - sent, MSG_NOSIGNAL);
                        if (m < 0 && Marshal.GetLastPInvokeError() == EINTR) continue;
                        if (m <= 0) return;
                        sent += m;
                    }
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    private static unsafe partial nint Recv(SafeHandle socket, byte* buffer, nint length, int flags);

    [LibraryImport("libc", EntryPoint = "send", SetLastError = true)]
    private static unsafe partial nint Send(SafeHandle socket, byte* buffer, nint length, int flags);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(SafeHandle socket, int command, int argument);
}
