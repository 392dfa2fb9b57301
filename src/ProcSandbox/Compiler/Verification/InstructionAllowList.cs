using Iced.Intel;

namespace TenantDb.ProcSandbox.Compiler.Verification;

/// <summary>
/// SAFETY-CRITICAL. The instruction forms (Iced <see cref="Code"/>: mnemonic plus operand kinds
/// and widths) the compiler and trampolines emit. Anything else is rejected, so a new form in the
/// compiler needs a deliberate entry here. Branch forms list both rel8 and rel32 encodings because
/// the block encoder shortens branches that fit.
/// </summary>
internal static class InstructionAllowList
{
    /// <summary>True when <paramref name="code"/> is a form generated code may contain.</summary>
    public static bool Allows(Code code) => (uint)code < (uint)s_allowed.Length && s_allowed[(int)code];

    private static bool[] Build()
    {
        int max = 0;
        foreach (var code in Forms) max = Math.Max(max, (int)code);
        var allowed = new bool[max + 1];
        foreach (var code in Forms) allowed[(int)code] = true;
        return allowed;
    }

    private static readonly Code[] Forms =
    [
        // Moves between registers, memory and immediates.
        Code.Mov_r64_rm64, Code.Mov_rm64_r64, Code.Mov_r32_rm32, Code.Mov_rm32_r32,
        Code.Mov_rm16_r16, Code.Mov_rm8_r8, Code.Mov_r32_imm32, Code.Mov_r64_imm64,
        Code.Mov_rm64_imm32, Code.Mov_rm32_imm32, Code.Mov_rm16_imm16, Code.Mov_rm8_imm8,
        Code.Movsx_r32_rm8, Code.Movsx_r32_rm16, Code.Movsx_r64_rm8, Code.Movsx_r64_rm16,
        Code.Movsxd_r64_rm32, Code.Movzx_r32_rm8, Code.Movzx_r32_rm16,
        Code.Lea_r64_m, Code.Cmove_r32_rm32, Code.Cmove_r64_rm64, Code.Cmovb_r64_rm64,

        // Stack and frame.
        Code.Push_r64, Code.Pop_r64, Code.Push_rm64, Code.Leaveq,

        // Integer arithmetic and logic.
        Code.Add_r32_rm32, Code.Add_r64_rm64, Code.Add_rm32_r32, Code.Add_rm64_r64,
        Code.Add_rm32_imm32, Code.Add_rm64_imm32, Code.Add_rm32_imm8, Code.Add_rm64_imm8, Code.Add_EAX_imm32, Code.Add_RAX_imm32,
        Code.Sub_r32_rm32, Code.Sub_r64_rm64, Code.Sub_rm32_r32, Code.Sub_rm64_r64,
        Code.Sub_rm32_imm32, Code.Sub_rm64_imm32, Code.Sub_rm32_imm8, Code.Sub_rm64_imm8, Code.Sub_EAX_imm32, Code.Sub_RAX_imm32,
        Code.And_r32_rm32, Code.And_r64_rm64, Code.And_rm32_r32, Code.And_rm64_r64, Code.And_r8_rm8,
        Code.And_rm32_imm32, Code.And_rm64_imm32, Code.And_rm32_imm8, Code.And_rm64_imm8, Code.And_EAX_imm32, Code.And_RAX_imm32,
        Code.Or_r32_rm32, Code.Or_r64_rm64, Code.Or_rm32_r32, Code.Or_rm64_r64, Code.Or_r8_rm8,
        Code.Or_rm32_imm32, Code.Or_rm64_imm32, Code.Or_rm32_imm8, Code.Or_rm64_imm8, Code.Or_EAX_imm32, Code.Or_RAX_imm32,
        Code.Xor_r32_rm32, Code.Xor_r64_rm64, Code.Xor_rm32_r32, Code.Xor_rm64_r64,
        Code.Xor_rm32_imm32, Code.Xor_rm64_imm32, Code.Xor_rm32_imm8, Code.Xor_rm64_imm8, Code.Xor_EAX_imm32, Code.Xor_RAX_imm32,
        Code.Cmp_r32_rm32, Code.Cmp_r64_rm64, Code.Cmp_rm32_r32, Code.Cmp_rm64_r64,
        Code.Cmp_rm32_imm32, Code.Cmp_rm64_imm32, Code.Cmp_rm32_imm8, Code.Cmp_rm64_imm8, Code.Cmp_EAX_imm32, Code.Cmp_RAX_imm32,
        Code.Test_rm32_r32, Code.Test_rm64_r64, Code.Dec_rm64,
        Code.Imul_r32_rm32, Code.Imul_r64_rm64, Code.Imul_r32_rm32_imm32, Code.Imul_r64_rm64_imm32,
        Code.Imul_r32_rm32_imm8, Code.Imul_r64_rm64_imm8,
        Code.Div_rm32, Code.Div_rm64, Code.Idiv_rm32, Code.Idiv_rm64, Code.Cdq, Code.Cqo,

        // Shifts, rotates, bit operations.
        Code.Shl_rm32_CL, Code.Shl_rm64_CL, Code.Shl_rm32_imm8, Code.Shl_rm64_imm8, Code.Shl_rm32_1, Code.Shl_rm64_1,
        Code.Shr_rm32_CL, Code.Shr_rm64_CL, Code.Shr_rm32_imm8, Code.Shr_rm64_imm8, Code.Shr_rm32_1, Code.Shr_rm64_1,
        Code.Sar_rm32_CL, Code.Sar_rm64_CL, Code.Sar_rm32_imm8, Code.Sar_rm64_imm8, Code.Sar_rm32_1, Code.Sar_rm64_1,
        Code.Rol_rm32_CL, Code.Rol_rm64_CL, Code.Rol_rm32_imm8, Code.Rol_rm64_imm8, Code.Rol_rm32_1, Code.Rol_rm64_1,
        Code.Ror_rm32_CL, Code.Ror_rm64_CL, Code.Ror_rm32_imm8, Code.Ror_rm64_imm8, Code.Ror_rm32_1, Code.Ror_rm64_1,
        Code.Btr_rm32_imm8, Code.Btr_rm64_imm8, Code.Btc_rm32_imm8, Code.Btc_rm64_imm8,
        Code.Bsr_r32_rm32, Code.Bsr_r64_rm64, Code.Bsf_r32_rm32, Code.Bsf_r64_rm64,
        Code.Lzcnt_r32_rm32, Code.Lzcnt_r64_rm64, Code.Tzcnt_r32_rm32, Code.Tzcnt_r64_rm64,
        Code.Popcnt_r32_rm32, Code.Popcnt_r64_rm64,

        // Flags to bytes.
        Code.Sete_rm8, Code.Setne_rm8, Code.Setl_rm8, Code.Setge_rm8, Code.Setle_rm8, Code.Setg_rm8,
        Code.Setb_rm8, Code.Setae_rm8, Code.Setbe_rm8, Code.Seta_rm8, Code.Setp_rm8, Code.Setnp_rm8,

        // Scalar SSE (SSE2 + SSE4.1 rounding).
        Code.Movss_xmm_xmmm32, Code.Movss_xmmm32_xmm, Code.Movsd_xmm_xmmm64, Code.Movsd_xmmm64_xmm,
        Code.Movaps_xmm_xmmm128, Code.Movd_xmm_rm32, Code.Movd_rm32_xmm, Code.Movq_xmm_rm64, Code.Movq_rm64_xmm,
        Code.Movq_xmmm64_xmm, Code.Movq_xmm_xmmm64,
        Code.Addss_xmm_xmmm32, Code.Addsd_xmm_xmmm64, Code.Subss_xmm_xmmm32, Code.Subsd_xmm_xmmm64,
        Code.Mulss_xmm_xmmm32, Code.Mulsd_xmm_xmmm64, Code.Divss_xmm_xmmm32, Code.Divsd_xmm_xmmm64,
        Code.Sqrtss_xmm_xmmm32, Code.Sqrtsd_xmm_xmmm64, Code.Minss_xmm_xmmm32, Code.Minsd_xmm_xmmm64,
        Code.Maxss_xmm_xmmm32, Code.Maxsd_xmm_xmmm64, Code.Roundss_xmm_xmmm32_imm8, Code.Roundsd_xmm_xmmm64_imm8,
        Code.Ucomiss_xmm_xmmm32, Code.Ucomisd_xmm_xmmm64, Code.Xorps_xmm_xmmm128, Code.Orps_xmm_xmmm128, Code.Andps_xmm_xmmm128,
        Code.Cvtsi2ss_xmm_rm32, Code.Cvtsi2ss_xmm_rm64, Code.Cvtsi2sd_xmm_rm32, Code.Cvtsi2sd_xmm_rm64,
        Code.Cvttss2si_r32_xmmm32, Code.Cvttss2si_r64_xmmm32, Code.Cvttsd2si_r32_xmmm64, Code.Cvttsd2si_r64_xmmm64,
        Code.Cvtss2sd_xmm_xmmm32, Code.Cvtsd2ss_xmm_xmmm64,

        // Control flow (targets and indirect forms are checked separately).
        Code.Jmp_rel8_64, Code.Jmp_rel32_64, Code.Jmp_rm64, Code.Call_rel32_64, Code.Call_rm64, Code.Retnq,
        Code.Je_rel8_64, Code.Je_rel32_64, Code.Jne_rel8_64, Code.Jne_rel32_64,
        Code.Jl_rel8_64, Code.Jl_rel32_64, Code.Jge_rel8_64, Code.Jge_rel32_64,
        Code.Jle_rel8_64, Code.Jle_rel32_64, Code.Jg_rel8_64, Code.Jg_rel32_64,
        Code.Jb_rel8_64, Code.Jb_rel32_64, Code.Jae_rel8_64, Code.Jae_rel32_64,
        Code.Jbe_rel8_64, Code.Jbe_rel32_64, Code.Ja_rel8_64, Code.Ja_rel32_64,
        Code.Js_rel8_64, Code.Js_rel32_64, Code.Jp_rel8_64, Code.Jp_rel32_64,

        // Misc: label-separating nop, zeroing of declared locals (rep stosq only; see the operand rules).
        Code.Nopd, Code.Stosq_m64_RAX,
    ];

    // Declared after Forms: static initializers run in text order.
    private static readonly bool[] s_allowed = Build();
}
