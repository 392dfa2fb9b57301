using Iced.Intel;

namespace TenantDb.ProcSandbox.Compiler.Verification;

/// <summary>
/// SAFETY-CRITICAL. The instruction forms (Iced <see cref="Code"/>: mnemonic plus operand kinds
/// and widths) the compiler and trampolines emit, each with its exact effect on the general
/// registers (<see cref="TransferRule"/>). Anything else is rejected, so a new form in the compiler
/// needs a deliberate entry here, and an entry cannot exist without saying what the form writes.
/// Branch forms list both rel8 and rel32 encodings because the code buffer shortens branches
/// that fit. A test checks every rule (registers written, access to the memory operand, use of rsp) against
/// Iced's <c>InstructionInfoFactory</c>, which the verifier itself does not need to call.
/// </summary>
internal static class InstructionAllowList
{
    private const WriteKind None = WriteKind.None, Full = WriteKind.Full, Zx = WriteKind.ZeroExtends, Keep = WriteKind.KeepsUpper;

    /// <summary>True when <paramref name="code"/> is a form generated code may contain.</summary>
    public static bool Allows(Code code) => (uint)code < (uint)s_rules.Length && s_rules[(int)code] is not null;

    /// <summary>The register effect of an allowed form (throws for a form that is not allowed).</summary>
    public static TransferRule Rule(Code code) => s_rules[(int)code] ?? throw new ArgumentOutOfRangeException(nameof(code), code, "form not on the allow-list");

    /// <summary>Every allowed form with its rule (for tests and documentation).</summary>
    public static IReadOnlyList<TransferRule> Rules => s_list;

    private static TransferRule R(Code code, WriteKind destination, params RegisterWrite[] implicitWrites) => new(code, destination, implicitWrites);
    private static RegisterWrite W(Register register, WriteKind kind) => new(register, kind);
    private static readonly RegisterWrite Stack = new(Register.RSP, Full);

