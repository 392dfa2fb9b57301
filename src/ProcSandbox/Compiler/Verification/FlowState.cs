using Iced.Intel;

namespace TenantDb.ProcSandbox.Compiler.Verification;

/// <summary>What a pending comparison proves when the following conditional branch falls through.</summary>
internal enum PendingCheck : byte
{
    None,
    /// <summary>
    /// cmp reg, [ctx+MemorySize] or cmp reg, limit (a <see cref="ValueKind.MemoryLimit"/> register): ja falls through when
    /// reg &lt;= memory size minus the limit's slack (PendingData; 0 for the context field).
    /// </summary>
    MemoryEnd,
    /// <summary>cmp reg, [ctx+TableSize]: jae falls through when reg &lt; table size.</summary>
    TableIndex,
    /// <summary>cmp reg32, imm: jae falls through when reg &lt; imm.</summary>
    JumpIndex,
    /// <summary>cmp qword [entry+EntryTypeId], imm: jne falls through when the types match.</summary>
    TypeId,
    /// <summary>test reg, reg: je falls through when reg is non-zero.</summary>
    NonNull,
}

/// <summary>The register-flow state at one instruction of a function region.</summary>
internal sealed class FlowState
{
    private readonly RegisterValue[] _gprs = new RegisterValue[16];

    /// <summary>rsp - rbp, when <see cref="RspKnown"/>.</summary>
    public long RspOffset;
    public bool RspKnown;
    /// <summary>Frame offset of the slot holding the own context (after mov [rbp+d], r15), or null.</summary>
    public long? ContextSlot;
    public PendingCheck Pending;
    public Register PendingRegister;
    public long PendingData;
    /// <summary>For <see cref="PendingCheck.TypeId"/>: the type id compared against.</summary>
    public int PendingTypeId;
    /// <summary>Callee token whose table entry passed the type check, and the type id it was checked against.</summary>
    public long TypeCheckedToken = -1;
    public int TypeCheckedId;
    /// <summary>Standard prologue steps seen so far (6 = complete).</summary>
    public int PrologueStep;
    public bool AfterLeave;
    /// <summary>What comparisons proved for a division (see <see cref="DivisionFacts"/>).</summary>
    public DivisionFacts Division;
    /// <summary>The last instruction compared <see cref="CompareRegister"/> with <see cref="CompareValue"/> (je falls through / jne jumps when they differ).</summary>
    public bool ComparePending;
    public Register CompareRegister;
    public long CompareValue;
    public bool CompareIs64;
    /// <summary>The form of the instruction that fell through to this one (<see cref="Code.INVALID"/> at a join or entry).</summary>
    public Code PreviousCode;

    public ref RegisterValue this[Register register] => ref _gprs[Index(register)];

    public static int Index(Register register) => register.GetFullRegister() - Register.RAX;

    /// <summary>
    /// State at a branch target inside a function whose prologue set up <paramref name="frameBytes"/> and loaded the memory
    /// size minus <paramref name="limitSlack"/> into <paramref name="memoryLimit"/> (<see cref="Register.None"/> if it did not).
    /// </summary>
    public void ResetToJoin(long frameBytes, Register memoryLimit, int limitSlack)
    {
        Array.Fill(_gprs, RegisterValue.Unknown);
        this[Register.R15] = new(ValueKind.Context);
        this[Register.R14] = new(ValueKind.MemoryBase);
        if (memoryLimit != Register.None) this[memoryLimit] = new(ValueKind.MemoryLimit, limitSlack);
        RspOffset = -frameBytes;
        RspKnown = true;
        ContextSlot = null;
        Pending = PendingCheck.None;
        TypeCheckedToken = -1;
        PrologueStep = 6;
        AfterLeave = false;
        Division = default;
        ComparePending = false;
        PreviousCode = Code.INVALID;
    }

    /// <summary>State at a function entry: only r15 and r14 are known.</summary>
    public void ResetToEntry()
    {
        ResetToJoin(0, Register.None, 0);
        RspKnown = false;
        PrologueStep = 0;
    }

    /// <summary>Forgets everything derived from the own context (after r15 changes).</summary>
    public void ForgetContextDerived()
    {
        for (int i = 0; i < _gprs.Length; i++)
        {
            // SavedRspValue/StackLimitValue survive on purpose: they are handed to the callee context next.
            if (_gprs[i].Kind is ValueKind.MemoryBase or ValueKind.CheckedAddressEnd or ValueKind.SlackCheckedAddress or ValueKind.GlobalCell or ValueKind.MemoryLimit)
                _gprs[i] = RegisterValue.Unknown;
        }
    }

    /// <summary>After a call into generated code: only rbp, rsp, r14 and r15 survive (verified callees preserve them).</summary>
    public void ClobberForGeneratedCall()
    {
        for (int i = 0; i < _gprs.Length; i++)
        {
            var r = Register.RAX + i;
            if (r is not (Register.RSP or Register.RBP or Register.R14 or Register.R15)) _gprs[i] = RegisterValue.Unknown;
        }
        Division = default;
    }

    /// <summary>After a call into the host (System V): rbx, rbp, rsp, r12-r15 survive, but not as a memory limit (the host may have grown the memory).</summary>
    public void ClobberForHostCall()
    {
        for (int i = 0; i < _gprs.Length; i++)
        {
            var r = Register.RAX + i;
            if (r is not (Register.RBX or Register.RSP or Register.RBP or Register.R12 or Register.R13 or Register.R14 or Register.R15)
                || _gprs[i].Kind == ValueKind.MemoryLimit)
                _gprs[i] = RegisterValue.Unknown;
        }
        Division = default;
    }
}
