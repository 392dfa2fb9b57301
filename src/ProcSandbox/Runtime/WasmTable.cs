using System.Runtime.InteropServices;
using TenantDb.ProcSandbox.Runtime.Native;

namespace TenantDb.ProcSandbox.Runtime;

/// <summary>
/// A table of function references for <c>call_indirect</c>. Entries live in native memory in the
/// layout generated code reads (<see cref="VmContextLayout.TableEntrySize"/>); a managed array keeps
/// the referenced functions' owners alive.
/// </summary>
public sealed unsafe class WasmTable : IDisposable
{
    private nint _entries;
    private readonly FunctionRef?[] _functions;

    /// <summary>Creates a table of <paramref name="minimum"/> null entries (MVP tables never grow).</summary>
    public WasmTable(uint minimum, uint? maximum)
    {
        if (maximum is { } max && minimum > max) throw new WasmLinkException("size minimum must not be greater than maximum");
        if (minimum > 10_000_000) throw new WasmLinkException("table too large");
        Minimum = minimum;
        Maximum = maximum;
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

    internal FunctionRef? Get(uint index) => _functions[index];

    internal void Set(uint index, FunctionRef function)
    {
        _functions[index] = function;
        byte* entry = (byte*)_entries + (long)index * VmContextLayout.TableEntrySize;
        *(long*)(entry + VmContextLayout.EntryTypeId) = function.TypeId;
        *(nint*)(entry + VmContextLayout.EntryContext) = function.Context;
        *(nint*)(entry + VmContextLayout.EntryCode) = function.Code;
    }

    /// <summary>Frees the entries.</summary>
    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    /// <summary>Frees the entries if <see cref="Dispose"/> was not called.</summary>
    ~WasmTable() => Free();

    private void Free()
    {
        nint entries = Interlocked.Exchange(ref _entries, 0);
        if (entries != 0) NativeMemory.Free((void*)entries);
    }
}
