using System.Collections.Concurrent;

namespace TenantDb.ProcSandbox.Runtime.Native;

/// <summary>
/// SAFETY-CRITICAL. The address space of one linear memory: the memory's largest possible size,
/// then a guard region that stays PROT_NONE for the mapping's whole life. Generated code forms
/// every access as base + zero-extended i32 address + u32 static offset + at most 8 bytes, so no
/// access, even one whose bounds check were missing, can reach past <see cref="MaxAccessReach"/>;
/// the mapping always covers that much (and at least <see cref="MinGuardBytes"/> past the pages),
/// so such an access faults instead of touching a neighbouring memory.
/// Reservations are pooled by size; a pooled reservation has its pages zeroed.
/// </summary>
internal sealed unsafe class LinearMemoryReservation
{
    /// <summary>Farthest byte past the base an access can touch: 2^32 - 1 + 2^32 - 1 + 8 bytes, rounded up to a page.</summary>
    public const ulong MaxAccessReach = (1UL << 33) + WasmMemory.PageSize;

    /// <summary>Guard after the last reservable page: the largest static offset plus the largest access, rounded up to a page.</summary>
    public const ulong MinGuardBytes = (1UL << 32) + WasmMemory.PageSize;

    private const int PoolSizePerReservation = 32;
    private static readonly ConcurrentDictionary<uint, ConcurrentBag<LinearMemoryReservation>> s_pool = new();

    private nint _base;
    private long _committedBytes;

    private LinearMemoryReservation(nint @base, uint pages, ulong mappedBytes)
    {
        _base = @base;
        Pages = pages;
        MappedBytes = mappedBytes;
    }

    /// <summary>Address of byte 0.</summary>
    public nint Base => _base;

    /// <summary>Pages the memory may grow to (the guard follows them).</summary>
    public uint Pages { get; }

    /// <summary>Bytes made readable/writable so far.</summary>
    public long CommittedBytes => Volatile.Read(ref _committedBytes);

    /// <summary>Bytes mapped: pages plus guard.</summary>
    public ulong MappedBytes { get; }

    /// <summary>Bytes mapped for a memory of at most <paramref name="pages"/> pages, guard included.</summary>
    public static ulong MappingSize(uint pages) => Math.Max((ulong)pages * WasmMemory.PageSize + MinGuardBytes, MaxAccessReach);

    /// <summary>Maps a fresh reservation, all of it PROT_NONE.</summary>
    public static LinearMemoryReservation Map(uint pages)
    {
        ulong bytes = MappingSize(pages);
        nint address = Libc.Map((nuint)bytes, Libc.ProtNone);
        return new LinearMemoryReservation(address, pages, bytes);
    }

    /// <summary>A pooled reservation of <paramref name="pages"/> pages (zeroed), or a fresh one.</summary>
    public static LinearMemoryReservation Rent(uint pages) =>
        s_pool.TryGetValue(pages, out var bag) && bag.TryTake(out var pooled) ? pooled : Map(pages);

    /// <summary>Makes the first <paramref name="pages"/> pages readable/writable; returns their size in bytes.</summary>
    public long Commit(uint pages)
    {
        if (pages > Pages) throw new InvalidOperationException("commit beyond the reservation");
        long bytes = (long)pages * WasmMemory.PageSize;
        if (bytes > _committedBytes)
        {
            Libc.Protect(_base + (nint)_committedBytes, (nuint)(bytes - _committedBytes), Libc.ProtRead | Libc.ProtWrite);
            _committedBytes = bytes;
        }
        return bytes;
    }

    /// <summary>Below this many committed bytes zeroing in place is cheaper than giving the pages back.</summary>
    private const long ClearInPlaceBytes = 4 * WasmMemory.PageSize;

    /// <summary>
    /// Makes every committed byte read back as zero (protections stay); false when the kernel refused.
    /// Small memories are cleared in place, larger ones dropped (private anonymous pages read back as zero).
    /// </summary>
    public bool TryZeroCommitted()
    {
        if (_committedBytes == 0) return true;
        if (_committedBytes <= ClearInPlaceBytes)
        {
            new Span<byte>((void*)_base, (int)_committedBytes).Clear();
            return true;
        }
        return Libc.madvise(_base, (nuint)_committedBytes, Libc.MadvDontNeed) == 0;
    }

    /// <summary>Zeroes the pages and keeps the reservation for the next <see cref="Rent"/>; unmaps it when the pool is full.</summary>
    public void ReturnToPool()
    {
        // Dropping private anonymous pages makes them read back as zero; protections stay.
        if (_committedBytes > 0 && Libc.madvise(_base, (nuint)_committedBytes, Libc.MadvDontNeed) != 0)
        {
            Unmap();
            return;
        }
        var bag = s_pool.GetOrAdd(Pages, static _ => []);
        if (bag.Count < PoolSizePerReservation) bag.Add(this);
        else Unmap();
    }

    /// <summary>Releases the address space (idempotent).</summary>
    public void Unmap()
    {
        nint address = Interlocked.Exchange(ref _base, 0);
        if (address == 0) return;
        Libc.munmap(address, (nuint)MappedBytes);
    }
}
