using Iced.Intel;
using TenantDb.ProcSandbox.Compiler.Verification;
using Xunit.Abstractions;
using X86Instruction = Iced.Intel.Instruction;

namespace TenantDb.ProcSandbox.Tests.Verifier;

/// <summary>
/// Every form on the allow-list has a transfer rule, and each rule agrees with Iced's
/// <see cref="InstructionInfoFactory"/>: the same general registers written, and never a stronger
/// claim than Iced's (zero-extension only for an unconditional 32-bit write of the full register;
/// "keeps the upper half" only for partial or conditional 32-bit writes). The rule may be weaker than
/// Iced (e.g. cmov r32, which the SDM says zero-extends, is treated as possibly keeping the old value);
/// those places are listed so a change to them is deliberate.
/// </summary>
public class VerifierTransferRuleTests(ITestOutputHelper output)
{
    /// <summary>Forms whose rule is deliberately weaker than what Iced reports.</summary>
    private static readonly HashSet<Code> s_weakerThanIced =
    [
        Code.Cmove_r32_rm32, Code.Lzcnt_r32_rm32, Code.Tzcnt_r32_rm32, Code.Btr_rm32_imm8, Code.Btc_rm32_imm8,
        Code.Shl_rm32_CL, Code.Shl_rm32_imm8, Code.Shr_rm32_CL, Code.Shr_rm32_imm8, Code.Sar_rm32_CL, Code.Sar_rm32_imm8,
        Code.Rol_rm32_CL, Code.Rol_rm32_imm8, Code.Ror_rm32_CL, Code.Ror_rm32_imm8,
    ];

    /// <summary>How much a write kind claims about the result: a rule may never claim more than Iced.</summary>
    private static int Claim(WriteKind kind) => kind switch
    {
        WriteKind.Full => 0,
        WriteKind.KeepsUpper => 1,
        WriteKind.ZeroExtends => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Fact]
    public void Every_rule_agrees_with_iced_on_the_registers_written_and_their_zero_extension()
    {
        var factory = new InstructionInfoFactory();
        var failures = new List<string>();
        var weaker = new HashSet<Code>();
        int checkedForms = 0;
        foreach (var rule in InstructionAllowList.Rules)
        {
            foreach (bool registerForm in new[] { true, false })
            {
                if (!TryBuild(rule.Code, registerForm, out var instruction)) continue;
                checkedForms++;
                var fromIced = WritesFromIced(factory.GetInfo(instruction), instruction);
                var fromRule = WritesFromRule(rule, instruction);
                string name = $"{rule.Code} ({instruction})";
                if (!fromIced.Keys.ToHashSet().SetEquals(fromRule.Keys))
                {
                    failures.Add($"{name}: Iced writes [{string.Join(", ", fromIced.Keys)}], the rule [{string.Join(", ", fromRule.Keys)}]");
                    continue;
                }
                foreach (var (register, kind) in fromRule)
                {
                    if (Claim(kind) > Claim(fromIced[register])) failures.Add($"{name}: rule says {register} {kind}, Iced only {fromIced[register]}");
                    else if (Claim(kind) < Claim(fromIced[register])) weaker.Add(rule.Code);
                }
            }
        }
        output.WriteLine($"{InstructionAllowList.Rules.Count} forms, {checkedForms} instruction shapes checked");
        Assert.Empty(failures);
        Assert.Equal(s_weakerThanIced.Order(), weaker.Order());
    }

    [Fact]
    public void Every_allowed_form_has_a_rule_and_every_rule_is_allowed()
    {
        foreach (var rule in InstructionAllowList.Rules)
        {
            Assert.True(InstructionAllowList.Allows(rule.Code));
            Assert.Same(rule, InstructionAllowList.Rule(rule.Code));
        }
        foreach (var code in Enum.GetValues<Code>())
        {
            if (InstructionAllowList.Allows(code)) Assert.Contains(InstructionAllowList.Rules, r => r.Code == code);
        }
    }

