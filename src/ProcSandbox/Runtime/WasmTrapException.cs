using TenantDb.ProcSandbox.Errors;

namespace TenantDb.ProcSandbox.Runtime;

/// <summary>
/// A call into WebAssembly code trapped. The instance, the module and the host are unharmed;
/// the instance's memory keeps whatever the code wrote before the trap.
/// </summary>
public sealed class WasmTrapException : WasmException
{
    /// <summary>Creates a trap of <paramref name="kind"/> with the spec's message.</summary>
    public WasmTrapException(TrapKind kind, string? functionName = null)
        : base(Describe(kind, functionName, null))
    {
        Kind = kind;
        FunctionName = functionName;
    }

    /// <summary>Creates a trap with an explanation (e.g. a host function's reason).</summary>
    public WasmTrapException(TrapKind kind, string detail, string? functionName, Exception? inner = null)
        : base(Describe(kind, functionName, detail), inner ?? new InvalidOperationException(detail))
    {
        Kind = kind;
        FunctionName = functionName;
    }

    /// <summary>What went wrong.</summary>
    public TrapKind Kind { get; }

    /// <summary>The function that trapped (its export or debug name, else <c>func[index]</c>), if known.</summary>
    public string? FunctionName { get; }

    private static string Describe(TrapKind kind, string? functionName, string? detail)
    {
        string text = TrapMessages.Of(kind);
        if (detail is not null) text += ": " + detail;
        return functionName is null ? text : $"{text} (in {functionName})";
    }
}

/// <summary>
/// Instantiation failed while linking: an import is missing or has an incompatible type, or an
/// active segment does not fit its memory or table (spec: "unlinkable").
/// </summary>
public sealed class WasmLinkException(string message) : WasmException(message);

/// <summary>The compiler does not support something the (valid) module uses.</summary>
public sealed class WasmNotSupportedException(string message) : WasmException(message);
