using System.Diagnostics.CodeAnalysis;
using TenantDb.ProcSandbox.Errors;

namespace TenantDb.ProcSandbox.Binary;

/// <summary>Throws <see cref="WasmMalformedException"/>; kept out of line so hot decode loops stay small.</summary>
internal static class DecodeError
{
    [DoesNotReturn]
    public static void Throw(string message, long offset) => throw new WasmMalformedException(message, offset);
}
