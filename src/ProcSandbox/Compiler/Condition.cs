namespace TenantDb.ProcSandbox.Compiler;

/// <summary>A condition on the flags, named after the integer comparison (signed or unsigned) that sets it.</summary>
internal enum Condition : byte { Eq, Ne, LtS, LtU, GtS, GtU, LeS, LeU, GeS, GeU }

/// <summary>Two-operand integer operations of the macro-assembler.</summary>
internal enum AluOp : byte { Add, Sub, Mul, And, Or, Xor, Cmp }

/// <summary>Shifts and rotates, counted by cl or by an immediate.</summary>
internal enum ShiftOp : byte { Shl, ShrS, ShrU, Rotl, Rotr }

/// <summary>Scalar SSE operations of the form xmm, xmm/m.</summary>
internal enum FloatOp : byte { Add, Sub, Mul, Div }

/// <summary>Sign extensions within a register.</summary>
internal enum SignExtension : byte { I32From8, I32From16, I64From8, I64From16, I64From32 }

/// <summary>Float comparisons (exact WebAssembly semantics for NaN).</summary>
internal enum FloatCondition : byte { Eq, Ne, Lt, Gt, Le, Ge }

/// <summary>Sign-bit operations on floats.</summary>
internal enum SignOp : byte { Abs, Neg, CopySign }

/// <summary>Bit counts.</summary>
internal enum BitCount : byte { Leading, Trailing, Population }

internal static class ConditionExtensions
{
    /// <summary>The condition true exactly when <paramref name="condition"/> is false (integer conditions only).</summary>
    public static Condition Negate(this Condition condition) => condition switch
    {
        Condition.Eq => Condition.Ne,
        Condition.Ne => Condition.Eq,
        Condition.LtS => Condition.GeS,
        Condition.GeS => Condition.LtS,
        Condition.LtU => Condition.GeU,
        Condition.GeU => Condition.LtU,
        Condition.GtS => Condition.LeS,
        Condition.LeS => Condition.GtS,
        Condition.GtU => Condition.LeU,
        Condition.LeU => Condition.GtU,
        _ => throw new ArgumentOutOfRangeException(nameof(condition), condition, "only integer conditions negate"),
    };
}
