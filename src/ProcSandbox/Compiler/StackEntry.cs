using Iced.Intel;
using TenantDb.ProcSandbox.Module;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>Where a value on the compiler's abstract operand stack currently is.</summary>
internal enum EntryKind : byte
{
    /// <summary>A constant not yet materialised (becomes an immediate where possible).</summary>
    Const,
    /// <summary>In a register.</summary>
    Register,
    /// <summary>Still in a local variable (a lazy <c>local.get</c>).</summary>
    Local,
    /// <summary>In the frame slot reserved for its stack position.</summary>
    Slot,
}

/// <summary>One operand-stack value at compile time (winch/Liftoff style): constant, register, local or spilled slot.</summary>
internal readonly record struct StackEntry(EntryKind Kind, ValType Type, Register Reg, ulong Bits, int Local)
{
    public static StackEntry Constant(ValType type, ulong bits) => new(EntryKind.Const, type, Register.None, bits, 0);
    public static StackEntry InRegister(ValType type, Register reg) => new(EntryKind.Register, type, reg, 0, 0);
    public static StackEntry OfLocal(ValType type, int local) => new(EntryKind.Local, type, Register.None, 0, local);
    public static StackEntry Spilled(ValType type) => new(EntryKind.Slot, type, Register.None, 0, 0);

    /// <summary>
    /// An i32 just written to <paramref name="reg"/> by a 32-bit instruction (<paramref name="flowSerial"/>: see
    /// <see cref="CodeGenContext.PushZeroExtendedI32"/>), at most <paramref name="maximum"/> when that is not negative.
    /// The maximum is kept in <see cref="Local"/>, which register entries do not otherwise use, as maximum + 1.
    /// </summary>
    public static StackEntry ZeroExtendedI32(Register reg, int flowSerial, int maximum) =>
        new(EntryKind.Register, ValType.I32, reg, (ulong)flowSerial + 1, maximum >= 0 ? maximum + 1 : 0);

    /// <summary>For a register entry made by <see cref="ZeroExtendedI32"/> with a maximum: that maximum; otherwise -1.</summary>
    public int Maximum => Kind == EntryKind.Register ? Local - 1 : -1;

    /// <summary>True for a constant usable as a sign-extended 32-bit immediate of its type's width.</summary>
    public bool IsImm32 => Kind == EntryKind.Const && (Type == ValType.I32 || (long)Bits == (int)(long)Bits);
}
