using TenantDb.ProcSandbox.Binary;
using TenantDb.ProcSandbox.Module;

namespace TenantDb.ProcSandbox.Validation;

/// <summary>
/// Operand and result types of the plain numeric instructions (0x45..0xC4): comparisons,
/// arithmetic, conversions and sign extension. <see cref="Second"/> is 0 for unary operators.
/// </summary>
internal readonly record struct NumericSignature(ValType First, ValType Second, ValType Result)
{
    private static readonly NumericSignature[] s_table = Build();

    /// <summary>The signature of numeric opcode byte <paramref name="opcode"/> (0x45..0xC4).</summary>
    public static NumericSignature Of(Opcode opcode) => s_table[(int)opcode];

    /// <summary>True when the operator takes two operands.</summary>
    public bool IsBinary => Second != 0;

    private static NumericSignature[] Build()
    {
        var s = new NumericSignature[256];
        s[0x45] = new(ValType.I32, 0, ValType.I32);
        s[0x46] = new(ValType.I32, ValType.I32, ValType.I32);
        s[0x47] = new(ValType.I32, ValType.I32, ValType.I32);
        s[0x48] = new(ValType.I32, ValType.I32, ValType.I32);
        s[0x49] = new(ValType.I32, ValType.I32, ValType.I32);
        s[0x4A] = new(ValType.I32, ValType.I32, ValType.I32);
        s[0x4B] = new(ValType.I32, ValType.I32, ValType.I32);
        s[0x4C] = new(ValType.I32, ValType.I32, ValType.I32);
        s[0x4D] = new(ValType.I32, ValType.I32, ValType.I32);
        s[0x4E] = new(ValType.I32, ValType.I32, ValType.I32);
        s[0x4F] = new(ValType.I32, ValType.I32, ValType.I32);
        s[0x50] = new(ValType.I64, 0, ValType.I32);
        s[0x51] = new(ValType.I64, ValType.I64, ValType.I32);
        s[0x52] = new(ValType.I64, ValType.I64, ValType.I32);
        s[0x53] = new(ValType.I64, ValType.I64, ValType.I32);
        s[0x54] = new(ValType.I64, ValType.I64, ValType.I32);
        s[0x55] = new(ValType.I64, ValType.I64, ValType.I32);
        s[0x56] = new(ValType.I64, ValType.I64, ValType.I32);
        s[0x57] = new(ValType.I64, ValType.I64, ValType.I32);
        s[0x58] = new(ValType.I64, ValType.I64, ValType.I32);
        s[0x59] = new(ValType.I64, ValType.I64, ValType.I32);
        s[0x5A] = new(ValType.I64, ValType.I64, ValType.I32);
        s[0x5B] = new(ValType.F32, ValType.F32, ValType.I32);
        s[0x5C] = new(ValType.F32, ValType.F32, ValType.I32);
        s[0x5D] = new(ValType.F32, ValType.F32, ValType.I32);
        s[0x5E] = new(ValType.F32, ValType.F32, ValType.I32);
        s[0x5F] = new(ValType.F32, ValType.F32, ValType.I32);
        s[0x60] = new(ValType.F32, ValType.F32, ValType.I32);
        s[0x61] = new(ValType.F64, ValType.F64, ValType.I32);
        s[0x62] = new(ValType.F64, ValType.F64, ValType.I32);
        s[0x63] = new(ValType.F64, ValType.F64, ValType.I32);
        s[0x64] = new(ValType.F64, ValType.F64, ValType.I32);
        s[0x65] = new(ValType.F64, ValType.F64, ValType.I32);
        s[0x66] = new(ValType.F64, ValType.F64, ValType.I32);
        s[0x67] = new(ValType.I32, 0, ValType.I32);
        s[0x68] = new(ValType.I32, 0, ValType.I32);
        s[0x69] = new(ValType.I32, 0, ValType.I32);
        s[0x6A] = new(ValType.I32, ValType.I32, ValType.I32);
        s[0x6B] = new(ValType.I32, ValType.I32, ValType.I32);
        s[0x6C] = new(ValType.I32, ValType.I32, ValType.I32);
        s[0x6D] = new(ValType.I32, ValType.I32, ValType.I32);
        s[0x6E] = new(ValType.I32, ValType.I32, ValType.I32);
        s[0x6F] = new(ValType.I32, ValType.I32, ValType.I32);
        s[0x70] = new(ValType.I32, ValType.I32, ValType.I32);
        s[0x71] = new(ValType.I32, ValType.I32, ValType.I32);
        s[0x72] = new(ValType.I32, ValType.I32, ValType.I32);
        s[0x73] = new(ValType.I32, ValType.I32, ValType.I32);
        s[0x74] = new(ValType.I32, ValType.I32, ValType.I32);
        s[0x75] = new(ValType.I32, ValType.I32, ValType.I32);
        s[0x76] = new(ValType.I32, ValType.I32, ValType.I32);
        s[0x77] = new(ValType.I32, ValType.I32, ValType.I32);
        s[0x78] = new(ValType.I32, ValType.I32, ValType.I32);
        s[0x79] = new(ValType.I64, 0, ValType.I64);
        s[0x7A] = new(ValType.I64, 0, ValType.I64);
        s[0x7B] = new(ValType.I64, 0, ValType.I64);
        s[0x7C] = new(ValType.I64, ValType.I64, ValType.I64);
        s[0x7D] = new(ValType.I64, ValType.I64, ValType.I64);
        s[0x7E] = new(ValType.I64, ValType.I64, ValType.I64);
        s[0x7F] = new(ValType.I64, ValType.I64, ValType.I64);
        s[0x80] = new(ValType.I64, ValType.I64, ValType.I64);
        s[0x81] = new(ValType.I64, ValType.I64, ValType.I64);
        s[0x82] = new(ValType.I64, ValType.I64, ValType.I64);
        s[0x83] = new(ValType.I64, ValType.I64, ValType.I64);
        s[0x84] = new(ValType.I64, ValType.I64, ValType.I64);
        s[0x85] = new(ValType.I64, ValType.I64, ValType.I64);
        s[0x86] = new(ValType.I64, ValType.I64, ValType.I64);
        s[0x87] = new(ValType.I64, ValType.I64, ValType.I64);
        s[0x88] = new(ValType.I64, ValType.I64, ValType.I64);
        s[0x89] = new(ValType.I64, ValType.I64, ValType.I64);
        s[0x8A] = new(ValType.I64, ValType.I64, ValType.I64);
        s[0x8B] = new(ValType.F32, 0, ValType.F32);
        s[0x8C] = new(ValType.F32, 0, ValType.F32);
        s[0x8D] = new(ValType.F32, 0, ValType.F32);
        s[0x8E] = new(ValType.F32, 0, ValType.F32);
        s[0x8F] = new(ValType.F32, 0, ValType.F32);
        s[0x90] = new(ValType.F32, 0, ValType.F32);
        s[0x91] = new(ValType.F32, 0, ValType.F32);
        s[0x92] = new(ValType.F32, ValType.F32, ValType.F32);
        s[0x93] = new(ValType.F32, ValType.F32, ValType.F32);
        s[0x94] = new(ValType.F32, ValType.F32, ValType.F32);
        s[0x95] = new(ValType.F32, ValType.F32, ValType.F32);
        s[0x96] = new(ValType.F32, ValType.F32, ValType.F32);
        s[0x97] = new(ValType.F32, ValType.F32, ValType.F32);
        s[0x98] = new(ValType.F32, ValType.F32, ValType.F32);
        s[0x99] = new(ValType.F64, 0, ValType.F64);
        s[0x9A] = new(ValType.F64, 0, ValType.F64);
        s[0x9B] = new(ValType.F64, 0, ValType.F64);
        s[0x9C] = new(ValType.F64, 0, ValType.F64);
        s[0x9D] = new(ValType.F64, 0, ValType.F64);
        s[0x9E] = new(ValType.F64, 0, ValType.F64);
        s[0x9F] = new(ValType.F64, 0, ValType.F64);
        s[0xA0] = new(ValType.F64, ValType.F64, ValType.F64);
        s[0xA1] = new(ValType.F64, ValType.F64, ValType.F64);
        s[0xA2] = new(ValType.F64, ValType.F64, ValType.F64);
        s[0xA3] = new(ValType.F64, ValType.F64, ValType.F64);
        s[0xA4] = new(ValType.F64, ValType.F64, ValType.F64);
        s[0xA5] = new(ValType.F64, ValType.F64, ValType.F64);
        s[0xA6] = new(ValType.F64, ValType.F64, ValType.F64);
        s[0xA7] = new(ValType.I64, 0, ValType.I32);
        s[0xA8] = new(ValType.F32, 0, ValType.I32);
        s[0xA9] = new(ValType.F32, 0, ValType.I32);
        s[0xAA] = new(ValType.F64, 0, ValType.I32);
        s[0xAB] = new(ValType.F64, 0, ValType.I32);
        s[0xAC] = new(ValType.I32, 0, ValType.I64);
        s[0xAD] = new(ValType.I32, 0, ValType.I64);
        s[0xAE] = new(ValType.F32, 0, ValType.I64);
        s[0xAF] = new(ValType.F32, 0, ValType.I64);
        s[0xB0] = new(ValType.F64, 0, ValType.I64);
        s[0xB1] = new(ValType.F64, 0, ValType.I64);
        s[0xB2] = new(ValType.I32, 0, ValType.F32);
        s[0xB3] = new(ValType.I32, 0, ValType.F32);
        s[0xB4] = new(ValType.I64, 0, ValType.F32);
        s[0xB5] = new(ValType.I64, 0, ValType.F32);
        s[0xB6] = new(ValType.F64, 0, ValType.F32);
        s[0xB7] = new(ValType.I32, 0, ValType.F64);
        s[0xB8] = new(ValType.I32, 0, ValType.F64);
        s[0xB9] = new(ValType.I64, 0, ValType.F64);
        s[0xBA] = new(ValType.I64, 0, ValType.F64);
        s[0xBB] = new(ValType.F32, 0, ValType.F64);
        s[0xBC] = new(ValType.F32, 0, ValType.I32);
        s[0xBD] = new(ValType.F64, 0, ValType.I64);
        s[0xBE] = new(ValType.I32, 0, ValType.F32);
        s[0xBF] = new(ValType.I64, 0, ValType.F64);
        s[0xC0] = new(ValType.I32, 0, ValType.I32);
        s[0xC1] = new(ValType.I32, 0, ValType.I32);
        s[0xC2] = new(ValType.I64, 0, ValType.I64);
        s[0xC3] = new(ValType.I64, 0, ValType.I64);
        s[0xC4] = new(ValType.I64, 0, ValType.I64);
        return s;
    }
}
