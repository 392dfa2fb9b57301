using Iced.Intel;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>
/// SAFETY-CRITICAL: every linear-memory access takes its address from here, and the address is
/// checked by <see cref="MacroAssembler.CheckedAccess"/> / <see cref="MacroAssembler.CheckedAccessOf"/>
/// (the only code that turns a wasm address into a machine address).
/// </summary>
internal sealed partial class FunctionCompiler
{
    /// <summary>Pops an i32 address, emits the bounds check and returns the checked memory operand.</summary>
    private MemoryOperand PopCheckedAddress(uint offset, int size)
    {
        var address = _ctx.Pop(out int position);
        if (address.Kind == EntryKind.Const) return _masm.CheckedAccess((uint)address.Bits, offset, size);
        if (_ctx.IsZeroExtendedHere(address))
        {
            // Computed in this straight-line stretch by a 32-bit instruction: the register itself becomes the
            // checked end (released now: the access that follows reads it before anything can reuse it).
            _ctx.Release(address);
            return _masm.CheckedAccessOf(address.Reg, offset, size);
        }
        _ctx.MoveI32(Register.R11D, address, position); // 32-bit move: zero-extends into r11
        _ctx.Release(address);
        return _masm.CheckedAccessOf(Register.R11, offset, size);
    }
}
