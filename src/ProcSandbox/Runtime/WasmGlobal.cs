using System.Runtime.InteropServices;
using TenantDb.ProcSandbox.Module;

namespace TenantDb.ProcSandbox.Runtime;

/// <summary>
/// A global variable that can be imported. Its value lives in an 8-byte native cell that
/// generated code reads and writes directly; a global exported by an instance views that
/// instance's cell.
/// </summary>
public sealed unsafe class WasmGlobal
{
    private readonly nint _cell;
    private readonly object? _owner;
    private readonly bool _ownsCell;

    /// <summary>Creates a standalone global holding <paramref name="value"/>.</summary>
    public WasmGlobal(ValType type, bool mutable, WasmValue value)
    {
        if (value.Type != type) throw new ArgumentException("value type differs from the global's type", nameof(value));
        Type = type;
        Mutable = mutable;
        _cell = (nint)NativeMemory.AllocZeroed(8);
        _ownsCell = true;
        *(ulong*)_cell = value.Bits;
    }

    internal WasmGlobal(ValType type, bool mutable, nint cell, object owner)
    {
        Type = type;
        Mutable = mutable;
        _cell = cell;
        _owner = owner;
    }

    /// <summary>The value type.</summary>
    public ValType Type { get; }

    /// <summary>Whether code may change it.</summary>
    public bool Mutable { get; }

    /// <summary>The current value (<see cref="ObjectDisposedException"/> once the exporting instance is gone).</summary>
    public WasmValue Value
    {
        get
        {
            ThrowIfOwnerFreed();
            var value = WasmValue.FromBits(Type, *(ulong*)_cell);
            GC.KeepAlive(_owner);
            return value;
        }
        set
        {
            if (value.Type != Type) throw new ArgumentException("value type differs from the global's type", nameof(value));
            ThrowIfOwnerFreed();
            *(ulong*)_cell = value.Bits;
            GC.KeepAlive(_owner);
        }
    }

    internal nint Cell => _cell;

    /// <summary>The instance whose context holds the cell, if an instance exported this global.</summary>
    internal object? Owner => _owner;

    private void ThrowIfOwnerFreed()
    {
        if (_owner is Instance { IsFreed: true }) throw new ObjectDisposedException(nameof(Instance), "the instance that exported this global was disposed");
    }

    /// <summary>Frees a standalone global's cell.</summary>
    ~WasmGlobal()
    {
        if (_ownsCell) NativeMemory.Free((void*)_cell);
    }
}
