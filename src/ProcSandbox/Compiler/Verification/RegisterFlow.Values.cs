using X86Instruction = Iced.Intel.Instruction;
using Iced.Intel;
using TenantDb.ProcSandbox.Runtime.Native;

namespace TenantDb.ProcSandbox.Compiler.Verification;

/// <summary>
/// How instructions produce register values: the few forms that create a proven value (loads from
/// known context fields, checked-index arithmetic, frame and jump-table addresses, stack copies),
/// and the generic rule for everything else: the registers the form's <see cref="TransferRule"/> writes
/// become Unknown, a zero-extended value (an unconditional 32-bit write) or, for a write that keeps the
/// upper half (partial or conditional), zero-extended only if the old value was; rsp, rbp, r14, r15 may
/// not be written at all.
/// </summary>
internal static partial class RegisterFlow
{
    private static bool TransferSpecial(in X86Instruction ins, FlowState s, FlowContext c)
    {
        var map = c.Map;
        int at = (int)ins.IP;
        bool registerDestination = ins.OpCount > 0 && ins.Op0Kind == OpKind.Register;
        var dst = registerDestination ? ins.Op0Register : Register.None;
        switch (ins.Code)
        {
            case Code.Mov_r64_rm64 or Code.Mov_rm64_r64 when ins.Op0Kind == OpKind.Register && ins.Op1Kind == OpKind.Register:
                MoveRegister(ins, dst, ins.Op1Register, s, c);
                return true;
            case Code.Mov_r64_rm64 when ins.Op1Kind == OpKind.Memory:
                Load(ins, dst, s, c);
                return true;
            case Code.Mov_rm64_r64 when ins.Op0Kind == OpKind.Memory:
                if (ins.MemoryBase == Register.RBP && ins.Op1Register == Register.R15 && s[Register.R15].Kind == ValueKind.Context)
                    s.ContextSlot = (long)ins.MemoryDisplacement64;
                return true;
            case Code.Xor_r32_rm32 or Code.Xor_rm32_r32 or Code.Xor_r64_rm64 or Code.Xor_rm64_r64
                when registerDestination && ins.Op1Kind == OpKind.Register && ins.Op1Register == dst:
                SetGeneral(dst, new(ValueKind.Constant, 0), s, c, at);
                return true;
            case Code.Mov_r32_imm32:
                SetGeneral(dst, new(ValueKind.Constant, ins.Immediate32), s, c, at);
                return true;
            case Code.Mov_r64_imm64:
                SetGeneral(dst, new(ValueKind.Constant, (long)ins.Immediate64), s, c, at);
                return true;
            case Code.Mov_rm64_imm32 when registerDestination:
                SetGeneral(dst, new(ValueKind.Constant, Immediate(ins)), s, c, at);
                return true;
            case Code.Movsxd_r64_rm32 when ins.Op1Kind == OpKind.Memory && s[ins.MemoryBase].Kind == ValueKind.JumpTable:
                SetGeneral(dst, new(ValueKind.JumpDelta, s[ins.MemoryBase].Data), s, c, at); // the read itself was checked above
                return true;
            case Code.Lea_r64_m:
                SetGeneral(dst, ins.MemoryBase switch
                {
                    Register.RBP when ins.MemoryIndex == Register.None => new(ValueKind.FrameAddress, (long)ins.MemoryDisplacement64),
                    Register.RIP => new(ValueKind.JumpTable, map.TableAt((int)ins.IPRelativeMemoryAddress)),
                    _ => RegisterValue.Unknown,
                }, s, c, at);
                return true;
            case Code.Add_rm64_imm8 or Code.Add_rm64_imm32 or Code.Add_RAX_imm32 when registerDestination:
                AddImmediate(ins, dst, Immediate(ins), s, c);
                return true;
            case Code.Add_r64_rm64 or Code.Add_rm64_r64 when registerDestination:
                AddRegisterOrField(ins, dst, s, c);
                return true;
            case Code.Sub_rm64_imm8 when registerDestination && s[dst] == new RegisterValue(ValueKind.MemoryLimit)
                && c.MemoryLimitSlack > 0 && Immediate(ins) == c.MemoryLimitSlack:
                // Reloading the region's limit after a call: only the slack its prologue proved against the memory's minimum.
                SetGeneral(dst, new(ValueKind.MemoryLimit, c.MemoryLimitSlack), s, c, at);
                return true;
            case Code.And_rm64_imm8 when dst == Register.RSP:
                if (!s.RspKnown || Immediate(ins) != -16) map.Fail(at, "rsp realigned other than and rsp, -16");
                s.RspKnown = false;
                return true;
            case Code.Mov_r32_rm32 or Code.Mov_rm32_r32 when registerDestination && ins.Op1Kind == OpKind.Register
                && s[ins.Op1Register.GetFullRegister()].Kind == ValueKind.MaskedIndex:
                // A 32-bit copy of a value below 2^32 is the value itself.
                SetGeneral(dst, s[ins.Op1Register.GetFullRegister()], s, c, at);
                return true;
            case Code.And_rm32_imm8 or Code.And_rm32_imm32 or Code.And_EAX_imm32 when registerDestination:
                SetGeneral(dst, Masked(s[dst.GetFullRegister()], (uint)Immediate(ins)), s, c, at);
                return true;
            case Code.Shl_rm32_imm8 when registerDestination && s[dst.GetFullRegister()].Kind == ValueKind.MaskedIndex:
                SetGeneral(dst, ShiftedMask(s[dst.GetFullRegister()], ins.Immediate8 & 31), s, c, at);
                return true;
            case Code.Shl_rm64_imm8 when registerDestination && s[dst].Kind == ValueKind.CheckedTableIndex:
                SetGeneral(dst, ins.Immediate8 == VmContextLayout.TableEntryShift ? new(ValueKind.ScaledTableIndex) : RegisterValue.Unknown, s, c, at);
                return true;
            case Code.Cmp_r64_rm64 when ins.Op1Kind == OpKind.Memory && s[ins.MemoryBase].Kind == ValueKind.Context && ins.MemoryIndex == Register.None:
                s.PendingRegister = dst;
                s.PendingData = 0;
                s.Pending = (long)ins.MemoryDisplacement64 switch
                {
                    VmContextLayout.MemorySize => PendingCheck.MemoryEnd,
                    VmContextLayout.TableSize => PendingCheck.TableIndex,
                    _ => PendingCheck.None,
                };
                return true;
            case Code.Cmp_r64_rm64 or Code.Cmp_rm64_r64 when registerDestination && ins.Op1Kind == OpKind.Register && s[ins.Op1Register].Kind == ValueKind.MemoryLimit:
                s.PendingRegister = dst;
                s.PendingData = s[ins.Op1Register].Data; // the limit's slack: the region's, or 0 (see the sub below)
                s.Pending = PendingCheck.MemoryEnd;
                return true;
            case Code.Cmp_rm32_imm8 or Code.Cmp_rm32_imm32 when registerDestination:
                s.PendingRegister = dst.GetFullRegister();
                s.PendingData = (uint)Immediate(ins);
                s.Pending = PendingCheck.JumpIndex;
                return true;
            case Code.Cmp_rm64_imm8 or Code.Cmp_rm64_imm32 when ins.Op0Kind == OpKind.Memory && s[ins.MemoryBase].Kind == ValueKind.TableEntry
                && ins.MemoryDisplacement64 == VmContextLayout.EntryTypeId:
                s.PendingData = s[ins.MemoryBase].Data;
                s.PendingTypeId = (int)Immediate(ins);
                s.Pending = PendingCheck.TypeId;
                return true;
            case Code.Test_rm64_r64 when registerDestination && ins.Op1Register == dst:
                s.PendingRegister = dst;
                s.Pending = PendingCheck.NonNull;
                return true;
            case Code.Push_r64 or Code.Push_rm64:
                s.RspOffset -= 8;
                if (-c.Frame - s.RspOffset > MaxPushBytes) map.Fail(at, "too many bytes pushed below the frame");
                return true;
            case Code.Stosq_m64_RAX:
                ZeroLocals(ins, s, c);
                return true;
            case Code.Leaveq:
                if (s[Register.R15].Kind != ValueKind.Context || s[Register.R14].Kind != ValueKind.MemoryBase)
                    map.Fail(at, "return without the own context in r15 and its memory base in r14");
                s.AfterLeave = true;
                return true;
            default:
                return false;
        }
    }