    /// <summary>
    /// The register-flow pass judges a memory operand by the rule's <see cref="TransferRule.Memory"/> instead of asking
    /// Iced per instruction: for every form's memory variant the rule must name the access Iced reports for the
    /// explicit operand (a write wherever Iced reports any write), and forms without a memory variant must say None.
    /// </summary>
    [Fact]
    public void Every_rule_names_the_access_iced_reports_for_the_explicit_memory_operand()
    {
        var factory = new InstructionInfoFactory();
        var failures = new List<string>();
        int withMemory = 0;
        foreach (var rule in InstructionAllowList.Rules)
        {
            // The memory variant of an r/m operand, else the form itself when its operand is memory only (lea).
            if (!TryBuild(rule.Code, false, out var instruction)) TryBuild(rule.Code, true, out instruction);
            bool hasMemory = Enumerable.Range(0, instruction.OpCount).Any(i => instruction.GetOpKind(i) == OpKind.Memory);
            if (!hasMemory)
            {
                if (rule.Memory != MemoryAccess.None) failures.Add($"{rule.Code}: no memory variant, rule says {rule.Memory}");
                continue;
            }
            withMemory++;
            var explicitUses = factory.GetInfo(instruction).GetUsedMemory().Where(m => m.Base == Register.RSI).ToList();
            var expected = explicitUses.Count == 0 ? MemoryAccess.AddressOnly : explicitUses[0].Access switch
            {
                OpAccess.Read or OpAccess.CondRead => MemoryAccess.Read,
                OpAccess.NoMemAccess => MemoryAccess.AddressOnly,
                _ => MemoryAccess.Write,
            };
            if (explicitUses.Count > 1) failures.Add($"{rule.Code}: Iced reports {explicitUses.Count} explicit memory uses");
            if (rule.Memory != expected) failures.Add($"{rule.Code} ({instruction}): Iced {explicitUses.FirstOrDefault().Access}, rule {rule.Memory}");
        }
        output.WriteLine($"{withMemory} forms with a memory variant checked");
        Assert.True(withMemory > 50);
        Assert.Empty(failures);
    }

    /// <summary>
    /// While rsp is realigned for a host call, the pass rejects any instruction using rsp
    /// (<c>RegisterFlow.UsesStackPointer</c>): it must agree with Iced's used registers for every form, in its
    /// register and memory variants, with operands drawn from rsp as well as from other registers.
    /// </summary>
    [Fact]
    public void Stack_pointer_use_agrees_with_iced_for_every_form()
    {
        var factory = new InstructionInfoFactory();
        var failures = new List<string>();
        foreach (var rule in InstructionAllowList.Rules)
        {
            foreach (bool registerForm in new[] { true, false })
            {
                foreach (var family in new[] { Register.RBX, Register.RSP })
                {
                    if (!TryBuild(rule.Code, registerForm, out var instruction, family)) continue;
                    bool iced = factory.GetInfo(instruction).GetUsedRegisters().Any(u => u.Register.IsGPR() && u.Register.GetFullRegister() == Register.RSP);
                    if (RegisterFlow.UsesStackPointer(instruction) != iced)
                        failures.Add($"{rule.Code} ({instruction}): Iced {(iced ? "uses" : "does not use")} rsp");
                }
            }
        }
        Assert.Empty(failures);
    }

    /// <summary>
    /// The stateless rules consult the mnemonic part of the deny-list only for forms off the allow-list, which is
    /// sound only while no allowed form is itself forbidden (a system call, interrupt, far transfer...).
    /// </summary>
    [Fact]
    public void No_allowed_form_is_forbidden_by_its_mnemonic_or_flow()
    {
        foreach (var rule in InstructionAllowList.Rules)
        {
            var instruction = new X86Instruction { Code = rule.Code };
            Assert.Null(ForbiddenInstructions.Reason(instruction));
        }
    }

    /// <summary>
    /// The per-instruction passes read an allowed form's flow control, division and register writes from
    /// <see cref="FormTraits"/> instead of Iced's instruction and the rule: the table must say what those say.
    /// </summary>
    [Fact]
    public void Form_traits_say_what_iced_and_the_rule_say()
    {
        int checkedForms = 0;
        foreach (var rule in InstructionAllowList.Rules)
        {
            ref readonly var traits = ref FormTraits.Of(rule.Code);
            Assert.Equal(rule.Memory, traits.Memory);
            Assert.Equal(rule.MemoryOperand, traits.MemoryOperand);
            Assert.Equal(rule.Destination, traits.Destination);
            Assert.Equal(rule.Implicit, traits.Implicit);
            foreach (bool registerForm in new[] { true, false })
            {
                if (!TryBuild(rule.Code, registerForm, out var instruction)) continue;
                checkedForms++;
                Assert.Equal(instruction.FlowControl, traits.Flow);
                Assert.Equal(instruction.FlowControl is FlowControl.Next or FlowControl.ConditionalBranch or FlowControl.Call or FlowControl.IndirectCall,
                    traits.FallsThrough);
                Assert.Equal(instruction.Mnemonic is Mnemonic.Div or Mnemonic.Idiv, traits.IsDivision);
                Assert.Equal(rule.DestinationOf(instruction), traits.DestinationOf(instruction));
                // The flow pass looks for the explicit memory operand only where the traits say it can be.
                for (int i = 0; i < instruction.OpCount; i++)
                {
                    if (instruction.GetOpKind(i) == OpKind.Memory) Assert.Equal(i, traits.MemoryOperand);
                }
                if (traits.Memory != MemoryAccess.None) Assert.InRange(traits.MemoryOperand, 0, instruction.OpCount - 1);
            }
        }
        Assert.True(checkedForms >= InstructionAllowList.Rules.Count, $"only {checkedForms} forms built");
        // Forms off the allow-list have no traits (the passes only ask about instructions that passed it).
        Assert.Throws<ArgumentOutOfRangeException>(() => FormTraits.Of(Code.Syscall));
        Assert.Throws<ArgumentOutOfRangeException>(() => FormTraits.Of(Code.INVALID));
    }

