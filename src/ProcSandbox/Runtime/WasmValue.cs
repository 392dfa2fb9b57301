using System.Globalization;
using TenantDb.ProcSandbox.Module;

namespace TenantDb.ProcSandbox.Runtime;

/// <summary>
/// A typed WebAssembly value as passed to and from exported and host functions. The value is
/// kept as raw bits so floats round-trip exactly, NaN payloads included.
/// </summary>
public readonly struct WasmValue : IEquatable<WasmValue>
{
    private readonly ulong _bits;

    private WasmValue(ValType type, ulong bits)
    {
        Type = type;
        _bits = bits;
    }

    /// <summary>The value's type.</summary>
    public ValType Type { get; }

    /// <summary>Raw bits: integers zero-extended from their width, floats as their IEEE bit pattern.</summary>
    public ulong Bits => _bits;

    /// <summary>The value as an i32 (factories are named after the types, so accessors are <c>As*</c>).</summary>
    public int AsI32 => (int)(uint)_bits;

    /// <summary>The value as an i64.</summary>
    public long AsI64 => (long)_bits;

    /// <summary>The value as an f32.</summary>
    public float AsF32 => BitConverter.UInt32BitsToSingle((uint)_bits);

    /// <summary>The value as an f64.</summary>
    public double AsF64 => BitConverter.UInt64BitsToDouble(_bits);

    /// <summary>Creates an i32 value.</summary>
    public static WasmValue I32(int value) => new(ValType.I32, (uint)value);

    /// <summary>Creates an i64 value.</summary>
    public static WasmValue I64(long value) => new(ValType.I64, (ulong)value);

    /// <summary>Creates an f32 value.</summary>
    public static WasmValue F32(float value) => new(ValType.F32, BitConverter.SingleToUInt32Bits(value));

    /// <summary>Creates an f64 value.</summary>
    public static WasmValue F64(double value) => new(ValType.F64, BitConverter.DoubleToUInt64Bits(value));

    /// <summary>Creates an f32 value from its exact bit pattern.</summary>
    public static WasmValue F32Bits(uint bits) => new(ValType.F32, bits);

    /// <summary>Creates an f64 value from its exact bit pattern.</summary>
    public static WasmValue F64Bits(ulong bits) => new(ValType.F64, bits);

    /// <summary>Creates a value of <paramref name="type"/> from raw bits (truncated to the type's width).</summary>
    public static WasmValue FromBits(ValType type, ulong bits) =>
        type is ValType.I32 or ValType.F32 ? new(type, (uint)bits) : new(type, bits);

    /// <summary>The zero value of <paramref name="type"/>.</summary>
    public static WasmValue Zero(ValType type) => new(type, 0);

    /// <inheritdoc/>
    public bool Equals(WasmValue other) => Type == other.Type && _bits == other._bits;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is WasmValue other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Type, _bits);

    /// <summary>Bit-exact equality.</summary>
    public static bool operator ==(WasmValue left, WasmValue right) => left.Equals(right);

    /// <summary>Bit-exact inequality.</summary>
    public static bool operator !=(WasmValue left, WasmValue right) => !left.Equals(right);

    /// <inheritdoc/>
    public override string ToString() => Type switch
    {
        ValType.I32 => "i32:" + AsI32.ToString(CultureInfo.InvariantCulture),
        ValType.I64 => "i64:" + AsI64.ToString(CultureInfo.InvariantCulture),
        ValType.F32 => "f32:" + AsF32.ToString("R", CultureInfo.InvariantCulture),
        ValType.F64 => "f64:" + AsF64.ToString("R", CultureInfo.InvariantCulture),
        _ => Type + ":0x" + _bits.ToString("x", CultureInfo.InvariantCulture),
    };
}
