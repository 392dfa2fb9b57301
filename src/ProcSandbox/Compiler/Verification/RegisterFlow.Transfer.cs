using System.Runtime.InteropServices;
using X86Instruction = Iced.Intel.Instruction;
using Iced.Intel;
using TenantDb.ProcSandbox.Runtime.Native;

namespace TenantDb.ProcSandbox.Compiler.Verification;

/// <summary>The transfer function: per instruction, check what it may do and update the state.</summary>
internal static partial class RegisterFlow
{
    /// <summary>Bytes of call arguments a function may push below its frame (the stack limit's reserve covers them).</summary>
    private const long MaxPushBytes = 64 * 1024;

    /// <summary>Trap kinds generated code may report (codes 1..count in the low byte of eax).</summary>
    private static readonly long TrapKindCount = Enum.GetValues<TenantDb.ProcSandbox.Runtime.TrapKind>().Length;

    private static void Transfer(in X86Instruction ins, FlowState s, FlowContext c)
    {
        var map = c.Map;
        int at = (int)ins.IP;
        if (s.PrologueStep < 6)
        {
            Prologue(ins, s, c);
            return;
        }
        if (s.AfterLeave)
        {
            if (ins.Code != Code.Retnq) map.Fail(at, "leave not directly followed by ret");
            s.AfterLeave = false;
            return;
        }
        var pending = s.Pending;
        var pendingRegister = s.PendingRegister;
        long pendingData = s.PendingData;
        int pendingTypeId = s.PendingTypeId;
        s.Pending = PendingCheck.None;
        bool compared = s.ComparePending;
        s.ComparePending = false;
        var previous = s.PreviousCode;
        s.PreviousCode = ins.Code;
        if (!s.RspKnown) CheckWhileStackRealigned(ins, c);
        // Every instruction here passed the allow-list in the traversal.
        ref readonly var form = ref FormTraits.Of(ins.Code);
        CheckMemoryOperand(ins, form, s, c);

        switch (form.Flow)
        {
            case FlowControl.ConditionalBranch:
            {
                Branch(ins, s, c);
                Narrow(ins.Code, pending, pendingRegister, pendingData, pendingTypeId, s);
                // jne is taken, je falls through, when the compared register differs from the value.
                var taken = s.Division;
                if (compared && ins.Code is Code.Jne_rel8_64 or Code.Jne_rel32_64) taken.NotEqual(s.CompareRegister, s.CompareValue, s.CompareIs64);
                if (compared && ins.Code is Code.Je_rel8_64 or Code.Je_rel32_64) s.Division.NotEqual(s.CompareRegister, s.CompareValue, s.CompareIs64);
                RecordForwardEdge(ins, taken, c);
                return;
            }
            case FlowControl.UnconditionalBranch:
                Branch(ins, s, c);
                RecordForwardEdge(ins, s.Division, c);
                return;
            case FlowControl.IndirectBranch:
                if (s[ins.Op0Register].Kind != ValueKind.JumpTarget) map.Fail(at, "indirect jump through a register that does not hold a checked jump-table target");
                RequireJoinInvariant(s, c.Frame, c.MemoryLimit, c.MemoryLimitSlack, ins, map, "indirect jump");
                return;
            case FlowControl.Call:
                DirectCall(ins, s, c);
                return;
            case FlowControl.IndirectCall:
                IndirectCall(ins, s, c);
                return;
            case FlowControl.Return:
                map.Fail(at, "ret without the leave of the epilogue");
                return;
        }
        if (form.IsDivision) CheckDivision(ins, previous, s, c);
        if (!TransferSpecial(ins, s, c)) TransferGeneric(ins, form, s, c);
        ForgetWrittenFacts(ins, form, s);
        RecordComparison(ins, s);
    }