    [Fact]
    public void Division_writes_rax_and_rdx_and_never_its_divisor()
    {
        foreach (var code in new[] { Code.Div_rm32, Code.Idiv_rm32, Code.Div_rm64, Code.Idiv_rm64 })
        {
            Assert.True(TryBuild(code, true, out var instruction));
            var writes = WritesFromRule(InstructionAllowList.Rule(code), instruction);
            Assert.Equal([Register.RAX, Register.RDX], writes.Keys.Order());
        }
    }

    /// <summary>General registers written according to Iced, with the strongest kind Iced's report supports.</summary>
    private static Dictionary<Register, WriteKind> WritesFromIced(in InstructionInfo info, in X86Instruction instruction)
    {
        var writes = new Dictionary<Register, WriteKind>();
        foreach (var used in info.GetUsedRegisters())
        {
            if (!used.Register.IsGPR()) continue;
            bool conditional = used.Access is OpAccess.CondWrite or OpAccess.ReadCondWrite;
            if (!conditional && used.Access is not (OpAccess.Write or OpAccess.ReadWrite)) continue;
            var full = used.Register.GetFullRegister();
            WriteKind kind;
            if (used.Register.IsGPR8() || used.Register.IsGPR16()) kind = WriteKind.KeepsUpper;          // partial write
            else if (used.Register.IsGPR32()) kind = WriteKind.KeepsUpper;                              // reported without zero-extension
            else if (OperandBits(instruction, full) == 32) kind = conditional ? WriteKind.KeepsUpper : WriteKind.ZeroExtends;
            else kind = WriteKind.Full;
            // Reported twice (e.g. as EAX and RAX): keep the weaker claim.
            writes[full] = writes.TryGetValue(full, out var other) && Claim(other) < Claim(kind) ? other : kind;
        }
        return writes;
    }

    /// <summary>Width of the write to <paramref name="full"/>: the destination operand's size, else the form's operand size.</summary>
    private static int OperandBits(in X86Instruction instruction, Register full)
    {
        if (instruction.OpCount > 0 && instruction.Op0Kind == OpKind.Register && instruction.Op0Register.IsGPR() && instruction.Op0Register.GetFullRegister() == full)
            return instruction.Op0Register.GetSize() * 8;
        return instruction.Code.ToOpCode().OperandSize;
    }

    private static Dictionary<Register, WriteKind> WritesFromRule(TransferRule rule, in X86Instruction instruction)
    {
        var writes = new Dictionary<Register, WriteKind>();
        var destination = rule.DestinationOf(instruction);
        if (destination != Register.None) writes[destination] = rule.Destination;
        foreach (var write in rule.Implicit) writes[write.Register] = write.Kind;
        return writes;
    }

