using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace TenantDb.ProcSandbox.Tests.Frontend;

/// <summary>
/// Fuzz-style properties: whatever the bytes, decoding and validating either succeed or throw a
/// <see cref="WasmException"/>; anything else escaping (IndexOutOfRange, Overflow, OutOfMemory...) is a bug.
/// </summary>
public class DecoderFuzzProperties
{
    private static readonly byte[] Header = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00];
    private static readonly Lazy<byte[][]> s_corpus = new(() => [.. ValidModules.All.Concat(ValidModules.SpecModules).Select(m => m.Bytes)]);

    /// <summary>Valid modules to mutate: checked-in, bench kernels and spec-script modules.</summary>
    internal static byte[][] Corpus => s_corpus.Value;

    /// <summary>Decodes and validates; returns true when the module was accepted. Only WasmException is caught.</summary>
    internal static bool DecodeAndValidate(ReadOnlySpan<byte> bytes) => Wasm.TryModule(bytes, out _);

    [Property(MaxTest = 3000)]
    public void Random_bytes_only_raise_wasm_exceptions(byte[] bytes)
    {
        DecodeAndValidate(bytes);
        DecodeAndValidate([.. Header, .. bytes]);
    }

    [Property(MaxTest = 3000)]
    public void Random_sections_only_raise_wasm_exceptions(byte sectionId, byte[] content)
    {
        // A well-framed section with random content reaches the section decoders more often than raw noise.
        byte id = (byte)(sectionId % 13);
        var size = new List<byte>();
        uint n = (uint)content.Length;
        do { byte b = (byte)(n & 0x7F); n >>= 7; size.Add(n != 0 ? (byte)(b | 0x80) : b); } while (n != 0);
        DecodeAndValidate([.. Header, id, .. size, .. content]);
    }

    [Property(MaxTest = 3000)]
    public void Mutated_valid_modules_only_raise_wasm_exceptions(NonNegativeInt which, NonNegativeInt position, byte value, NonNegativeInt kind, NonNegativeInt count)
    {
        byte[] original = s_corpus.Value[which.Get % s_corpus.Value.Length];
        byte[] mutated = Mutate(original, position.Get, value, kind.Get % 6, 1 + (count.Get % 4));
        DecodeAndValidate(mutated);
    }

    [Fact]
    public void Valid_corpus_decodes_and_validates()
    {
        Assert.True(s_corpus.Value.Length >= 2);
        foreach (var (name, bytes) in ValidModules.All) Assert.True(DecodeAndValidate(bytes), name);
    }

    /// <summary>Applies one of a few byte-level mutations, repeated <paramref name="count"/> times at shifting positions.</summary>
    internal static byte[] Mutate(byte[] original, int position, byte value, int kind, int count)
    {
        var bytes = new List<byte>(original);
        for (int r = 0; r < count && bytes.Count > 0; r++)
        {
            int at = (position + r * 7919) % bytes.Count;
            switch (kind)
            {
                case 0: bytes[at] = value; break;
                case 1: bytes[at] ^= (byte)(1 << (value & 7)); break;
                case 2: bytes.Insert(at, value); break;
                case 3: bytes.RemoveAt(at); break;
                case 4: bytes.RemoveRange(at, bytes.Count - at); break; // truncate
                default: bytes[at] = (value & 1) == 0 ? (byte)0x80 : (byte)0xFF; break; // LEB continuation / max
            }
        }
        return [.. bytes];
    }
}
