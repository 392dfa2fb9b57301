using System.Buffers;

namespace TenantDb.Wire.Server;

/// <summary>
/// The receive buffers of the server's connections (the segments of each connection's pipe reader).
/// A connection rents one when its client's bytes arrive and gives it back once they are handled
/// (zero-byte reads: an idle connection holds none). With hundreds of connections doing this at once,
/// the shared <see cref="ArrayPool{T}"/> keeps too few arrays per size and drops the rest, so every
/// operation allocated a fresh 16 KiB array (measured at over 40 % of the server's allocation under
/// load). This pool keeps up to a fixed number of buffers, bounding the memory it retains.
/// </summary>
/// <remarks>
/// Safety: a buffer must never reach two connections at once, or one tenant could read another's
/// bytes. The pool keeps arrays, and every rent gets an owner object of its own (a few bytes), which
/// gives its array back at most once however often it is disposed: a stale owner disposed again cannot
/// return an array that has a new owner.
/// </remarks>
internal sealed class ReceiveBufferPool : MemoryPool<byte>
{
    /// <summary>Bytes per buffer: the pipe reader's segment size.</summary>
    public const int BufferSize = 16 * 1024;

    private readonly Lock _lock = new();
    private readonly byte[][] _free;
    private int _count;

    /// <summary>A pool that keeps at most <paramref name="capacity"/> idle buffers.</summary>
    public ReceiveBufferPool(int capacity) => _free = new byte[Math.Max(0, capacity)][];

    public override int MaxBufferSize => BufferSize;

    /// <summary>Idle buffers kept now.</summary>
    public int IdleCount
    {
        get
        {
            lock (_lock) return _count;
        }
    }

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        // The reader asks for its segment size; anything larger is a one-off the pool does not keep.
        if (minBufferSize > BufferSize) return new Buffer(null, GC.AllocateUninitializedArray<byte>(minBufferSize));
        byte[]? array = null;
        lock (_lock)
        {
            if (_count > 0)
            {
                array = _free[--_count];
                _free[_count] = null!;
            }
        }
        return new Buffer(this, array ?? GC.AllocateUninitializedArray<byte>(BufferSize));
    }

    protected override void Dispose(bool disposing)
    {
        lock (_lock)
        {
            Array.Clear(_free);
            _count = 0;
        }
    }

    private void Return(byte[] array)
    {
        lock (_lock)
        {
            if (_count < _free.Length) _free[_count++] = array;
        }
    }

    private sealed class Buffer(ReceiveBufferPool? pool, byte[] array) : IMemoryOwner<byte>
    {
        private byte[]? _array = array;

        public Memory<byte> Memory => Volatile.Read(ref _array) ?? throw new ObjectDisposedException(nameof(ReceiveBufferPool));

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _array, null) is { } given && given.Length == BufferSize) pool?.Return(given);
        }
    }
}
