using TenantDb.ProcSandbox.Errors;

namespace TenantDb.ProcSandbox.Compiler.Verification;

/// <summary>
/// The machine code generated for a module broke a rule of the independent code verifier, so it
/// never became executable. This is a bug of the compiler, not an error in the module: it is
/// deliberately not a <see cref="WasmException"/>, so callers that report module errors to tenants
/// do not mistake it for one.
/// </summary>
public sealed class CodeVerificationException : Exception
{
    /// <summary>Creates the exception for the instruction at <paramref name="offset"/> in the code buffer.</summary>
    public CodeVerificationException(int offset, string instruction, string reason)
        : base($"code verifier rejected generated code (compiler bug) at offset 0x{offset:x} ({instruction}): {reason}")
    {
        Offset = offset;
        Instruction = instruction;
        Reason = reason;
    }

    /// <summary>Offset of the offending instruction (or byte) in the module's code buffer.</summary>
    public int Offset { get; }

    /// <summary>The offending instruction as disassembled, or a description of the bytes.</summary>
    public string Instruction { get; }

    /// <summary>The rule that was broken.</summary>
    public string Reason { get; }
}
