// SAFETY-CRITICAL: makes machine code executable. Only for code the host builds itself from fixed
// templates (never from anything a tenant supplies); module code goes through the verifier instead.
using TenantDb.ProcSandbox.Runtime.Native;

namespace TenantDb.ProcSandbox.Runtime;

/// <summary>
/// Machine code the host generates for its own use rather than compiles from a module (the engine's
/// native row loop of procedure channels), in pages mapped the way module code is: written while
/// read-write, then switched to read-execute, never writable and executable at once.
/// </summary>
public sealed class HostCode : IDisposable
{
    private readonly CodeMemory _memory;

    public HostCode(ReadOnlySpan<byte> code) => _memory = new CodeMemory(code);

    /// <summary>Address of the first byte of the code.</summary>
    public nint Address => _memory.Address;

    public void Dispose() => _memory.Dispose();
}
