using TenantDb.ProcSandbox.Module;

namespace TenantDb.ProcSandbox.Errors;

/// <summary>
/// The module may be valid WebAssembly, but it exceeds one of TenantDb's implementation limits
/// (<see cref="ImplementationLimits"/>): its size, a count, a function's locals or operand stack,
/// or a shape the compiler does not support. Hosts report it as a program limit (SQLSTATE 54000),
/// not as a broken module.
/// </summary>
public sealed class WasmLimitException(string limit, long maximum, long actual, long offset)
    : WasmException($"{limit} is {actual}, the limit is {maximum} (at byte offset {offset})")
{
    /// <summary>What is limited, in words ("module size in bytes", "parameters of a function type", ...).</summary>
    public string Limit { get; } = limit;

    /// <summary>The largest value allowed.</summary>
    public long Maximum { get; } = maximum;

    /// <summary>The module's value (or the first value seen beyond the limit).</summary>
    public long Actual { get; } = actual;

    /// <summary>Byte offset in the module binary of the construct (or of its section).</summary>
    public long Offset { get; } = offset;

    /// <summary>The message without the offset suffix.</summary>
    public string Reason => $"{Limit} is {Actual}, the limit is {Maximum}";
}
