using System.Diagnostics.CodeAnalysis;
using TenantDb.ProcSandbox.Errors;

namespace TenantDb.ProcSandbox.Validation;

/// <summary>Texts of validation errors, as the spec test suite words them.</summary>
internal static class ValidationMessages
{
    public const string TypeMismatch = "type mismatch";
    public const string UnknownLocal = "unknown local";
    public const string UnknownGlobal = "unknown global";
    public const string UnknownFunction = "unknown function";
    public const string UnknownTable = "unknown table";
    public const string UnknownMemory = "unknown memory";
    public const string UnknownLabel = "unknown label";
    public const string UnknownType = "unknown type";
    public const string Alignment = "alignment must not be larger than natural";
    public const string GlobalImmutable = "global is immutable";
    public const string ConstantRequired = "constant expression required";
    public const string DuplicateExport = "duplicate export name";
    public const string StartFunction = "start function";
    public const string LimitsMinMax = "size minimum must not be greater than maximum";
    public const string MemorySize = "memory size must be at most 65536 pages (4GiB)";
    public const string MultipleMemories = "multiple memories";
    public const string MultipleTables = "multiple tables";
    public const string ResultArity = "invalid result arity";

    [DoesNotReturn]
    public static void Throw(string message, long offset) => throw new WasmInvalidException(message, offset);
}
