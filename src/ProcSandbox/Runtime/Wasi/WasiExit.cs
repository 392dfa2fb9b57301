namespace TenantDb.ProcSandbox.Runtime.Wasi;

/// <summary>
/// Thrown by <c>proc_exit</c> to unwind the program: the host trampoline turns it into a trap
/// whose inner exception this is, and <see cref="WasiProgram.Run"/> turns that into an exit status.
/// </summary>
public sealed class WasiExit(uint status) : Exception($"the program exited with status {status}")
{
    /// <summary>The status given to <c>proc_exit</c>, as an unsigned 32-bit value.</summary>
    public uint Status { get; } = status;
}