    /// <summary>Meets the division facts on a forward branch into those of its target (see <see cref="JoinedDivisionFacts"/>).</summary>
    private static void RecordForwardEdge(in X86Instruction ins, in DivisionFacts facts, FlowContext c)
    {
        int target = (int)ins.NearBranchTarget;
        if (target <= (int)ins.IP || !c.Map.IsForwardOnlyJoin(target)) return;
        ref var seen = ref CollectionsMarshal.GetValueRefOrAddDefault(c.ForwardEdges, target, out bool met);
        seen = met ? (DivisionFacts.Meet(seen.Facts, facts), seen.Count + 1) : (facts, 1);
    }

    /// <summary>
    /// div/idiv fault (#DE, SIGFPE in the host) on a zero divisor or a quotient that does not fit, so:
    /// the divisor is a register proven non-zero at this width (test d, d; je trap); for div, rdx is 0
    /// (the quotient then fits); for idiv, rdx is the sign of rax (cdq/cqo right before) and the divisor
    /// was proven != -1 or the dividend != MIN on every path here.
    /// </summary>
    private static void CheckDivision(in X86Instruction ins, Code previous, FlowState s, FlowContext c)
    {
        int at = (int)ins.IP;
        bool is64 = ins.Code is Code.Div_rm64 or Code.Idiv_rm64;
        if (ins.Op0Kind != OpKind.Register) c.Map.Fail(at, "division by a memory operand");
        var divisor = ins.Op0Register.GetFullRegister();
        if (!s.Division.IsNonZero(divisor, is64)) c.Map.Fail(at, "division by a register not proven non-zero (test divisor, divisor; je trap)");
        if (ins.Mnemonic == Mnemonic.Div)
        {
            var rdx = s[Register.RDX];
            if (rdx.Kind != ValueKind.Constant || (is64 ? rdx.Data != 0 : (uint)rdx.Data != 0)) c.Map.Fail(at, "div without rdx zeroed (the quotient may not fit)");
            return;
        }
        if (previous != (is64 ? Code.Cqo : Code.Cdq)) c.Map.Fail(at, "idiv not directly after cdq/cqo (rdx must be the sign of rax)");
        if (!s.Division.IsIdivSafe(divisor, is64)) c.Map.Fail(at, "idiv without the MIN / -1 overflow check (divisor != -1 or dividend != MIN)");
    }

    /// <summary>Every register the instruction's rule says it writes loses its division facts.</summary>
    private static void ForgetWrittenFacts(in X86Instruction ins, in FormTraits form, FlowState s)
    {
        if (s.Division.IsEmpty) return;
        var destination = form.DestinationOf(ins);
        if (destination != Register.None) s.Division.Kill(destination);
        foreach (var write in form.Implicit) s.Division.Kill(write.Register);
    }

    /// <summary>test r, r and cmp r, constant: what a following je/jne proves about r.</summary>
    private static void RecordComparison(in X86Instruction ins, FlowState s)
    {
        if (ins.Op0Kind != OpKind.Register) return;
        var register = ins.Op0Register;
        long value;
        switch (ins.Code)
        {
            case Code.Test_rm32_r32 or Code.Test_rm64_r64 when ins.Op1Kind == OpKind.Register && ins.Op1Register == register:
                value = 0;
                break;
            case Code.Cmp_rm32_imm8 or Code.Cmp_rm32_imm32 or Code.Cmp_EAX_imm32 or Code.Cmp_rm64_imm8 or Code.Cmp_rm64_imm32 or Code.Cmp_RAX_imm32:
                value = Immediate(ins);
                break;
            case Code.Cmp_r64_rm64 or Code.Cmp_rm64_r64 when ins.Op1Kind == OpKind.Register && s[ins.Op1Register].Kind == ValueKind.Constant:
                value = s[ins.Op1Register].Data;
                break;
            default:
                return;
        }
        s.ComparePending = true;
        s.CompareRegister = register.GetFullRegister();
        s.CompareValue = value;
        s.CompareIs64 = register.IsGPR64();
    }