    /// <summary>
    /// An instance of the form: register operands from distinct registers (rbx-family first, rsi-family
    /// second), immediates, memory as [rsi+8]; <paramref name="registerForm"/> false takes the memory
    /// variant of an r/m operand (false when the form has none).
    /// </summary>
    private static bool TryBuild(Code code, bool registerForm, out X86Instruction instruction, Register firstFamily = Register.RBX)
    {
        instruction = default;
        if (code == Code.Stosq_m64_RAX)
        {
            if (!registerForm) return false;
            instruction = X86Instruction.CreateStosq(64, RepPrefixKind.Repe);
            return true;
        }
        var opCode = code.ToOpCode();
        bool hasMemoryVariant = false;
        instruction.Code = code;
        for (int i = 0; i < opCode.OpCount; i++)
        {
            var family = i == 0 ? firstFamily : Register.RSI;
            var kind = opCode.GetOpKind(i);
            switch (kind)
            {
                case OpCodeOperandKind.r8_or_mem or OpCodeOperandKind.r16_or_mem or OpCodeOperandKind.r32_or_mem or OpCodeOperandKind.r64_or_mem
                    or OpCodeOperandKind.xmm_or_mem:
                    hasMemoryVariant = true;
                    if (registerForm) SetRegister(ref instruction, i, RegisterOf(kind, family, i));
                    else SetMemory(ref instruction, i, firstFamily == Register.RSP ? Register.RSP : Register.RSI);
                    break;
                case OpCodeOperandKind.r8_reg or OpCodeOperandKind.r16_reg or OpCodeOperandKind.r32_reg or OpCodeOperandKind.r64_reg
                    or OpCodeOperandKind.r32_opcode or OpCodeOperandKind.r64_opcode or OpCodeOperandKind.xmm_reg:
                    SetRegister(ref instruction, i, RegisterOf(kind, family, i));
                    break;
                case OpCodeOperandKind.mem:
                    SetMemory(ref instruction, i, firstFamily == Register.RSP ? Register.RSP : Register.RSI);
                    break;
                case OpCodeOperandKind.eax: SetRegister(ref instruction, i, Register.EAX); break;
                case OpCodeOperandKind.rax: SetRegister(ref instruction, i, Register.RAX); break;
                case OpCodeOperandKind.cl: SetRegister(ref instruction, i, Register.CL); break;
                case OpCodeOperandKind.imm8:
                    instruction.SetOpKind(i, OpKind.Immediate8);
                    instruction.Immediate8 = 3;
                    break;
                case OpCodeOperandKind.imm8_const_1:
                    instruction.SetOpKind(i, OpKind.Immediate8);
                    instruction.Immediate8 = 1;
                    break;
                case OpCodeOperandKind.imm8sex32:
                    instruction.SetOpKind(i, OpKind.Immediate8to32);
                    instruction.Immediate8 = 3;
                    break;
                case OpCodeOperandKind.imm8sex64:
                    instruction.SetOpKind(i, OpKind.Immediate8to64);
                    instruction.Immediate8 = 3;
                    break;
                case OpCodeOperandKind.imm16:
                    instruction.SetOpKind(i, OpKind.Immediate16);
                    instruction.Immediate16 = 3;
                    break;
                case OpCodeOperandKind.imm32:
                    instruction.SetOpKind(i, OpKind.Immediate32);
                    instruction.Immediate32 = 3;
                    break;
                case OpCodeOperandKind.imm32sex64:
                    instruction.SetOpKind(i, OpKind.Immediate32to64);
                    instruction.Immediate32 = 3;
                    break;
                case OpCodeOperandKind.imm64:
                    instruction.SetOpKind(i, OpKind.Immediate64);
                    instruction.Immediate64 = 3;
                    break;
                case OpCodeOperandKind.br64_1 or OpCodeOperandKind.br64_4:
                    instruction.SetOpKind(i, OpKind.NearBranch64);
                    instruction.NearBranch64 = 0x100;
                    break;
                default:
                    throw new InvalidOperationException($"{code}: operand kind {kind} not handled by the test");
            }
        }
        instruction.Length = 4;
        return registerForm || hasMemoryVariant;
    }

    private static Register RegisterOf(OpCodeOperandKind kind, Register family, int index)
    {
        int n = family - Register.RAX;
        return kind switch
        {
            OpCodeOperandKind.r8_or_mem or OpCodeOperandKind.r8_reg => n < 4 ? Register.AL + n : Register.SPL + (n - 4),
            OpCodeOperandKind.r16_or_mem or OpCodeOperandKind.r16_reg => Register.AX + n,
            OpCodeOperandKind.r32_or_mem or OpCodeOperandKind.r32_reg or OpCodeOperandKind.r32_opcode => Register.EAX + n,
            OpCodeOperandKind.xmm_or_mem or OpCodeOperandKind.xmm_reg => Register.XMM1 + index,
            _ => family,
        };
    }

    private static void SetRegister(ref X86Instruction instruction, int operand, Register register)
    {
        instruction.SetOpKind(operand, OpKind.Register);
        instruction.SetOpRegister(operand, register);
    }

    private static void SetMemory(ref X86Instruction instruction, int operand, Register @base)
    {
        instruction.SetOpKind(operand, OpKind.Memory);
        instruction.MemoryBase = @base;
        instruction.MemoryDisplacement64 = 8;
        instruction.MemoryDisplSize = 1;
    }
}
