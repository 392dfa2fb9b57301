using System.Globalization;
using TenantDb.ProcSandbox;
using TenantDb.ProcSandbox.Module;
using TenantDb.ProcSandbox.Runtime;
using TenantDb.ProcSandbox.Text;

namespace TenantDb.Cli;

/// <summary>
/// Command-line text of WebAssembly results: integers in signed decimal, floats as shortest
/// round-trip decimals with <c>inf</c> and <c>nan</c> (<c>nan:0x...</c> for non-canonical
/// payloads), so a printed result can be passed back as an argument (see <see cref="WasmLiteral"/>).
/// </summary>
internal static class WasmValueText
{
    public static string Format(WasmValue value) => value.Type switch
    {
        ValType.I32 => value.AsI32.ToString(CultureInfo.InvariantCulture),
        ValType.I64 => value.AsI64.ToString(CultureInfo.InvariantCulture),
        ValType.F32 => FormatFloat(value.Bits, signBit: 1UL << 31, payloadBits: 23, value.AsF32.ToString("R", CultureInfo.InvariantCulture)),
        ValType.F64 => FormatFloat(value.Bits, signBit: 1UL << 63, payloadBits: 52, value.AsF64.ToString("R", CultureInfo.InvariantCulture)),
        _ => "0x" + value.Bits.ToString("x", CultureInfo.InvariantCulture),
    };

    private static string FormatFloat(ulong bits, ulong signBit, int payloadBits, string shortest)
    {
        ulong payloadMask = (1UL << payloadBits) - 1;
        ulong exponentMask = (signBit - 1) & ~payloadMask;
        if ((bits & exponentMask) != exponentMask) return shortest;
        string sign = (bits & signBit) != 0 ? "-" : "";
        ulong payload = bits & payloadMask;
        if (payload == 0) return sign + "inf";
        if (payload == 1UL << (payloadBits - 1)) return sign + "nan";
        return sign + "nan:0x" + payload.ToString("x", CultureInfo.InvariantCulture);
    }
}
