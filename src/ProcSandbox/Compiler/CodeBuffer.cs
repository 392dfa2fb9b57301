using Iced.Intel;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>
/// The module's machine code as it is assembled, one function after another: a growable byte
/// buffer Iced writes into, which the compiler then patches (frame sizes, jump tables, branches
/// between functions).
/// </summary>
internal sealed class CodeBuffer(int initialCapacity) : CodeWriter
{
    private byte[] _bytes = new byte[Math.Max(initialCapacity, 256)];

    /// <summary>Bytes written so far: the offset the next function starts at.</summary>
    public int Length { get; private set; }

    /// <summary>The bytes written so far (valid up to <see cref="Length"/>), for patching.</summary>
    public Span<byte> Written => _bytes.AsSpan(0, Length);

    public override void WriteByte(byte value)
    {
        if (Length == _bytes.Length) Array.Resize(ref _bytes, 2 * _bytes.Length);
        _bytes[Length++] = value;
    }

    public byte[] ToArray() => _bytes.AsSpan(0, Length).ToArray();
}