    /// <summary>
    /// push rbp; mov rbp, rsp; sub rsp, imm32; mov rbx, [r15+Fuel]; [mov r, [r15+MemorySize]; [sub r, W;]] cmp rsp, [r15+StackLimit]; jb trap.
    /// The optional load makes r hold a <see cref="ValueKind.MemoryLimit"/> (the size minus the slack W, when subtracted) at every
    /// branch of the function (its join invariant).
    /// </summary>
    private static void Prologue(in X86Instruction ins, FlowState s, FlowContext c)
    {
        int at = (int)ins.IP;
        if (s.PrologueStep > 0 && c.Map.IsJoin(at)) c.Map.Fail(at, "branch into a function's prologue");
        if (s.PrologueStep == 4 && c.MemoryLimit == Register.None && ins.Code == Code.Mov_r64_rm64
            && IsContextField(ins, VmContextLayout.MemorySize) && IsMemoryLimitRegister(ins.Op0Register))
        {
            c.MemoryLimit = ins.Op0Register;
            s[c.MemoryLimit] = new(ValueKind.MemoryLimit);
            return;
        }
        if (s.PrologueStep == 4 && c.MemoryLimit != Register.None && c.MemoryLimitSlack == 0 && ins.Code == Code.Sub_rm64_imm8
            && ins.Op0Kind == OpKind.Register && ins.Op0Register == c.MemoryLimit && s[c.MemoryLimit] == new RegisterValue(ValueKind.MemoryLimit))
        {
            long slack = Immediate(ins);
            if (slack < 1 || slack > MaxLimitSlack || slack > c.Map.Layout.MinimumMemoryBytes)
                c.Map.Fail(at, $"memory limit slack {slack} outside 1..{MaxLimitSlack} or above the memory's minimum size ({c.Map.Layout.MinimumMemoryBytes} bytes)");
            c.MemoryLimitSlack = (int)slack;
            s[c.MemoryLimit] = new(ValueKind.MemoryLimit, slack);
            return;
        }
        bool ok = s.PrologueStep switch
        {
            0 => ins.Code == Code.Push_r64 && ins.Op0Register == Register.RBP,
            1 => ins.Code is Code.Mov_r64_rm64 or Code.Mov_rm64_r64 && ins.Op0Register == Register.RBP && ins.Op1Register == Register.RSP,
            2 => ins.Code == Code.Sub_rm64_imm32 && ins.Op0Kind == OpKind.Register && ins.Op0Register == Register.RSP
                && Immediate(ins) >= 0 && Immediate(ins) <= MaxFrameBytes && Immediate(ins) % 16 == 0,
            3 => ins.Code == Code.Mov_r64_rm64 && ins.Op0Register == Register.RBX && IsContextField(ins, VmContextLayout.Fuel),
            4 => ins.Code == Code.Cmp_r64_rm64 && ins.Op0Register == Register.RSP && IsContextField(ins, VmContextLayout.StackLimit),
            5 => ins.Code is Code.Jb_rel8_64 or Code.Jb_rel32_64,
            _ => false,
        };
        if (!ok) c.Map.Fail(at, "function does not start with the standard prologue (frame, fuel, stack check)");
        switch (s.PrologueStep)
        {
            case 1:
                s.RspKnown = true;
                s.RspOffset = 0;
                break;
            case 2:
                c.Frame = Immediate(ins);
                s.RspOffset = -c.Frame;
                break;
            case 5:
                Branch(ins, s, c);
                RecordForwardEdge(ins, s.Division, c);
                break;
        }
        s.PrologueStep++;
    }

    /// <summary>The most a function may subtract from the memory size in its limit register: the widest scalar access.</summary>
    private const long MaxLimitSlack = 8;

    /// <summary>Registers a function may keep its memory limit in: not one with a fixed role (frame, stack, fuel, context, memory base).</summary>
    private static bool IsMemoryLimitRegister(Register r) =>
        r.IsGPR64() && r is not (Register.RSP or Register.RBP or Register.RBX or Register.R14 or Register.R15);

    private static bool IsContextField(in X86Instruction ins, int field) =>
        ins.MemoryBase == Register.R15 && ins.MemoryIndex == Register.None && (long)ins.MemoryDisplacement64 == field;

