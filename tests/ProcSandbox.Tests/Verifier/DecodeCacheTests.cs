using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Iced.Intel;
using TenantDb.ProcSandbox.Compiler;
using TenantDb.ProcSandbox.Compiler.Verification;
using TenantDb.ProcSandbox.Runtime;
using X86Instruction = Iced.Intel.Instruction;

namespace TenantDb.ProcSandbox.Tests.Verifier;

/// <summary>
/// The verifier's <see cref="DecodeCache"/> hands back an earlier decoding for bytes met again: whatever it hands back,
/// at any address, must be exactly what Iced decodes there (every field, the address included).
/// </summary>
public sealed class DecodeCacheTests
{
    private static readonly Lazy<byte[][]> s_compiled = new(() =>
    [
        .. Directory.GetFiles(Frontend.RepoPaths.Kernels, "*.wat").Order(StringComparer.Ordinal)
            .Select(path => ModuleCompiler.Compile(Wasm.Module(File.ReadAllText(path)), new CompileOptions { VerifyCode = false }).Code),
        .. new[] { "br_table.wast", "call_indirect.wast", "memory_grow.wast", "conversions.wast", "i64.wast" }
            .Select(name => VerifierCorpus.SpecModules(name).First(m => m.Module.Functions.Count > 3).Module)
            .Select(module => ModuleCompiler.Compile(module, new CompileOptions { VerifyCode = false }).Code),
    ]);

    private static X86Instruction IcedAt(byte[] code, int offset)
    {
        var reader = new ByteArrayCodeReader(code) { Position = offset };
        var decoder = Decoder.Create(64, reader, DecoderOptions.None);
        decoder.IP = (ulong)offset;
        decoder.Decode(out var instruction);
        return instruction;
    }

    /// <summary>Fills a cache with every instruction of a linear sweep, then checks every hit at every byte offset; returns the hits.</summary>
    private static int CheckEveryOffset(byte[] code)
    {
        var cache = new DecodeCache();
        for (int offset = 0; offset < code.Length;)
        {
            var instruction = IcedAt(code, offset);
            if (instruction.IsInvalid)
            {
                offset++;
                continue;
            }
            cache.Add(code, instruction);
            offset += instruction.Length;
        }
        int hits = 0;
        X86Instruction cached = default;
        for (int offset = 0; offset < code.Length; offset++)
        {
            if (!cache.TryGet(code, offset, ref cached)) continue;
            hits++;
            var direct = IcedAt(code, offset);
            Assert.False(direct.IsInvalid, $"cache hit at {offset} where Iced finds no instruction");
            Assert.True(X86Instruction.EqualsAllBits(cached, direct), $"at {offset}: cached {cached} ({cached.Length} bytes, ip {cached.IP:X}), Iced {direct} ({direct.Length} bytes, ip {direct.IP:X})");
            Assert.False(DecodeCache.DependsOnAddress(direct));
        }
        return hits;
    }

    [Fact]
    public void Every_hit_in_compiled_code_is_what_Iced_decodes_there()
    {
        int hits = 0, bytes = 0;
        foreach (var code in s_compiled.Value)
        {
            hits += CheckEveryOffset(code);
            bytes += code.Length;
        }
        // Generated code repeats itself: most instructions are hits (else the cache would be pointless).
        Assert.True(hits > bytes / 20, $"{hits} hits in {bytes} bytes");
    }

    [Property(MaxTest = 300)]
    public void Every_hit_in_random_bytes_is_what_Iced_decodes_there(byte[] seed, NonNegativeInt repeats, byte[] tail)
    {
        // Repeated fragments with random surroundings: the same bytes met again, and near misses.
        var code = new List<byte>();
        for (int i = 0; i < 1 + repeats.Get % 6; i++)
        {
            code.AddRange(seed);
            if (tail.Length > 0) code.Add(tail[i % tail.Length]);
        }
        code.AddRange(tail);
        CheckEveryOffset([.. code]);
    }

    [Fact]
    public void Branches_and_rip_relative_operands_are_not_remembered()
    {
        // jmp rel32 0, lea rax, [rip+0], twice each, then padding for the look-up window.
        byte[] code = [0xE9, 0, 0, 0, 0, 0x48, 0x8D, 0x05, 0, 0, 0, 0, 0xE9, 0, 0, 0, 0, 0x48, 0x8D, 0x05, 0, 0, 0, 0, .. new byte[32]];
        var cache = new DecodeCache();
        cache.Add(code, IcedAt(code, 0));
        cache.Add(code, IcedAt(code, 5));
        X86Instruction instruction = default;
        Assert.False(cache.TryGet(code, 12, ref instruction));
        Assert.False(cache.TryGet(code, 17, ref instruction));
    }

    [Fact]
    public void A_rented_cache_starts_empty()
    {
        byte[] code = [0x48, 0x89, 0xC8, .. new byte[32]]; // mov rax, rcx
        var cache = DecodeCache.Rent();
        cache.Add(code, IcedAt(code, 0));
        X86Instruction instruction = default;
        Assert.True(cache.TryGet(code, 0, ref instruction));
        DecodeCache.Return(cache);
        var again = DecodeCache.Rent();
        Assert.False(again.TryGet(code, 0, ref instruction));
        DecodeCache.Return(again);
    }
}
