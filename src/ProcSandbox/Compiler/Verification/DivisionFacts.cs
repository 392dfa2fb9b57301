using Iced.Intel;

namespace TenantDb.ProcSandbox.Compiler.Verification;

/// <summary>
/// SAFETY-CRITICAL. What comparisons have proven about registers, for the one instruction that
/// faults on values (div/idiv raise #DE, i.e. SIGFPE in the host, on a zero divisor or a quotient
/// that does not fit). One bit per general register in each mask. A fact dies when its register is
/// written; facts about rax (the dividend) also kill <see cref="IdivSafe32"/>/<see cref="IdivSafe64"/>.
/// Unlike the other register facts these also flow along forward branches (<see cref="Meet"/>), because
/// the compiler's signed division joins two paths (divisor != -1, or dividend != INT_MIN) before idiv.
/// </summary>
internal struct DivisionFacts
{
    /// <summary>Low 32 bits non-zero (so the whole register is, too).</summary>
    public ushort NonZero32;
    /// <summary>The 64-bit register non-zero.</summary>
    public ushort NonZero64;
    /// <summary>Low 32 bits != -1 / the 64-bit register != -1.</summary>
    public ushort NotMinusOne32, NotMinusOne64;
    /// <summary>Low 32 bits != int.MinValue / the 64-bit register != long.MinValue.</summary>
    public ushort NotIntMin32, NotIntMin64;
    /// <summary>idiv by this register (32/64-bit) cannot overflow with the current rax (divisor != -1 or dividend != MIN).</summary>
    public ushort IdivSafe32, IdivSafe64;

    /// <summary>Nothing known (the common case: most code is not near a division).</summary>
    public readonly bool IsEmpty => (NonZero32 | NonZero64 | NotMinusOne32 | NotMinusOne64 | NotIntMin32 | NotIntMin64 | IdivSafe32 | IdivSafe64) == 0;

    private static ushort Bit(Register register) => (ushort)(1 << FlowState.Index(register));

    /// <summary>Records the fact "register != value" at the given width (from a comparison's outcome).</summary>
    public void NotEqual(Register register, long value, bool is64)
    {
        ushort bit = Bit(register);
        if (is64)
        {
            if (value == 0) NonZero64 |= bit;
            else if (value == -1) NotMinusOne64 |= bit;
            else if (value == long.MinValue) NotIntMin64 |= bit;
            return;
        }
        switch ((uint)value)
        {
            case 0: NonZero32 |= bit; break;
            case uint.MaxValue: NotMinusOne32 |= bit; break;
            case 0x8000_0000: NotIntMin32 |= bit; break;
        }
    }

    /// <summary>The register was written: forget what was known of it.</summary>
    public void Kill(Register fullRegister)
    {
        ushort keep = (ushort)~Bit(fullRegister);
        NonZero32 &= keep;
        NonZero64 &= keep;
        NotMinusOne32 &= keep;
        NotMinusOne64 &= keep;
        NotIntMin32 &= keep;
        NotIntMin64 &= keep;
        IdivSafe32 &= keep;
        IdivSafe64 &= keep;
        if (fullRegister == Register.RAX)
        {
            IdivSafe32 = 0;
            IdivSafe64 = 0;
        }
    }

    public bool IsNonZero(Register fullRegister, bool is64)
    {
        ushort bit = Bit(fullRegister);
        return ((is64 ? NonZero64 | NonZero32 : NonZero32) & bit) != 0;
    }

    /// <summary>idiv rdx:rax by <paramref name="divisor"/> (rdx the sign of rax) cannot overflow.</summary>
    public readonly bool IsIdivSafe(Register divisor, bool is64)
    {
        var s = Saturated();
        return ((is64 ? s.IdivSafe64 : s.IdivSafe32) & Bit(divisor)) != 0;
    }

    /// <summary>Facts that hold on both of two incoming paths.</summary>
    public static DivisionFacts Meet(in DivisionFacts a, in DivisionFacts b)
    {
        var x = a.Saturated();
        var y = b.Saturated();
        return new DivisionFacts
        {
            NonZero32 = (ushort)(x.NonZero32 & y.NonZero32),
            NonZero64 = (ushort)(x.NonZero64 & y.NonZero64),
            NotMinusOne32 = (ushort)(x.NotMinusOne32 & y.NotMinusOne32),
            NotMinusOne64 = (ushort)(x.NotMinusOne64 & y.NotMinusOne64),
            NotIntMin32 = (ushort)(x.NotIntMin32 & y.NotIntMin32),
            NotIntMin64 = (ushort)(x.NotIntMin64 & y.NotIntMin64),
            IdivSafe32 = (ushort)(x.IdivSafe32 & y.IdivSafe32),
            IdivSafe64 = (ushort)(x.IdivSafe64 & y.IdivSafe64),
        };
    }

    /// <summary>Adds the disjunctions before facts are intersected: divisor != -1, or rax != MIN, makes idiv safe.</summary>
    private readonly DivisionFacts Saturated()
    {
        var s = this;
        ushort rax = Bit(Register.RAX);
        s.NonZero64 |= s.NonZero32;
        s.IdivSafe32 |= (NotIntMin32 & rax) != 0 ? ushort.MaxValue : NotMinusOne32;
        s.IdivSafe64 |= (NotIntMin64 & rax) != 0 ? ushort.MaxValue : NotMinusOne64;
        return s;
    }
}
