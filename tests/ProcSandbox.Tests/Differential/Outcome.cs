namespace TenantDb.ProcSandbox.Tests.Differential;

/// <summary>The normalised trap kinds both runtimes are compared on.</summary>
internal enum OutcomeTrap
{
    None,
    Unreachable,
    MemoryOutOfBounds,
    IntegerDivideByZero,
    IntegerOverflow,
    InvalidConversion,
    IndirectCall,
    StackOverflow,
    OutOfFuel,
    Other,
}

/// <summary>
/// What one call produced: a trap kind, or a result of one value type held as raw bits.
/// Any NaN equals any NaN, because NaN sign and payload are nondeterministic in WebAssembly.
/// </summary>
internal readonly record struct Outcome(OutcomeTrap Trap, string Type, ulong Bits)
{
    public static Outcome Trapped(OutcomeTrap trap) => new(trap, "", 0);

    public bool SameAs(Outcome other)
    {
        if (Trap != other.Trap) return false;
        if (Trap != OutcomeTrap.None) return true;
        if (Type != other.Type) return false;
        return Type switch
        {
            "f32" => Bits == other.Bits || (float.IsNaN(BitConverter.UInt32BitsToSingle((uint)Bits)) && float.IsNaN(BitConverter.UInt32BitsToSingle((uint)other.Bits))),
            "f64" => Bits == other.Bits || (double.IsNaN(BitConverter.UInt64BitsToDouble(Bits)) && double.IsNaN(BitConverter.UInt64BitsToDouble(other.Bits))),
            _ => Bits == other.Bits,
        };
    }

    public override string ToString() => Trap != OutcomeTrap.None ? $"trap {Trap}" : Type switch
    {
        "i32" => $"i32 {(int)Bits}",
        "i64" => $"i64 {(long)Bits}",
        "f32" => $"f32 {BitConverter.UInt32BitsToSingle((uint)Bits)} (0x{Bits:x8})",
        _ => $"f64 {BitConverter.UInt64BitsToDouble(Bits)} (0x{Bits:x16})",
    };
}
