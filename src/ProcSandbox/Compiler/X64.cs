using Iced.Intel;
using TenantDb.ProcSandbox.Module;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>
/// SAFETY-CRITICAL register conventions of generated code, plus width conversions of Iced registers.
/// r15 always holds the instance context, r14 the linear-memory base, rbx the remaining fuel (written
/// back to the context around calls, returns and traps), rbp the frame; r10/r11 and xmm15 are
/// scratch registers never holding a value-stack entry.
/// </summary>
internal static class X64
{
    public const Register Context = Register.R15;
    public const Register MemoryBase = Register.R14;
    public const Register Fuel = Register.RBX;
    public const Register Scratch = Register.R11;
    public const Register XmmScratch = Register.XMM15;

    /// <summary>
    /// In a function whose loops access linear memory, the memory size in
    /// bytes for the whole body (loaded by the prologue, reloaded after every call and memory.grow), so a bounds check is
    /// <c>cmp end, rsi</c> with no memory read; the verifier holds it to that at every branch. Elsewhere rsi is a
    /// value-stack register.
    /// </summary>
    public const Register MemoryLimit = Register.RSI;

    /// <summary>Allocatable general registers, in preference order (rax/rdx/rcx last: division and shifts want them).</summary>
    public static readonly Register[] AllocatableGprs =
    [
        Register.RSI, Register.RDI, Register.R8, Register.R9, Register.R12, Register.R13,
        Register.RCX, Register.RAX, Register.RDX,
    ];

    /// <summary>
    /// Registers that hold a function's hottest loop locals (<see cref="LoopLocals"/>) instead of the value stack
    /// in functions that pin any: r12/r13 survive host calls, r8/r9 are free of every fixed use (division,
    /// shifts, calls), rdi is written only by the zeroing of locals at entry (before pinned locals are loaded)
    /// and by memory.grow's call (around which they are saved and reloaded). The value stack keeps rsi (unless
    /// it holds the <see cref="MemoryLimit"/>), rdi when no fifth local takes it, rcx, rax, rdx: at least three, which every
    /// operation can work with (division, which needs rax, rdx and a divisor register, parks the dividend in r11 when needed).
    /// </summary>
    public static readonly Register[] LocalGprs = [Register.R12, Register.R13, Register.R9, Register.R8, Register.RDI];

    /// <summary>Float registers for hot loop locals (the value stack keeps xmm0..xmm12).</summary>
    public static readonly Register[] LocalXmms = [Register.XMM14, Register.XMM13];

    public static bool IsXmm(Register r) => r >= Register.XMM0 && r <= Register.XMM31;

    public static int Number(Register r) => IsXmm(r) ? r - Register.XMM0 : r - Register.RAX;

    public static Register R32(Register r64) => Register.EAX + (r64 - Register.RAX);

    public static Register R16(Register r64) => Register.AX + (r64 - Register.RAX);

    public static Register R8(Register r64)
    {
        int i = r64 - Register.RAX;
        return i < 4 ? Register.AL + i : i < 8 ? Register.SPL + (i - 4) : Register.R8L + (i - 8);
    }

    public static Register Sized(Register r64, bool is64) => is64 ? r64 : R32(r64);

    public static bool IsFloat(ValType type) => type is ValType.F32 or ValType.F64;

    public static bool Is64(ValType type) => type is ValType.I64 or ValType.F64;

    public static MemoryOperand Mem(Register @base, long displacement) => new(@base, displacement);

    /// <summary>[base + displacement] with no displacement byte when it is zero (the form Iced's assembler gives <c>qword ptr [base + d]</c>).</summary>
    public static MemoryOperand Ptr(Register @base, long displacement) => new(@base, displacement, displacement == 0 ? 0 : 1, false, Register.None);
}
