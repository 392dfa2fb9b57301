using TenantDb.ProcSandbox.Module;
using TenantDb.ProcSandbox.Runtime;
using TenantDb.ProcSandbox.Text;

namespace TenantDb.ProcSandbox.Text;

/// <summary>Numeric literals in the text format's syntax, for hosts that take values as text (e.g. the CLI).</summary>
public static class WasmLiteral
{
    /// <summary>
    /// Parses <paramref name="text"/> as a value of <paramref name="type"/>: integers in decimal or
    /// hex (<c>-1</c>, <c>0xffff_ffff</c>; signed or unsigned range), floats in decimal or hex,
    /// <c>inf</c>, <c>nan</c>, <c>nan:0x...</c>, rounded exactly as WAT constants are.
    /// </summary>
    public static bool TryParse(ValType type, string text, out WasmValue value)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = default;
        switch (type)
        {
            case ValType.I32 when WatNumber.TryParseInt(text, 32, out ulong i32):
                value = WasmValue.I32((int)(uint)i32);
                return true;
            case ValType.I64 when WatNumber.TryParseInt(text, 64, out ulong i64):
                value = WasmValue.I64((long)i64);
                return true;
            case ValType.F32 when WatNumber.TryParseF32(text, out uint f32):
                value = WasmValue.F32Bits(f32);
                return true;
            case ValType.F64 when WatNumber.TryParseF64(text, out ulong f64):
                value = WasmValue.F64Bits(f64);
                return true;
            default:
                return false;
        }
    }
}
