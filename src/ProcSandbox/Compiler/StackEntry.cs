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

    /// <summary>True for a constant usable as a sign-extended 32-bit immediate of its type's width.</summary>
    public bool IsImm32 => Kind == EntryKind.Const && (Type == ValType.I32 || (long)Bits == (int)(long)Bits);
}