    private static readonly TransferRule[] s_list =
    [
        // Moves between registers, memory and immediates. A 32-bit destination zero-extends; 8/16-bit ones keep the rest.
        R(Code.Mov_r64_rm64, Full), R(Code.Mov_rm64_r64, Full), R(Code.Mov_r32_rm32, Zx), R(Code.Mov_rm32_r32, Zx),
        R(Code.Mov_rm16_r16, Keep), R(Code.Mov_rm8_r8, Keep), R(Code.Mov_r32_imm32, Zx), R(Code.Mov_r64_imm64, Full),
        R(Code.Mov_rm64_imm32, Full), R(Code.Mov_rm32_imm32, Zx), R(Code.Mov_rm16_imm16, Keep), R(Code.Mov_rm8_imm8, Keep),
        R(Code.Movsx_r32_rm8, Zx), R(Code.Movsx_r32_rm16, Zx), R(Code.Movsx_r64_rm8, Full), R(Code.Movsx_r64_rm16, Full),
        R(Code.Movsxd_r64_rm32, Full), R(Code.Movzx_r32_rm8, Zx), R(Code.Movzx_r32_rm16, Zx),
        R(Code.Lea_r64_m, Full),
        // cmov: the old value when the condition is false. The SDM says a 32-bit cmov zero-extends even then;
        // the verifier does not rely on it (KeepsUpper), so an AMD/Intel difference cannot matter.
        R(Code.Cmove_r32_rm32, Keep), R(Code.Cmove_r64_rm64, Full), R(Code.Cmovb_r64_rm64, Full),

        // Stack and frame.
        R(Code.Push_r64, None, Stack), R(Code.Pop_r64, Full, Stack), R(Code.Push_rm64, None, Stack),
        R(Code.Leaveq, None, Stack, W(Register.RBP, Full)),

        // Integer arithmetic and logic.
        R(Code.Add_r32_rm32, Zx), R(Code.Add_r64_rm64, Full), R(Code.Add_rm32_r32, Zx), R(Code.Add_rm64_r64, Full),
        R(Code.Add_rm32_imm32, Zx), R(Code.Add_rm64_imm32, Full), R(Code.Add_rm32_imm8, Zx), R(Code.Add_rm64_imm8, Full), R(Code.Add_EAX_imm32, Zx), R(Code.Add_RAX_imm32, Full),
        R(Code.Sub_r32_rm32, Zx), R(Code.Sub_r64_rm64, Full), R(Code.Sub_rm32_r32, Zx), R(Code.Sub_rm64_r64, Full),
        R(Code.Sub_rm32_imm32, Zx), R(Code.Sub_rm64_imm32, Full), R(Code.Sub_rm32_imm8, Zx), R(Code.Sub_rm64_imm8, Full), R(Code.Sub_EAX_imm32, Zx), R(Code.Sub_RAX_imm32, Full),
        R(Code.And_r32_rm32, Zx), R(Code.And_r64_rm64, Full), R(Code.And_rm32_r32, Zx), R(Code.And_rm64_r64, Full), R(Code.And_r8_rm8, Keep),
        R(Code.And_rm32_imm32, Zx), R(Code.And_rm64_imm32, Full), R(Code.And_rm32_imm8, Zx), R(Code.And_rm64_imm8, Full), R(Code.And_EAX_imm32, Zx), R(Code.And_RAX_imm32, Full),
        R(Code.Or_r32_rm32, Zx), R(Code.Or_r64_rm64, Full), R(Code.Or_rm32_r32, Zx), R(Code.Or_rm64_r64, Full), R(Code.Or_r8_rm8, Keep),
        R(Code.Or_rm32_imm32, Zx), R(Code.Or_rm64_imm32, Full), R(Code.Or_rm32_imm8, Zx), R(Code.Or_rm64_imm8, Full), R(Code.Or_EAX_imm32, Zx), R(Code.Or_RAX_imm32, Full),
        R(Code.Xor_r32_rm32, Zx), R(Code.Xor_r64_rm64, Full), R(Code.Xor_rm32_r32, Zx), R(Code.Xor_rm64_r64, Full),
        R(Code.Xor_rm32_imm32, Zx), R(Code.Xor_rm64_imm32, Full), R(Code.Xor_rm32_imm8, Zx), R(Code.Xor_rm64_imm8, Full), R(Code.Xor_EAX_imm32, Zx), R(Code.Xor_RAX_imm32, Full),
        R(Code.Cmp_r32_rm32, None), R(Code.Cmp_r64_rm64, None), R(Code.Cmp_rm32_r32, None), R(Code.Cmp_rm64_r64, None),
        R(Code.Cmp_rm32_imm32, None), R(Code.Cmp_rm64_imm32, None), R(Code.Cmp_rm32_imm8, None), R(Code.Cmp_rm64_imm8, None), R(Code.Cmp_EAX_imm32, None), R(Code.Cmp_RAX_imm32, None),
        R(Code.Test_rm32_r32, None), R(Code.Test_rm64_r64, None), R(Code.Dec_rm64, Full),
        R(Code.Imul_r32_rm32, Zx), R(Code.Imul_r64_rm64, Full), R(Code.Imul_r32_rm32_imm32, Zx), R(Code.Imul_r64_rm64_imm32, Full),
        R(Code.Imul_r32_rm32_imm8, Zx), R(Code.Imul_r64_rm64_imm8, Full),
        // Division writes only rax and rdx; the divisor operand is read, never written.
        R(Code.Div_rm32, None, W(Register.RAX, Zx), W(Register.RDX, Zx)), R(Code.Div_rm64, None, W(Register.RAX, Full), W(Register.RDX, Full)),
        R(Code.Idiv_rm32, None, W(Register.RAX, Zx), W(Register.RDX, Zx)), R(Code.Idiv_rm64, None, W(Register.RAX, Full), W(Register.RDX, Full)),
        R(Code.Cdq, None, W(Register.RDX, Zx)), R(Code.Cqo, None, W(Register.RDX, Full)),

        // Shifts and rotates: a 32-bit one by CL or by an immediate is a no-op when the masked count is 0, which the
        // verifier does not rely on zero-extending (KeepsUpper); by 1 it always writes.
        R(Code.Shl_rm32_CL, Keep), R(Code.Shl_rm64_CL, Full), R(Code.Shl_rm32_imm8, Keep), R(Code.Shl_rm64_imm8, Full), R(Code.Shl_rm32_1, Zx), R(Code.Shl_rm64_1, Full),
        R(Code.Shr_rm32_CL, Keep), R(Code.Shr_rm64_CL, Full), R(Code.Shr_rm32_imm8, Keep), R(Code.Shr_rm64_imm8, Full), R(Code.Shr_rm32_1, Zx), R(Code.Shr_rm64_1, Full),
        R(Code.Sar_rm32_CL, Keep), R(Code.Sar_rm64_CL, Full), R(Code.Sar_rm32_imm8, Keep), R(Code.Sar_rm64_imm8, Full), R(Code.Sar_rm32_1, Zx), R(Code.Sar_rm64_1, Full),
        R(Code.Rol_rm32_CL, Keep), R(Code.Rol_rm64_CL, Full), R(Code.Rol_rm32_imm8, Keep), R(Code.Rol_rm64_imm8, Full), R(Code.Rol_rm32_1, Zx), R(Code.Rol_rm64_1, Full),
        R(Code.Ror_rm32_CL, Keep), R(Code.Ror_rm64_CL, Full), R(Code.Ror_rm32_imm8, Keep), R(Code.Ror_rm64_imm8, Full), R(Code.Ror_rm32_1, Zx), R(Code.Ror_rm64_1, Full),
        // Bit test-and-modify changes one bit: not relied on to zero-extend.
        R(Code.Btr_rm32_imm8, Keep), R(Code.Btr_rm64_imm8, Full), R(Code.Btc_rm32_imm8, Keep), R(Code.Btc_rm64_imm8, Full),
        // bsf/bsr leave the destination unchanged for a zero source; lzcnt/tzcnt run as bsr/bsf on CPUs without them.
        R(Code.Bsr_r32_rm32, Keep), R(Code.Bsr_r64_rm64, Full), R(Code.Bsf_r32_rm32, Keep), R(Code.Bsf_r64_rm64, Full),
        R(Code.Lzcnt_r32_rm32, Keep), R(Code.Lzcnt_r64_rm64, Full), R(Code.Tzcnt_r32_rm32, Keep), R(Code.Tzcnt_r64_rm64, Full),
        R(Code.Popcnt_r32_rm32, Zx), R(Code.Popcnt_r64_rm64, Full),

        // Flags to bytes (8-bit writes: the rest of the register is kept).
        R(Code.Sete_rm8, Keep), R(Code.Setne_rm8, Keep), R(Code.Setl_rm8, Keep), R(Code.Setge_rm8, Keep), R(Code.Setle_rm8, Keep), R(Code.Setg_rm8, Keep),
        R(Code.Setb_rm8, Keep), R(Code.Setae_rm8, Keep), R(Code.Setbe_rm8, Keep), R(Code.Seta_rm8, Keep), R(Code.Setp_rm8, Keep), R(Code.Setnp_rm8, Keep),

        // Scalar SSE (SSE2 + SSE4.1 rounding): only the forms with a general-register destination write one.
        R(Code.Movss_xmm_xmmm32, None), R(Code.Movss_xmmm32_xmm, None), R(Code.Movsd_xmm_xmmm64, None), R(Code.Movsd_xmmm64_xmm, None),
        R(Code.Movaps_xmm_xmmm128, None), R(Code.Movd_xmm_rm32, None), R(Code.Movd_rm32_xmm, Zx), R(Code.Movq_xmm_rm64, None), R(Code.Movq_rm64_xmm, Full),
        R(Code.Movq_xmmm64_xmm, None), R(Code.Movq_xmm_xmmm64, None),
        R(Code.Addss_xmm_xmmm32, None), R(Code.Addsd_xmm_xmmm64, None), R(Code.Subss_xmm_xmmm32, None), R(Code.Subsd_xmm_xmmm64, None),
        R(Code.Mulss_xmm_xmmm32, None), R(Code.Mulsd_xmm_xmmm64, None), R(Code.Divss_xmm_xmmm32, None), R(Code.Divsd_xmm_xmmm64, None),
        R(Code.Sqrtss_xmm_xmmm32, None), R(Code.Sqrtsd_xmm_xmmm64, None), R(Code.Minss_xmm_xmmm32, None), R(Code.Minsd_xmm_xmmm64, None),
        R(Code.Maxss_xmm_xmmm32, None), R(Code.Maxsd_xmm_xmmm64, None), R(Code.Roundss_xmm_xmmm32_imm8, None), R(Code.Roundsd_xmm_xmmm64_imm8, None),
        R(Code.Ucomiss_xmm_xmmm32, None), R(Code.Ucomisd_xmm_xmmm64, None), R(Code.Xorps_xmm_xmmm128, None), R(Code.Orps_xmm_xmmm128, None), R(Code.Andps_xmm_xmmm128, None),
        R(Code.Cvtsi2ss_xmm_rm32, None), R(Code.Cvtsi2ss_xmm_rm64, None), R(Code.Cvtsi2sd_xmm_rm32, None), R(Code.Cvtsi2sd_xmm_rm64, None),
        R(Code.Cvttss2si_r32_xmmm32, Zx), R(Code.Cvttss2si_r64_xmmm32, Full), R(Code.Cvttsd2si_r32_xmmm64, Zx), R(Code.Cvttsd2si_r64_xmmm64, Full),
        R(Code.Cvtss2sd_xmm_xmmm32, None), R(Code.Cvtsd2ss_xmm_xmmm64, None),

        // Control flow (targets and indirect forms are checked separately). A call's effect on the other
        // registers is its callee's calling convention, applied by the register-flow pass (not listed here).
        R(Code.Jmp_rel8_64, None), R(Code.Jmp_rel32_64, None), R(Code.Jmp_rm64, None), R(Code.Call_rel32_64, None, Stack), R(Code.Call_rm64, None, Stack), R(Code.Retnq, None, Stack),
        R(Code.Je_rel8_64, None), R(Code.Je_rel32_64, None), R(Code.Jne_rel8_64, None), R(Code.Jne_rel32_64, None),
        R(Code.Jl_rel8_64, None), R(Code.Jl_rel32_64, None), R(Code.Jge_rel8_64, None), R(Code.Jge_rel32_64, None),
        R(Code.Jle_rel8_64, None), R(Code.Jle_rel32_64, None), R(Code.Jg_rel8_64, None), R(Code.Jg_rel32_64, None),
        R(Code.Jb_rel8_64, None), R(Code.Jb_rel32_64, None), R(Code.Jae_rel8_64, None), R(Code.Jae_rel32_64, None),
        R(Code.Jbe_rel8_64, None), R(Code.Jbe_rel32_64, None), R(Code.Ja_rel8_64, None), R(Code.Ja_rel32_64, None),
        R(Code.Js_rel8_64, None), R(Code.Js_rel32_64, None), R(Code.Jp_rel8_64, None), R(Code.Jp_rel32_64, None),

        // Misc: label-separating nop, zeroing of declared locals (rep stosq only; see the operand rules).
        R(Code.Nopd, None), R(Code.Stosq_m64_RAX, None, W(Register.RDI, Full), W(Register.RCX, Full)),
    ];

    private static TransferRule?[] Build()
    {
        int max = 0;
        foreach (var rule in s_list) max = Math.Max(max, (int)rule.Code);
        var rules = new TransferRule?[max + 1];
        foreach (var rule in s_list)
        {
            if (rules[(int)rule.Code] is not null) throw new InvalidOperationException($"{rule.Code} listed twice");
            rules[(int)rule.Code] = rule;
        }
        return rules;
    }

    // Declared after s_list: static initializers run in text order.
    private static readonly TransferRule?[] s_rules = Build();
}
