using System.Buffers.Binary;

namespace TenantDb.Fuzz.Mutation;

/// <summary>
/// A small deterministic mutator in the spirit of AFL's havoc stage: bit flips, interesting values,
/// inserted, deleted and duplicated ranges, and splices with another seed. Used by the bounded,
/// fixed-seed mutation loop CI runs (and where AFL++ is not available); it finds shallow bugs only,
/// the coverage-guided fuzzing is AFL++'s job.
/// </summary>
internal sealed class ByteMutator(int seed, int maxLength = 64 * 1024)
{
    private static readonly int[] Interesting = [0, 1, -1, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, int.MaxValue, int.MinValue, 16, 64, 4096];

    private readonly Random _random = new(seed);

    /// <summary>A new input made from <paramref name="seeds"/> (which must not be empty) by one to eight mutations.</summary>
    public byte[] Next(IReadOnlyList<byte[]> seeds)
    {
        var data = new List<byte>(seeds[_random.Next(seeds.Count)]);
        int rounds = 1 + _random.Next(8);
        for (int i = 0; i < rounds; i++) Mutate(data, seeds);
        if (data.Count > maxLength) data.RemoveRange(maxLength, data.Count - maxLength);
        return [.. data];
    }

    private void Mutate(List<byte> data, IReadOnlyList<byte[]> seeds)
    {
        switch (_random.Next(data.Count == 0 ? 1 : 9))
        {
            case 0: // insert random bytes
                data.InsertRange(_random.Next(data.Count + 1), RandomBytes(1 + _random.Next(8)));
                break;
            case 1: // flip one bit
                int bit = _random.Next(data.Count * 8);
                data[bit / 8] ^= (byte)(1 << (bit % 8));
                break;
            case 2: // random byte
                data[_random.Next(data.Count)] = (byte)_random.Next(256);
                break;
            case 3: // interesting byte
                data[_random.Next(data.Count)] = (byte)Interesting[_random.Next(Interesting.Length)];
                break;
            case 4: // interesting 32-bit value, big endian (wire lengths) or little endian
                WriteInt32(data, Interesting[_random.Next(Interesting.Length)] + _random.Next(-2, 3));
                break;
            case 5: // delete a range
                int start = _random.Next(data.Count);
                data.RemoveRange(start, Math.Min(data.Count - start, 1 + _random.Next(16)));
                break;
            case 6: // duplicate a range
                int from = _random.Next(data.Count);
                var chunk = data.GetRange(from, Math.Min(data.Count - from, 1 + _random.Next(32)));
                data.InsertRange(_random.Next(data.Count + 1), chunk);
                break;
            case 7: // splice: keep a prefix, continue with another seed's suffix
                var other = seeds[_random.Next(seeds.Count)];
                int cut = _random.Next(data.Count + 1);
                int otherCut = other.Length == 0 ? 0 : _random.Next(other.Length);
                data.RemoveRange(cut, data.Count - cut);
                data.AddRange(other.AsSpan(otherCut).ToArray());
                break;
            default: // add or subtract a small amount (LEB128 bytes, counts, lengths)
                int at = _random.Next(data.Count);
                data[at] = (byte)(data[at] + _random.Next(-8, 9));
                break;
        }
    }

    private void WriteInt32(List<byte> data, int value)
    {
        if (data.Count < 4)
        {
            data.Add((byte)value);
            return;
        }
        Span<byte> bytes = stackalloc byte[4];
        if (_random.Next(2) == 0) BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        else BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        int at = _random.Next(data.Count - 3);
        for (int i = 0; i < 4; i++) data[at + i] = bytes[i];
    }

    private byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        _random.NextBytes(bytes);
        return bytes;
    }
}
