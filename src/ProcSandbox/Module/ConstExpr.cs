namespace TenantDb.ProcSandbox.Module;

/// <summary>The kind of a constant (initializer) expression.</summary>
public enum ConstExprKind : byte
{
    /// <summary><c>i32.const</c>.</summary>
    I32Const,
    /// <summary><c>i64.const</c>.</summary>
    I64Const,
    /// <summary><c>f32.const</c>.</summary>
    F32Const,
    /// <summary><c>f64.const</c>.</summary>
    F64Const,
    /// <summary><c>global.get</c> of an imported global.</summary>
    GlobalGet,
    /// <summary>
    /// Well formed but not a constant expression: it contains an instruction other than a
    /// constant or <c>global.get</c>. The validator rejects it ("constant expression required");
    /// <see cref="ConstExpr.Bits"/> holds the module offset of that instruction.
    /// </summary>
    NotConstant,
    /// <summary>
    /// Well formed but producing zero or several values. The validator rejects it ("type mismatch");
    /// <see cref="ConstExpr.Bits"/> holds the module offset of the expression.
    /// </summary>
    NotSingleValue,
}

/// <summary>
/// An initializer expression of a global, or the offset of a data or element segment.
/// <see cref="Bits"/> holds the constant's raw bits (zero-extended for 32-bit kinds);
/// for <see cref="ConstExprKind.GlobalGet"/> it holds the global index. A validated module only
/// contains the first five kinds.
/// </summary>
public readonly record struct ConstExpr(ConstExprKind Kind, ulong Bits)
{
    /// <summary>The value type this expression produces (for GlobalGet, the caller resolves it).</summary>
    public ValType? ConstType => Kind switch
    {
        ConstExprKind.I32Const => ValType.I32,
        ConstExprKind.I64Const => ValType.I64,
        ConstExprKind.F32Const => ValType.F32,
        ConstExprKind.F64Const => ValType.F64,
        _ => null,
    };
}