    /// <summary><c>and r32, mask</c>: the zero-extended result is at most the mask (and at most an earlier bound of the register).</summary>
    private static RegisterValue Masked(RegisterValue old, uint mask) =>
        new(ValueKind.MaskedIndex, old.Kind == ValueKind.MaskedIndex ? Math.Min(old.Data, mask) : mask);

    /// <summary>
    /// <c>shl r32, k</c> of a value at most B: at most B &lt;&lt; k while that fits 32 bits (no bit shifted out); beyond, only
    /// zero-extended. A count of 0 (k is taken modulo 32) leaves the register as it was.
    /// </summary>
    private static RegisterValue ShiftedMask(RegisterValue old, int k)
    {
        ulong bound = (ulong)old.Data << k;
        return bound <= uint.MaxValue ? new(ValueKind.MaskedIndex, (long)bound) : ZeroExtended;
    }

    /// <summary>The instruction's last (immediate) operand, sign-extended as the CPU does.</summary>
    private static long Immediate(in X86Instruction ins) => (long)ins.GetImmediate(ins.OpCount - 1);

    private static void MoveRegister(in X86Instruction ins, Register dst, Register src, FlowState s, FlowContext c)
    {
        int at = (int)ins.IP;
        switch (dst)
        {
            case Register.R15:
                if (s[src].Kind != ValueKind.CalleeContext) c.Map.Fail(at, "r15 set to something other than a callee context");
                s[Register.R15] = s[src];
                s.ForgetContextDerived();
                s[Register.R14] = RegisterValue.Unknown;
                return;
            case Register.RSP:
                if (s[src].Kind != ValueKind.StackPointerCopy) c.Map.Fail(at, "rsp set from a register that does not hold a saved rsp");
                s.RspKnown = true;
                s.RspOffset = s[src].Data;
                return;
        }
        if (src == Register.RSP)
        {
            if (!s.RspKnown) c.Map.Fail(at, "rsp copied while its depth is unknown");
            SetGeneral(dst, new(ValueKind.StackPointerCopy, s.RspOffset), s, c, at);
            return;
        }
        SetGeneral(dst, src == Register.RBP ? new(ValueKind.FrameAddress, 0) : s[src], s, c, at);
    }

