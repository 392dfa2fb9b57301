namespace TenantDb.ProcSandbox.Runtime.Native;

/// <summary>
/// SAFETY-CRITICAL. Executable pages holding a module's machine code. The pages are mapped
/// read-write, filled, then switched to read-execute before any code runs: never writable and
/// executable at the same time. Unmapped on dispose or finalization.
/// </summary>
internal sealed unsafe class CodeMemory : IDisposable
{
    private nint _address;
    private readonly nuint _length;

    public CodeMemory(ReadOnlySpan<byte> code)
    {
        _length = Libc.RoundToPages((ulong)Math.Max(code.Length, 1));
        // Every page is written at once below: populated by the kernel in one call rather than a page fault each.
        _address = Libc.Map(_length, Libc.ProtRead | Libc.ProtWrite, populate: true);
        code.CopyTo(new Span<byte>((void*)_address, code.Length));
        Libc.Protect(_address, _length, Libc.ProtRead | Libc.ProtExec);
    }

    /// <summary>Address of the first code byte.</summary>
    public nint Address => _address;

    /// <summary>Mapped bytes (whole pages).</summary>
    public long Length => (long)_length;

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    ~CodeMemory() => Free();

    private void Free()
    {
        nint address = Interlocked.Exchange(ref _address, 0);
        if (address != 0) Libc.munmap(address, _length);
    }
}
