using TenantDb.ProcSandbox.Runtime.Native;

namespace TenantDb.ProcSandbox.Runtime;

/// <summary>
/// SAFETY-CRITICAL. A linear memory. Its whole maximum is reserved as inaccessible address space
/// up front, followed by a guard region (<see cref="LinearMemoryReservation"/>), and pages become
/// readable/writable as it grows, so its base address never moves (generated code keeps it in a
/// register).
///
/// Ownership is counted: the instance that defined the memory (or the host that constructed it)
/// holds one reference and every instance importing it holds one more. The mapping goes back to
/// the pool, zeroed, or is unmapped only when the last reference is released, so no instance can
/// ever address a mapping that was handed to someone else.
/// </summary>
public sealed unsafe class WasmMemory : IDisposable
{
    /// <summary>Bytes per WebAssembly page.</summary>
    public const int PageSize = 65536;

    private readonly object _growLock = new();
    private readonly List<nint> _contexts = [];
    private LinearMemoryReservation? _reservation;
    private nint _base;
    private long _sizeBytes;
    private int _references = 1;
    private readonly bool _hostOwned;
    private int _hostReleased;

    /// <summary>Creates a memory of <paramref name="minPages"/> pages that can grow to <paramref name="maxPages"/> (65536 when null).</summary>
    public WasmMemory(uint minPages, uint? maxPages)
        : this(minPages, maxPages, LinearMemoryReservation.Map(Math.Min(maxPages ?? 65536u, 65536u)), hostOwned: true)
    {
    }

    private WasmMemory(uint minPages, uint? declaredMax, LinearMemoryReservation reservation, bool hostOwned)
    {
        if (minPages > reservation.Pages)
        {
            reservation.Unmap();
            throw new WasmLinkException("memory size must be at most the maximum");
        }
        Minimum = minPages;
        Maximum = declaredMax;
        ReservedPages = reservation.Pages;
        _reservation = reservation;
        _base = reservation.Base;
        _hostOwned = hostOwned;
        _sizeBytes = reservation.Commit(minPages);
    }

    /// <summary>
    /// A memory owned by a new instance: a pooled reservation of the same size (already zeroed)
    /// when available, so instantiation skips the mmap/munmap pair.
    /// </summary>
    internal static WasmMemory Rent(uint minPages, uint reservedPages, uint? declaredMax) =>
        new(minPages, declaredMax, LinearMemoryReservation.Rent(reservedPages), hostOwned: false);

    /// <summary>Declared minimum pages.</summary>
    public uint Minimum { get; }

    /// <summary>Declared maximum pages, if any.</summary>
    public uint? Maximum { get; }

    /// <summary>Pages reserved: the most this memory can ever grow to.</summary>
    internal uint ReservedPages { get; }

    /// <summary>Current size in pages.</summary>
    public uint Pages => (uint)(Volatile.Read(ref _sizeBytes) / PageSize);

    /// <summary>Current size in bytes.</summary>
    public long SizeBytes => Volatile.Read(ref _sizeBytes);

    internal nint Base => _base;

    /// <summary>Bytes mapped for this memory: the reservation plus its guard region (0 once released).</summary>
    internal ulong MappedBytes => _reservation?.MappedBytes ?? 0;

    /// <summary>Bytes of the reservation that are readable/writable (and may hold pages): at least the current size.</summary>
    internal long CommittedBytes => _reservation?.CommittedBytes ?? 0;

    /// <summary>Whether some instance or the host still holds this memory.</summary>
    internal bool InUse => Volatile.Read(ref _references) > 0;

    /// <summary>The memory's bytes. Valid until the memory grows or is released.</summary>
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
            long newSize = _reservation!.Commit((uint)newPages);
            Volatile.Write(ref _sizeBytes, newSize);
            foreach (nint context in _contexts) *(long*)(context + VmContextLayout.MemorySize) = newSize;
            return (int)oldPages;
        }
    }

    /// <summary>
    /// For a pooled instance (the memory's only user): zeroes every committed page and shrinks the
    /// memory back to <paramref name="minPages"/>, telling its context. False when the memory is
    /// shared or the pages could not be zeroed; the instance is not reused then.
    /// </summary>
    internal bool TryResetForReuse(uint minPages)
    {
        lock (_growLock)
        {
            if (_base == 0 || _hostOwned || Volatile.Read(ref _references) != 1 || _contexts.Count != 1) return false;
            if (!_reservation!.TryZeroCommitted()) return false;
            _sizeBytes = (long)minPages * PageSize;
            *(long*)(_contexts[0] + VmContextLayout.MemorySize) = _sizeBytes;
            return true;
        }
    }

    /// <summary>Points an instance context at this memory and keeps its size field current.</summary>
    internal void Attach(nint context)
    {
        lock (_growLock)
        {
            ObjectDisposedException.ThrowIf(_base == 0, this);
            *(nint*)(context + VmContextLayout.MemoryBase) = _base;
            *(long*)(context + VmContextLayout.MemorySize) = _sizeBytes;
            _contexts.Add(context);
        }
    }

    /// <summary>Stops writing the size into <paramref name="context"/> (it is about to be freed).</summary>
    internal void Detach(nint context)
    {
        lock (_growLock) _contexts.Remove(context);
    }

    /// <summary>Takes one more reference for an importing instance; false when the memory was already released.</summary>
    internal bool TryAcquire() => ReferenceCount.TryAcquire(ref _references);

    /// <summary>Drops one reference; the last one zeroes the pages and pools the reservation (or unmaps it).</summary>
    internal void Release()
    {
        int count = Interlocked.Decrement(ref _references);
        if (count > 0) return;
        if (count < 0) throw new InvalidOperationException("linear memory released more often than acquired");
        LinearMemoryReservation reservation;
        lock (_growLock)
        {
            reservation = _reservation!;
            _reservation = null;
            _base = 0;
            _sizeBytes = 0;
            _contexts.Clear();
        }
        GC.SuppressFinalize(this);
        if (_hostOwned) reservation.Unmap();
        else reservation.ReturnToPool();
    }

    /// <summary>
    /// Releases the host's reference to a memory it constructed (the mapping goes away once no
    /// instance imports it any more). A memory an instance defined belongs to that instance: this does nothing.
    /// </summary>
    public void Dispose()
    {
        if (_hostOwned && Interlocked.Exchange(ref _hostReleased, 1) == 0) Release();
    }

    /// <summary>Unmaps the reservation when nobody released it (never pools it: a finalized object must not come back).</summary>
    ~WasmMemory() => _reservation?.Unmap();
}