    private static void Branch(in X86Instruction ins, FlowState s, FlowContext c)
    {
        int target = (int)ins.NearBranchTarget;
        int entry = c.Map.EntryAt(target);
        if (entry >= 0 && c.Map.Entry(entry).Kind == CodeEntryKind.TrapExit)
        {
            // The trap exit restores rsp itself; it only needs a context in r15.
            if (s[Register.R15].Kind != ValueKind.Context) c.Map.Fail((int)ins.IP, "jump to the trap exit without the own context in r15");
            // The host reads eax as the trap code (kind + 1 in the low byte); 0 would pass for a normal return.
            var code = s[Register.RAX];
            if (code.Kind != ValueKind.Constant || (code.Data & 0xFF) is 0 || (code.Data & 0xFF) > TrapKindCount)
                c.Map.Fail((int)ins.IP, "jump to the trap exit without a trap code (a constant kind + 1) in eax");
            return;
        }
        RequireJoinInvariant(s, c.Frame, c.MemoryLimit, c.MemoryLimitSlack, ins, c.Map, "branch");
    }

    /// <summary>What a conditional branch's fall-through proves about the comparison just before it.</summary>
    private static void Narrow(Code branch, PendingCheck pending, Register register, long data, int typeId, FlowState s)
    {
        switch (pending)
        {
            case PendingCheck.MemoryEnd when branch is Code.Ja_rel8_64 or Code.Ja_rel32_64:
            {
                ref var v = ref s[register];
                if (v.Kind == ValueKind.MaskedIndex) v = ZeroExtended;
                if (v.Kind is ValueKind.AddressEnd or ValueKind.Constant && v.Data >= 0)
                    v = new(data == 0 ? ValueKind.CheckedAddressEnd : ValueKind.SlackCheckedAddress, v.Data);
                else if (v.Kind == ValueKind.Unknown && data > 0)
                    // Whatever the register holds (even a sum that wrapped), the 64-bit compare bounded that value by size - W and
                    // it is at least 0: accesses at displacements 0 .. W - size from it stay inside the memory.
                    v = new(ValueKind.SlackCheckedAddress, 0);
                break;
            }
            case PendingCheck.TableIndex when branch is Code.Jae_rel8_64 or Code.Jae_rel32_64:
                s[register] = new(ValueKind.CheckedTableIndex);
                break;
            case PendingCheck.JumpIndex when branch is Code.Jae_rel8_64 or Code.Jae_rel32_64:
                if (s[register].IsZeroExtended32) s[register] = new(ValueKind.CheckedJumpIndex, data);
                break;
            case PendingCheck.TypeId when branch is Code.Jne_rel8_64 or Code.Jne_rel32_64:
                s.TypeCheckedToken = data;
                s.TypeCheckedId = typeId;
                break;
            case PendingCheck.NonNull when branch is Code.Je_rel8_64 or Code.Je_rel32_64:
                if (s[register].Kind == ValueKind.MaybeNullCalleeCode) s[register] = new(ValueKind.CalleeCode, s[register].Data);
                break;
        }
    }

    private static void DirectCall(in X86Instruction ins, FlowState s, FlowContext c)
    {
        int at = (int)ins.IP;
        int entry = c.Map.EntryAt((int)ins.NearBranchTarget);
        if (s[Register.R15].Kind != ValueKind.Context || s[Register.R14].Kind != ValueKind.MemoryBase)
            c.Map.Fail(at, "direct call without the own context in r15 and its memory base in r14");
        RequirePushedArguments(ins, s, c, c.Map.Entry(entry).ParameterCount);
        s.ClobberForGeneratedCall();
    }

