using TenantDb.ProcSandbox.Errors;

namespace TenantDb.ProcSandbox.Module;

/// <summary>What each implementation limit bounds, in the words a <see cref="WasmLimitException"/> uses.</summary>
internal static class LimitNames
{
    public const string ModuleBytes = "module size in bytes";
    public const string Types = "number of function types";
    public const string Functions = "number of functions (imported and defined)";
    public const string Imports = "number of imports";
    public const string Exports = "number of exports";
    public const string Globals = "number of globals (imported and defined)";
    public const string ElementSegments = "number of element segments";
    public const string DataSegments = "number of data segments";
    public const string FunctionParameters = "number of parameters (or results) of a function type";
    public const string FunctionLocals = "number of locals of a function";
    public const string FunctionBodyBytes = "function body size in bytes";
    public const string OperandStackHeight = "operand stack height of a function";
}
