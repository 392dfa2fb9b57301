using Iced.Intel;
using TenantDb.ProcSandbox.Runtime;
using TenantDb.ProcSandbox.Runtime.Native;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>
/// Fuel and stop requests. rbx holds the fuel of the current slice; the context's
/// <see cref="VmContextLayout.FuelReserve"/> counts the slices left (<see cref="ContextFuel"/>). A check at a
/// function entry or loop iteration is <c>sub rbx, units; jl refill</c>: one fused compare-and-branch, no
/// memory read. Below zero, the check's refill stub (out of line, at the function's end) traps if the stop
/// flag is set, traps OutOfFuel if no slice is left, and otherwise takes one slice
/// (<see cref="ContextFuel.FuelSlice"/> units) into rbx and goes back to the code after the check. So the stop
/// flag is read at least once per slice of fuel spent, and fuel is counted exactly: a call traps OutOfFuel
/// at the same check, with the same fuel left, as if all of it were in rbx.
/// </summary>
internal sealed partial class MacroAssembler
{
    private readonly List<(CodeLabel Refill, CodeLabel Resume)> _refills = [];

    /// <summary>Charges <paramref name="units"/> of fuel at a function entry or loop iteration (see the type's summary).</summary>
    public void FuelCheck(int units)
    {
        var refill = _code.CreateLabel();
        var resume = _code.CreateLabel();
        _asm.EmitImm(Code.Sub_rm64_imm8, Code.Sub_rm64_imm32, X64.Fuel, units);
        JumpIf(Condition.LtS, refill);
        Bind(resume);
        _refills.Add((refill, resume));
    }

    /// <summary>The refill stub of every fuel check of the function.</summary>
    private void RefillStubs()
    {
        foreach (var (refill, resume) in _refills)
        {
            Bind(refill);
            _asm.Emit(Code.Cmp_rm32_imm8, X64.Ptr(X64.Context, VmContextLayout.StopFlag), 0L);
            JumpIf(Condition.Ne, TrapLabel(TrapKind.DeadlineExceeded));
            _asm.Emit(Code.Cmp_rm64_imm8, X64.Ptr(X64.Context, VmContextLayout.FuelReserve), 0L);
            JumpIf(Condition.Eq, TrapLabel(TrapKind.OutOfFuel));
            _asm.Emit(Code.Dec_rm64, X64.Ptr(X64.Context, VmContextLayout.FuelReserve));
            _asm.Emit(Code.Add_rm64_imm32, X64.Fuel, ContextFuel.FuelSlice);
            JumpIf(Condition.LtS, refill); // a check of more units than one slice, or the first check of a call
            Jump(resume);
        }
        _refills.Clear();
    }
}