    private static void IndirectCall(in X86Instruction ins, FlowState s, FlowContext c)
    {
        int at = (int)ins.IP;
        if (ins.Op0Kind == OpKind.Memory)
        {
            // memory.grow: the host trampoline, called with rsp realigned (rsp restored from r12 after).
            if (!IsContextField(ins, VmContextLayout.MemoryGrowFn) || s[Register.R15].Kind != ValueKind.Context)
                c.Map.Fail(at, "host call from a function other than memory.grow through the own context");
            if (s.RspKnown) c.Map.Fail(at, "host call without realigning rsp (and rsp, -16 after saving it)");
            // GrowMemory(context rdi, delta esi) turns rdi into the instance through the context's GC handle:
            // it must be the own context (any 32-bit delta is valid; the host checks it against the maximum).
            if (s[Register.RDI].Kind != ValueKind.Context) c.Map.Fail(at, "memory.grow host call without the own context in rdi");
            s.ClobberForHostCall();
            return;
        }
        var code = s[ins.Op0Register];
        if (code.Kind != ValueKind.CalleeCode) c.Map.Fail(at, $"indirect call through {ins.Op0Register}, which does not hold a callee address loaded from the import array or a checked table entry");
        long token = code.Data;
        if (s[Register.R15] != new RegisterValue(ValueKind.CalleeContext, token) || s[Register.R14] != new RegisterValue(ValueKind.CalleeMemoryBase, token))
            c.Map.Fail(at, "indirect call without the callee's own context in r15 and its memory base in r14");
        int parameters;
        if (token < 1L << 32)
        {
            var imports = c.Map.Layout.ImportParameterCounts;
            if (token >= imports.Length) c.Map.Fail(at, "call through an import slot the module does not have");
            parameters = imports[token];
        }
        else
        {
            if (s.TypeCheckedToken != token) c.Map.Fail(at, "indirect call through a table entry whose signature was not checked");
            if (!c.Map.Layout.TypeIdParameterCounts.TryGetValue(s.TypeCheckedId, out parameters))
                c.Map.Fail(at, "indirect call checked against a signature id the module does not use");
        }
        RequirePushedArguments(ins, s, c, parameters);
        s.ClobberForGeneratedCall();
    }

    /// <summary>A callee reads exactly its parameters above its return address: the caller must have pushed that many.</summary>
    private static void RequirePushedArguments(in X86Instruction ins, FlowState s, FlowContext c, int parameters)
    {
        if (!s.RspKnown || -c.Frame - s.RspOffset != 8L * parameters)
            c.Map.Fail((int)ins.IP, $"call with {(s.RspKnown ? (-c.Frame - s.RspOffset) / 8 : -1)} arguments pushed where the callee takes {parameters}");
    }

    /// <summary>Between and rsp, -16 and mov rsp, r12 only the host call and non-stack instructions may run.</summary>
    private static void CheckWhileStackRealigned(in X86Instruction ins, FlowContext c)
    {
        if (ins.Code == Code.Call_rm64 && ins.Op0Kind == OpKind.Memory) return;
        if (ins.Code is Code.Mov_r64_rm64 or Code.Mov_rm64_r64 && ins.Op0Register == Register.RSP) return;
        if (ins.FlowControl != FlowControl.Next || UsesStackPointer(ins)) c.Map.Fail((int)ins.IP, "stack use or branch while rsp is realigned for a host call");
    }

    /// <summary>
    /// Whether the instruction reads or writes rsp: explicitly (a register operand, a memory operand's base
    /// or index) or implicitly, which among allowed forms only the stack forms do (their rule lists rsp;
    /// a test checks this against Iced's used registers for every form).
    /// </summary>
    internal static bool UsesStackPointer(in X86Instruction ins)
    {
        for (int i = 0; i < ins.OpCount; i++)
        {
            switch (ins.GetOpKind(i))
            {
                case OpKind.Register when ins.GetOpRegister(i).IsGPR() && ins.GetOpRegister(i).GetFullRegister() == Register.RSP:
                    return true;
                case OpKind.Memory when ins.MemoryBase == Register.RSP || ins.MemoryIndex == Register.RSP:
                    return true;
            }
        }
        foreach (var write in InstructionAllowList.Rule(ins.Code).Implicit)
        {
            if (write.Register == Register.RSP) return true;
        }
        return false;
    }
}
