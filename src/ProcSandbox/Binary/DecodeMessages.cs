namespace TenantDb.ProcSandbox.Binary;

/// <summary>
/// The texts of malformed-binary errors. They follow the WebAssembly spec test suite this
/// repository runs (tests/spec/wasm-testsuite, testsuite of 2019-11) so that a WAST runner can match
/// them by prefix; later spec revisions renamed a few (noted per constant).
/// </summary>
internal static class DecodeMessages
{
    public const string UnexpectedEnd = "unexpected end";
    public const string UnexpectedEndOfSection = "unexpected end of section or function";
    public const string MagicHeader = "magic header not detected";
    public const string UnknownVersion = "unknown binary version";
    public const string IntegerTooLong = "integer representation too long";
    public const string IntegerTooLarge = "integer too large";
    /// <summary>Later spec: "malformed section id".</summary>
    public const string InvalidSectionId = "invalid section id";
    public const string SectionSizeMismatch = "section size mismatch";
    public const string FunctionCodeMismatch = "function and code section have inconsistent lengths";
    public const string DataCountMismatch = "data count and data section have inconsistent lengths";
    /// <summary>Later spec: "malformed UTF-8 encoding".</summary>
    public const string InvalidUtf8 = "invalid UTF-8 encoding";
    /// <summary>Later spec: "zero byte expected".</summary>
    public const string ZeroFlag = "zero flag expected";
    public const string TooManyLocals = "too many locals";
    /// <summary>Later spec: "unexpected content after last section".</summary>
    public const string JunkAfterLastSection = "junk after last section";
    public const string LengthOutOfBounds = "length out of bounds";
    /// <summary>Later spec: "illegal opcode".</summary>
    public const string UnknownOperator = "unknown operator";
    public const string InvalidValueType = "invalid value type";
    public const string InvalidFuncType = "malformed function type";
    public const string InvalidMutability = "invalid mutability";
    public const string InvalidElementType = "malformed element type";
    public const string InvalidImportKind = "malformed import kind";
    public const string InvalidExportKind = "malformed export kind";
    public const string InvalidLimitsFlag = "integer too large";
    public const string ElseWithoutIf = "else without matching if";
}