    /// <summary>mov r64, [mem]: the loaded value's origin, for the fields that matter.</summary>
    private static void Load(in X86Instruction ins, Register dst, FlowState s, FlowContext c)
    {
        int at = (int)ins.IP;
        long d = (long)ins.MemoryDisplacement64;
        var baseValue = ins.MemoryBase == Register.RBP ? new RegisterValue(ValueKind.FrameAddress) : s[ins.MemoryBase];
        var layout = c.Map.Layout.Context;
        RegisterValue loaded = RegisterValue.Unknown;
        if (ins.MemoryIndex == Register.None)
        {
            switch (baseValue.Kind)
            {
                case ValueKind.Context:
                    loaded = d switch
                    {
                        VmContextLayout.MemoryBase => new(ValueKind.MemoryBase),
                        VmContextLayout.MemorySize => new(ValueKind.MemoryLimit),
                        VmContextLayout.SavedRsp => new(ValueKind.SavedRspValue),
                        VmContextLayout.StackLimit => new(ValueKind.StackLimitValue),
                        _ => ImportField(layout, d),
                    };
                    break;
                case ValueKind.CalleeContext when d == VmContextLayout.MemoryBase:
                    loaded = new(ValueKind.CalleeMemoryBase, baseValue.Data);
                    break;
                case ValueKind.TableEntry when d == VmContextLayout.EntryCode:
                    loaded = new(ValueKind.MaybeNullCalleeCode, baseValue.Data);
                    break;
                case ValueKind.TableEntry when d == VmContextLayout.EntryContext:
                    loaded = new(ValueKind.CalleeContext, baseValue.Data);
                    break;
                case ValueKind.FrameAddress when ins.MemoryBase == Register.RBP && s.ContextSlot == d:
                    loaded = new(ValueKind.Context);
                    break;
            }
        }
        switch (dst)
        {
            case Register.R15:
                if (loaded.Kind != ValueKind.Context) c.Map.Fail(at, "r15 loaded from somewhere other than the slot that saved the own context");
                s[Register.R15] = loaded;
                s.ForgetContextDerived();
                s[Register.R14] = RegisterValue.Unknown;
                return;
            case Register.R14:
                bool ownBase = loaded.Kind == ValueKind.MemoryBase;
                bool calleeBase = loaded.Kind == ValueKind.CalleeMemoryBase && s[Register.R15] == new RegisterValue(ValueKind.CalleeContext, loaded.Data);
                if (!ownBase && !calleeBase) c.Map.Fail(at, "r14 loaded from somewhere other than the memory base of the context in r15");
                s[Register.R14] = loaded;
                return;
        }
        SetGeneral(dst, loaded, s, c, at);
    }

    /// <summary>Imported functions' code and context, imported globals' cell pointers (by context offset).</summary>
    private static RegisterValue ImportField(VmContextLayout? layout, long d)
    {
        if (layout is null || d < layout.ImportedFunctions) return RegisterValue.Unknown;
        if (d < layout.ImportedGlobalPointers)
        {
            long import = (d - layout.ImportedFunctions) / 16;
            long field = (d - layout.ImportedFunctions) % 16;
            return field switch
            {
                0 => new(ValueKind.CalleeCode, import),
                8 => new(ValueKind.CalleeContext, import),
                _ => RegisterValue.Unknown,
            };
        }
        if (d < layout.DefinedGlobals && (d - layout.ImportedGlobalPointers) % 8 == 0) return new(ValueKind.GlobalCell);
        return RegisterValue.Unknown;
    }

