using Iced.Intel;
using TenantDb.ProcSandbox.Binary;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>
/// SAFETY-CRITICAL: every linear-memory access takes its address from here, and the address is
/// checked by <see cref="MacroAssembler.CheckedAccess"/> / <see cref="MacroAssembler.CheckedAccessOf(Register, uint, int)"/>
/// (the only code that turns a wasm address into a machine address).
///
/// One check for several loads: a load whose address is a local, followed in straight-line code by more loads
/// from the same local at constant offsets (<c>local.get p; i32.load offset=0 ... local.get p; i32.load offset=8</c>),
/// checks the largest end among them once and leaves it in r11; the later loads address [r14 + r11 + offset - reach]
/// without a check of their own while r11 and the local are unchanged and no branch target or call came between
/// (the verifier proves each of them against that checked end). Accesses that lie wholly below the memory's minimum size
/// (a constant address, or an address masked by <c>and</c> with a constant) need no check at all. Only loads and instructions that can neither trap
/// nor write anything but locals may lie between, so trapping at the first load instead of a later one is not
/// observable: no store or call has happened in between, and the trap is the same.
/// </summary>
internal sealed partial class FunctionCompiler
{
    /// <summary>Wasm instructions looked at after a load for more loads from the same local.</summary>
    private const int HoistWindow = 24;

    /// <summary>Offsets and reaches up to this are hoisted (so offset - reach fits a 32-bit displacement).</summary>
    private const ulong MaxHoistedReach = 1 << 30;

    /// <summary>The local whose checked end r11 holds, or -1.</summary>
    private int _hoistedLocal = -1;
    private ulong _hoistedReach;
    /// <summary>Body position up to which the loads of <see cref="_hoistedLocal"/> were taken into the check.</summary>
    private int _hoistedUntil;
    private int _hoistedFlowSerial;
    private int _hoistedScratchWrites;

    /// <summary>Pops an i32 address, emits the bounds check and returns the checked memory operand.</summary>
    private MemoryOperand PopCheckedAddress(uint offset, int size, bool isLoad)
    {
        var address = _ctx.Pop(out int position);
        ulong minimum = (ulong)_mc.MinimumMemoryBytes;
        if (address.Kind == EntryKind.Const)
        {
            // Below the memory's minimum size, which it never goes under: no check (the verifier proves the same).
            ulong start = (ulong)(uint)address.Bits + offset;
            if (start + (ulong)size <= minimum && start <= int.MaxValue) return _masm.InMinimumMemory(Register.None, (int)start);
            return _masm.CheckedAccess((uint)address.Bits, offset, size);
        }
        if (_ctx.MaximumHere(address) is int maximum and >= 0 && (ulong)maximum + offset + (ulong)size <= minimum && offset <= int.MaxValue)
        {
            // A masked address (and r32, mask) whose whole range lies below the minimum size.
            _ctx.Release(address);
            return _masm.InMinimumMemory(address.Reg, (int)offset);
        }
        if (_ctx.IsZeroExtendedHere(address))
        {
            // Computed in this straight-line stretch by a 32-bit instruction: the register itself becomes the
            // checked end (released now: the access that follows reads it before anything can reuse it).
            _ctx.Release(address);
            return _masm.CheckedAccessOf(address.Reg, offset, size);
        }
        ulong reach = (ulong)offset + (ulong)size;
        if (isLoad && address.Kind == EntryKind.Local && reach <= MaxHoistedReach)
        {
            if (IsCheckedByHoisting(address.Local, reach)) return _masm.CheckedOperand(Register.R11, offset, _hoistedReach);
            ulong single = reach;
            reach = HoistedReach(address.Local, reach, out int until);
            if (until == _position && CheckedInPlace(address, offset, single) is { } inPlace) return inPlace;
            _ctx.MoveI32(Register.R11D, address, position); // 32-bit move: zero-extends into r11
            _ctx.Release(address);
            var checkedOperand = _masm.CheckedAccessOf(Register.R11, offset, size, reach);
            _hoistedLocal = until > _position ? address.Local : -1;
            _hoistedReach = reach;
            _hoistedUntil = until;
            _hoistedFlowSerial = _masm.FlowSerial;
            _hoistedScratchWrites = _masm.ScratchWrites;
            return checkedOperand;
        }
        if (CheckedInPlace(address, offset, reach) is { } checkedInPlace) return checkedInPlace;
        _ctx.MoveI32(Register.R11D, address, position); // 32-bit move: zero-extends into r11
        _ctx.Release(address);
        return _masm.CheckedAccessOf(Register.R11, offset, size);
    }

