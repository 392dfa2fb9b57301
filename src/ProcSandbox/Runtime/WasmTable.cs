using System.Runtime.InteropServices;
using TenantDb.ProcSandbox.Runtime.Native;

namespace TenantDb.ProcSandbox.Runtime;

/// <summary>
/// SAFETY-CRITICAL. A table of function references for <c>call_indirect</c>. Entries live in
/// native memory in the layout generated code reads (<see cref="VmContextLayout.TableEntrySize"/>);
/// a managed array keeps the referenced functions alive.
///
/// <c>call_indirect</c> runs the entry's code with the entry's context. An entry names the
/// function's own context directly only while the table is private to the instance that defined
/// both (so the caller is always that instance); every other entry names a
/// <see cref="CrossInstanceProxy"/>, which crosses to the other instance through the host, where
/// per-context state is saved and the caller's limits are carried over. A table becomes shared
/// (and its direct entries are rewritten) as soon as it is exported or imported.
///
/// Ownership is counted like <see cref="WasmMemory"/>: the defining instance (or the host) and
/// every importing instance hold a reference; the entries are freed when the last one goes. An
/// instance that imports a table and puts its own functions into it forms a reference cycle with
/// the table; the finalizers free such a pair once it is unreachable (a procedure never links tables).
/// </summary>
public sealed unsafe class WasmTable : IDisposable
{
    private nint _entries;
    private readonly FunctionRef?[] _functions;
    private readonly Instance? _owner;
    private bool _shared;
    private CrossInstanceProxy? _proxies;
    private int _references = 1;
    private int _hostReleased;

    /// <summary>Creates a table of <paramref name="minimum"/> null entries (MVP tables never grow).</summary>
    public WasmTable(uint minimum, uint? maximum)
        : this(minimum, maximum, owner: null)
    {
    }

    internal WasmTable(uint minimum, uint? maximum, Instance? owner)
    {
        if (maximum is { } max && minimum > max) throw new WasmLinkException("size minimum must not be greater than maximum");
        if (minimum > 10_000_000) throw new WasmLinkException("table too large");
        Minimum = minimum;
        Maximum = maximum;
        _owner = owner;
        _shared = owner is null;
        _functions = new FunctionRef?[minimum];
        _entries = (nint)NativeMemory.AllocZeroed((nuint)Math.Max(minimum, 1) * VmContextLayout.TableEntrySize);
    }

    /// <summary>Declared minimum (the size).</summary>
    public uint Minimum { get; }

    /// <summary>Declared maximum, if any.</summary>
    public uint? Maximum { get; }

    /// <summary>Number of entries.</summary>
    public uint Size => (uint)_functions.Length;

    internal nint Entries => _entries;

    /// <summary>The instance that defined the table (null for a table the host constructed).</summary>
    internal Instance? Owner => _owner;

    internal FunctionRef? Get(uint index) => _functions[index];

    /// <summary>
    /// Stores <paramref name="function"/> at <paramref name="index"/>. A function of another
    /// instance than the table's owner keeps that instance alive while it is in the table (its
    /// functions stay callable, as the table refers to them); the owner's own functions do not,
    /// which would make every instance with a table its own reference cycle.
    /// </summary>
    internal void Set(uint index, FunctionRef function)
    {
        ObjectDisposedException.ThrowIf(_entries == 0, this);
        bool foreign = function.Owner != _owner;
        if (foreign && !function.Owner.TryAcquire()) throw new WasmLinkException("a table element refers to a disposed instance");
        var previous = _functions[index];
        _functions[index] = function;
        WriteEntry(index, function);
        if (previous is not null && previous.Owner != _owner) previous.Owner.Release();
    }

    /// <summary>From now on any instance may call through this table: no entry may name a context directly.</summary>
    internal void MarkShared()
    {
        if (_shared) return;
        _shared = true;
        for (uint i = 0; i < _functions.Length; i++)
        {
            if (_functions[i] is { } function) WriteEntry(i, function);
        }
    }

    private void WriteEntry(uint index, FunctionRef function)
    {
        bool direct = !_shared && function.Owner == _owner;
        nint context = direct ? function.Context : (_proxies ??= new CrossInstanceProxy()).ContextFor(function);
        nint code = direct ? function.Code : CrossInstanceProxy.Code;
        byte* entry = (byte*)_entries + (long)index * VmContextLayout.TableEntrySize;
        *(long*)(entry + VmContextLayout.EntryTypeId) = function.TypeId;
        *(nint*)(entry + VmContextLayout.EntryContext) = context;
        *(nint*)(entry + VmContextLayout.EntryCode) = code;
    }

    /// <summary>Takes one more reference for an importing instance; false when the table was already freed.</summary>
    internal bool TryAcquire() => ReferenceCount.TryAcquire(ref _references);

    /// <summary>Drops one reference; the last one frees the entries and proxies.</summary>
    internal void Release()
    {
        if (Interlocked.Decrement(ref _references) != 0) return;
        Free();
        GC.SuppressFinalize(this);
        // Only a deterministic release hands on references: from the finalizer the instances may be finalized too.
        foreach (var function in _functions)
        {
            if (function is not null && function.Owner != _owner) function.Owner.Release();
        }
    }

    /// <summary>Releases the host's reference to a table it constructed; a table an instance defined belongs to that instance.</summary>
    public void Dispose()
    {
        if (_owner is null && Interlocked.Exchange(ref _hostReleased, 1) == 0) Release();
    }

    /// <summary>Frees the entries if nobody released the table.</summary>
    ~WasmTable() => Free();

    private void Free()
    {
        nint entries = Interlocked.Exchange(ref _entries, 0);
        if (entries != 0) NativeMemory.Free((void*)entries);
        _proxies?.Free();
    }
}