    private static void AddImmediate(in X86Instruction ins, Register dst, long immediate, FlowState s, FlowContext c)
    {
        int at = (int)ins.IP;
        if (dst == Register.RSP)
        {
            if (!s.RspKnown || immediate < 0 || s.RspOffset + immediate > -c.Frame) c.Map.Fail(at, "rsp raised above the frame");
            s.RspOffset += immediate;
            return;
        }
        var v = AsAddressEnd(s[dst]);
        SetGeneral(dst, v.Kind is ValueKind.AddressEnd or ValueKind.Constant && v.Data >= 0 && immediate >= 0 && v.Data + immediate < 1L << 40
            ? new(v.Kind, v.Data + immediate)
            : RegisterValue.Unknown, s, c, at);
    }

    private static void AddRegisterOrField(in X86Instruction ins, Register dst, FlowState s, FlowContext c)
    {
        int at = (int)ins.IP;
        var a = AsAddressEnd(s[dst]);
        RegisterValue result = RegisterValue.Unknown;
        if (ins.Op1Kind == OpKind.Register)
        {
            var b = s[ins.Op1Register];
            if (a.Kind == ValueKind.AddressEnd && b.Kind == ValueKind.Constant && b.Data >= 0 && a.Data + b.Data < 1L << 40)
                result = new(ValueKind.AddressEnd, a.Data + b.Data);
            else if (a.Kind == ValueKind.JumpDelta && b.Kind == ValueKind.JumpTable && a.Data == b.Data)
                result = new(ValueKind.JumpTarget, a.Data);
        }
        else if (ins.Op1Kind == OpKind.Memory && a.Kind == ValueKind.ScaledTableIndex && ins.MemoryIndex == Register.None
            && s[ins.MemoryBase].Kind == ValueKind.Context && (long)ins.MemoryDisplacement64 == VmContextLayout.TableBase)
        {
            result = new(ValueKind.TableEntry, c.NextToken++);
        }
        SetGeneral(dst, result, s, c, at);
    }

    /// <summary>rep stosq zeroing declared locals: rdi = rbp + d, rcx = n, and [d, d + 8n) inside the frame.</summary>
    private static void ZeroLocals(in X86Instruction ins, FlowState s, FlowContext c)
    {
        var rdi = s[Register.RDI];
        var rcx = s[Register.RCX];
        if (rdi.Kind != ValueKind.FrameAddress || rcx.Kind != ValueKind.Constant || rcx.Data < 0
            || rdi.Data < -c.Frame || rdi.Data + 8 * rcx.Data > 0)
            c.Map.Fail((int)ins.IP, "rep stosq outside the frame's locals");
        if (s.ContextSlot is long slot && slot >= rdi.Data && slot < rdi.Data + 8 * rcx.Data) s.ContextSlot = null;
        s[Register.RDI] = RegisterValue.Unknown;
        s[Register.RCX] = RegisterValue.Unknown;
    }

    /// <summary>Writes to a general register other than the reserved ones.</summary>
    private static void SetGeneral(Register dst, RegisterValue value, FlowState s, FlowContext c, int at)
    {
        var full = dst.GetFullRegister();
        if (full is Register.RSP or Register.RBP or Register.R14 or Register.R15) c.Map.Fail(at, $"write to the reserved register {full}");
        s[full] = value;
    }

    /// <summary>Every other form: the registers its rule writes (<see cref="InstructionAllowList"/>) get what the write kind allows.</summary>
    private static void TransferGeneric(in X86Instruction ins, in FormTraits form, FlowState s, FlowContext c)
    {
        var destination = form.DestinationOf(ins);
        if (destination != Register.None) Write(destination, form.Destination, s, c, (int)ins.IP);
        foreach (var write in form.Implicit) Write(write.Register, write.Kind, s, c, (int)ins.IP);
    }

    private static void Write(Register full, WriteKind kind, FlowState s, FlowContext c, int at)
    {
        var old = s[full];
        SetGeneral(full, kind switch
        {
            WriteKind.ZeroExtends => ZeroExtended,
            WriteKind.KeepsUpper when old.IsZeroExtended32 => ZeroExtended,
            _ => RegisterValue.Unknown,
        }, s, c, at);
    }

    /// <summary>A masked index taken as the zero-extended value it also is (an address end with lower bound 0), for arithmetic and compares.</summary>
    private static RegisterValue AsAddressEnd(RegisterValue value) => value.Kind == ValueKind.MaskedIndex ? ZeroExtended : value;

    /// <summary>Some zero-extended 32-bit value (an address end with lower bound 0).</summary>
    private static readonly RegisterValue ZeroExtended = new(ValueKind.AddressEnd, 0);
}