    /// <summary>
    /// An address in a local held in a register for the whole body, whose access reaches exactly the memory limit's slack,
    /// is compared where it is (<c>cmp r12, rsi; ja trap; [r14 + r12 + offset]</c>) instead of being copied into r11 first;
    /// null when it cannot be.
    /// </summary>
    private MemoryOperand? CheckedInPlace(in StackEntry address, uint offset, ulong reach)
    {
        var pinned = _ctx.PinnedOf(address);
        if (pinned == Register.None || !_masm.ComparesAddressInPlace(reach)) return null;
        _ctx.Release(address);
        return _masm.CheckedInPlace(pinned, offset);
    }

    /// <summary>
    /// Whether r11 still holds the end checked for <paramref name="local"/> by an earlier load of this stretch, covering
    /// <paramref name="reach"/>: the load is one the check looked ahead to, and nothing wrote r11, branched here or called since.
    /// </summary>
    private bool IsCheckedByHoisting(int local, ulong reach) =>
        local == _hoistedLocal && _position <= _hoistedUntil && reach <= _hoistedReach
        && _masm.FlowSerial == _hoistedFlowSerial && _masm.ScratchWrites == _hoistedScratchWrites;

    /// <summary>
    /// The largest reach (offset + size) of this load and the loads from <paramref name="local"/> right after it
    /// (<c>local.get local; load</c>) before anything that could trap otherwise, store, call, branch, change the local or
    /// end the window; <paramref name="until"/> is the body position after the last such load (or the current one).
    /// </summary>
    private ulong HoistedReach(int local, ulong reach, out int until)
    {
        until = _position;
        var scan = new InstructionReader(_code.Span[_position..]);
        bool afterGet = false;
        for (int n = 0; n < HoistWindow && scan.HasMore; n++)
        {
            var ins = scan.Read();
            var op = ins.Opcode;
            bool isGet = false;
            if (op >= Opcode.I32Load && op <= Opcode.I64Load32U)
            {
                ulong end = ins.MemoryOffset + (ulong)MemoryAccess.Size(op);
                if (afterGet && end <= MaxHoistedReach)
                {
                    reach = Math.Max(reach, end);
                    until = _position + scan.Position;
                }
            }
            else if (op == Opcode.LocalGet)
            {
                isGet = ins.Index == (uint)local;
            }
            else if (op is Opcode.LocalSet or Opcode.LocalTee)
            {
                if (ins.Index == (uint)local) break;
            }
            else if (!CannotTrapOrStore(op))
            {
                break;
            }
            afterGet = isGet;
        }
        return reach;
    }

    /// <summary>Constants, drops and arithmetic that neither traps nor touches memory, globals or control flow.</summary>
    private static bool CannotTrapOrStore(Opcode op) =>
        op is Opcode.I32Const or Opcode.I64Const or Opcode.F32Const or Opcode.F64Const or Opcode.Drop or Opcode.Nop
            or Opcode.I32Eqz or Opcode.I64Eqz
            or Opcode.F32Add or Opcode.F32Sub or Opcode.F32Mul or Opcode.F64Add or Opcode.F64Sub or Opcode.F64Mul
            or Opcode.I64ExtendI32S or Opcode.I64ExtendI32U or Opcode.I32WrapI64
        || IsPureIntegerBinary(op);
}
