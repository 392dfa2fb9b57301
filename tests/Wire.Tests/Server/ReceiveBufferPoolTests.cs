using System.Buffers;
using FsCheck;
using FsCheck.Xunit;
using TenantDb.Wire.Server;

namespace TenantDb.Wire.Tests.Server;

/// <summary>
/// The connections' receive-buffer pool: a buffer is never in two owners' hands at once (that would let
/// one tenant's connection read another's bytes), however owners are disposed, and it keeps no more
/// idle buffers than its capacity.
/// </summary>
public sealed class ReceiveBufferPoolTests
{
    [Property(MaxTest = 200)]
    public void A_buffer_is_never_rented_twice_at_once(PositiveInt capacity, int[] script)
    {
        using var pool = new ReceiveBufferPool(capacity.Get % 8);
        var held = new List<IMemoryOwner<byte>>();
        var disposed = new List<IMemoryOwner<byte>>();
        foreach (int step in script)
        {
            switch (Math.Abs(step % 4))
            {
                case 0:
                case 1:
                    held.Add(pool.Rent());
                    break;
                case 2 when held.Count > 0:
                    var owner = held[Math.Abs(step) % held.Count];
                    held.Remove(owner);
                    owner.Dispose();
                    disposed.Add(owner);
                    break;
                case 3 when disposed.Count > 0:
                    // A second dispose of an owner already given back must not return its buffer again.
                    disposed[Math.Abs(step) % disposed.Count].Dispose();
                    break;
            }

            var arrays = new HashSet<byte[]>(ReferenceEqualityComparer.Instance);
            foreach (var h in held)
            {
                Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray<byte>(h.Memory, out var segment));
                Assert.True(arrays.Add(segment.Array!), "one buffer in two owners' hands");
                Assert.Equal(ReceiveBufferPool.BufferSize, segment.Count);
            }
            Assert.InRange(pool.IdleCount, 0, capacity.Get % 8);
        }
    }

    [Fact]
    public void Buffers_given_back_are_reused_and_a_returned_one_cannot_be_read()
    {
        using var pool = new ReceiveBufferPool(4);
        var first = pool.Rent();
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray<byte>(first.Memory, out var array);
        first.Dispose();
        Assert.Throws<ObjectDisposedException>(() => first.Memory);
        var second = pool.Rent();
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray<byte>(second.Memory, out var again);
        Assert.Same(array.Array, again.Array);
        // The first owner's late second dispose leaves the buffer with its new owner.
        first.Dispose();
        Assert.Equal(0, pool.IdleCount);
        Assert.NotSame(again.Array, GetArray(pool.Rent()));
    }

    [Fact]
    public void A_request_larger_than_a_buffer_gets_its_own_array_which_is_not_kept()
    {
        using var pool = new ReceiveBufferPool(4);
        var big = pool.Rent(ReceiveBufferPool.BufferSize * 3);
        Assert.True(big.Memory.Length >= ReceiveBufferPool.BufferSize * 3);
        big.Dispose();
        Assert.Equal(0, pool.IdleCount);
    }

    private static byte[] GetArray(IMemoryOwner<byte> owner)
    {
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray<byte>(owner.Memory, out var segment);
        return segment.Array!;
    }
}
