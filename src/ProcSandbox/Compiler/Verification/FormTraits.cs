using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Iced.Intel;
using X86Instruction = Iced.Intel.Instruction;

namespace TenantDb.ProcSandbox.Compiler.Verification;

/// <summary>
/// What the verifier's per-instruction passes ask of an allowed instruction form: its flow control (Iced's), whether it
/// divides, and what its <see cref="TransferRule"/> says (the access to its explicit memory operand and where that operand
/// can be, the registers it writes). A look-up, not a rule: every value is read from Iced or the rule when the table is
/// built. The table is small (a byte per Iced <see cref="Code"/> numbering the allowed forms, then one entry per allowed
/// form) where Iced's per-form tables and a rule object per look-up spread each instruction's questions over several
/// cache lines. Only for instructions that passed the allow-list (<see cref="InstructionRules.CheckStateless"/>).
/// </summary>
internal readonly record struct FormTraits(FlowControl Flow, bool IsDivision, MemoryAccess Memory, int MemoryOperand, WriteKind Destination, RegisterWrite[] Implicit)
{
    /// <summary>Execution may go on to the next instruction (it is not a jump, an indirect jump or a return).</summary>
    public bool FallsThrough { get; } = Flow is FlowControl.Next or FlowControl.ConditionalBranch or FlowControl.Call or FlowControl.IndirectCall;

    /// <summary>The full register the first operand writes, or <see cref="Register.None"/> (as <see cref="TransferRule.DestinationOf(WriteKind, in X86Instruction)"/>).</summary>
    public Register DestinationOf(in X86Instruction instruction) => TransferRule.DestinationOf(Destination, instruction);

    /// <summary>Per <see cref="Code"/>: 0 for a form not on the allow-list, else its entry in <see cref="s_traits"/> plus one.</summary>
    private static readonly byte[] s_numbers;
    private static readonly FormTraits[] s_traits;

    static FormTraits()
    {
        var rules = InstructionAllowList.Rules;
        if (rules.Count > byte.MaxValue) throw new InvalidOperationException("more allowed forms than a byte numbers");
        int max = 0;
        foreach (var rule in rules) max = Math.Max(max, (int)rule.Code);
        s_numbers = new byte[max + 1];
        s_traits = new FormTraits[rules.Count + 1];
        for (int i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            var mnemonic = rule.Code.Mnemonic();
            s_traits[i + 1] = new FormTraits(rule.Code.FlowControl(), mnemonic is Mnemonic.Div or Mnemonic.Idiv, rule.Memory, rule.MemoryOperand,
                rule.Destination, rule.Implicit);
            s_numbers[(int)rule.Code] = (byte)(i + 1);
        }
    }

    /// <summary>The traits of an allowed form (throws for any other).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref readonly FormTraits Of(Code code)
    {
        int number = (uint)code < (uint)s_numbers.Length ? s_numbers[(int)code] : 0;
        if (number == 0) ThrowNotAllowed(code);
        return ref s_traits[number];
    }

    [DoesNotReturn]
    private static void ThrowNotAllowed(Code code) => throw new ArgumentOutOfRangeException(nameof(code), code, "form not on the allow-list");
}
