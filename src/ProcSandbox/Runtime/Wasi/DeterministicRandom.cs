using System.Buffers.Binary;
using System.Security.Cryptography;

namespace TenantDb.ProcSandbox.Runtime.Wasi;

/// <summary>
/// The bytes <c>random_get</c> returns for a seed: SHA-256 of (seed hash, block counter), block
/// after block. Unpredictable without the seed, reproducible with it.
/// </summary>
internal sealed class DeterministicRandom
{
    private readonly byte[] _input = new byte[40];
    private readonly byte[] _block = new byte[32];
    private ulong _counter;
    private int _used = 32;

    public DeterministicRandom(ReadOnlySpan<byte> seed) => SHA256.HashData(seed, _input);

    public void Fill(Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            if (_used == _block.Length)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(_input.AsSpan(32), _counter++);
                SHA256.HashData(_input, _block);
                _used = 0;
            }
            int n = Math.Min(destination.Length, _block.Length - _used);
            _block.AsSpan(_used, n).CopyTo(destination);
            _used += n;
            destination = destination[n..];
        }
    }
}
