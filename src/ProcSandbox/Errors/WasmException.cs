namespace TenantDb.ProcSandbox.Errors;

/// <summary>
/// Base of every error ProcSandbox reports about a module or a call. Callers that handle
/// untrusted modules catch this type; anything else escaping is a bug.
/// </summary>
public abstract class WasmException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected WasmException(string message) : base(message) { }

    /// <summary>Creates the exception with an inner cause.</summary>
    protected WasmException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>The module's bytes are not a well-formed binary (spec: "malformed").</summary>
public sealed class WasmMalformedException(string message, long offset)
    : WasmException($"{message} (at byte offset {offset})")
{
    /// <summary>Byte offset in the module binary where decoding failed.</summary>
    public long Offset { get; } = offset;
    /// <summary>The message without the offset suffix.</summary>
    public string Reason { get; } = message;
}

/// <summary>The module decodes but breaks a validation rule (spec: "invalid").</summary>
public sealed class WasmInvalidException(string message, long offset)
    : WasmException($"{message} (at byte offset {offset})")
{
    /// <summary>Byte offset in the module binary of the offending construct (or of its section).</summary>
    public long Offset { get; } = offset;
    /// <summary>The message without the offset suffix.</summary>
    public string Reason { get; } = message;
}

/// <summary>WAT or WAST text that cannot be parsed (a malformed text module or script).</summary>
public sealed class WatParseException(string message, int line, int column)
    : WasmException($"{message} (at line {line}, column {column})")
{
    /// <summary>1-based line.</summary>
    public int Line { get; } = line;
    /// <summary>1-based column.</summary>
    public int Column { get; } = column;
    /// <summary>The message without the position suffix.</summary>
    public string Reason { get; } = message;
}
