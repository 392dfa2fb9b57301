using TenantDb.ProcSandbox.Runtime.Native;

namespace TenantDb.ProcSandbox.Runtime;

/// <summary>
/// A linear memory. Its whole maximum is reserved as inaccessible address space up front and
/// pages become readable/writable as it grows, so its base address never moves (generated code
/// keeps it in a register). Shared by every instance that imports it.
/// </summary>
public sealed unsafe class WasmMemory : IDisposable
{
    /// <summary>Bytes per WebAssembly page.</summary>
    public const int PageSize = 65536;

    private readonly object _growLock = new();
    private readonly List<nint> _contexts = [];
    private nint _base;
    private readonly ulong _reservedBytes;
    private long _sizeBytes;

    /// <summary>Creates a memory of <paramref name="minPages"/> pages that can grow to <paramref name="maxPages"/> (65536 when null).</summary>
    public WasmMemory(uint minPages, uint? maxPages)
        : this(minPages, Math.Min(maxPages ?? 65536u, 65536u), maxPages)
    {
    }

    private WasmMemory(uint minPages, uint reservedPages, uint? declaredMax)
    {
        if (minPages > reservedPages) throw new WasmLinkException("memory size must be at most the maximum");
        Minimum = minPages;
        Maximum = declaredMax;
        ReservedPages = reservedPages;
        _reservedBytes = Math.Max((ulong)reservedPages * PageSize, (ulong)Libc.PageSize);
        _base = Libc.Map((nuint)_reservedBytes, Libc.ProtNone);
        Commit(minPages);
    }

    /// <summary>Declared minimum pages.</summary>
    public uint Minimum { get; private set; }

    /// <summary>Declared maximum pages, if any.</summary>
    public uint? Maximum { get; private set; }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<uint, System.Collections.Concurrent.ConcurrentBag<WasmMemory>> s_pool = new();
    private const int PoolSizePerReservation = 32;
    private long _committedBytes;

    /// <summary>
    /// A memory for a new instance: a pooled one with the same reservation (already zeroed) when
    /// available, so instantiation skips the mmap/munmap pair.
    /// </summary>
    internal static WasmMemory Rent(uint minPages, uint reservedPages, uint? declaredMax)
    {
        if (s_pool.TryGetValue(reservedPages, out var bag) && bag.TryTake(out var memory) && memory._base != 0)
        {
            memory.Minimum = minPages;
            memory.Maximum = declaredMax;
            memory.Commit(minPages);
            return memory;
        }
        return new WasmMemory(minPages, reservedPages, declaredMax);
    }

    /// <summary>Zeroes the memory and keeps it for the next <see cref="Rent"/>; unmaps it when the pool is full.</summary>
    internal void ReturnToPool()
    {
        lock (_growLock)
        {
            if (_base == 0) return;
            _contexts.Clear();
            // Dropping private anonymous pages makes them read back as zero; protections stay.
            if (_committedBytes > 0 && Libc.madvise(_base, (nuint)_committedBytes, Libc.MadvDontNeed) != 0)
            {
                Dispose();
                return;
            }
            _sizeBytes = 0;
        }
        var bag = s_pool.GetOrAdd(ReservedPages, static _ => []);
        if (bag.Count < PoolSizePerReservation) bag.Add(this);
        else Dispose();
    }

    /// <summary>Sets the size to <paramref name="pages"/>, making pages readable/writable as needed.</summary>
    private void Commit(uint pages)
    {
        long bytes = (long)pages * PageSize;
        if (bytes > _committedBytes)
        {
            Libc.Protect(_base + (nint)_committedBytes, (nuint)(bytes - _committedBytes), Libc.ProtRead | Libc.ProtWrite);
            _committedBytes = bytes;
        }
        _sizeBytes = bytes;
    }

    /// <summary>Pages reserved: the most this memory can ever grow to.</summary>
    internal uint ReservedPages { get; }

    /// <summary>Current size in pages.</summary>
    public uint Pages => (uint)(Volatile.Read(ref _sizeBytes) / PageSize);

    /// <summary>Current size in bytes.</summary>
    public long SizeBytes => Volatile.Read(ref _sizeBytes);

    internal nint Base => _base;

    /// <summary>The memory's bytes. Valid until the memory grows or is disposed.</summary>
    public Span<byte> Span
    {
        get
        {
            ObjectDisposedException.ThrowIf(_base == 0, this);
            return new Span<byte>((void*)_base, checked((int)Math.Min(_sizeBytes, int.MaxValue)));
        }
    }

    /// <summary>
    /// Grows by <paramref name="deltaPages"/> pages unless that passes <paramref name="limitPages"/>
    /// or the reservation; returns the old size in pages or -1.
    /// </summary>
    public int Grow(uint deltaPages, uint limitPages = 65536)
    {
        lock (_growLock)
        {
            ObjectDisposedException.ThrowIf(_base == 0, this);
            ulong oldPages = (ulong)_sizeBytes / PageSize;
            ulong newPages = oldPages + deltaPages;
            if (newPages > ReservedPages || newPages > limitPages) return -1;
            if (deltaPages == 0) return (int)oldPages;
            Commit((uint)newPages);
            long newSize = (long)newPages * PageSize;
            Volatile.Write(ref _sizeBytes, newSize);
            foreach (nint context in _contexts) *(long*)(context + VmContextLayout.MemorySize) = newSize;
            return (int)oldPages;
        }
    }

    /// <summary>Points an instance context at this memory and keeps its size field current.</summary>
    internal void Attach(nint context)
    {
        lock (_growLock)
        {
            *(nint*)(context + VmContextLayout.MemoryBase) = _base;
            *(long*)(context + VmContextLayout.MemorySize) = _sizeBytes;
            _contexts.Add(context);
        }
    }

    internal void Detach(nint context)
    {
        lock (_growLock) _contexts.Remove(context);
    }

    /// <summary>Releases the address space.</summary>
    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the address space if <see cref="Dispose"/> was not called.</summary>
    ~WasmMemory() => Free();

    private void Free()
    {
        nint address = Interlocked.Exchange(ref _base, 0);
        if (address != 0) Libc.munmap(address, (nuint)_reservedBytes);
    }
}
