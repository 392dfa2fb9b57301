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
/// The verifier's <see cref="BranchTemplates"/> makes relative branches from a template instead of decoding them: whatever
/// it makes, at any address, must be exactly what Iced decodes there (every field, the address and target included).
/// </summary>
public sealed class BranchTemplatesTests
{
    private static X86Instruction IcedAt(byte[] code, int offset)
    {
        var reader = new ByteArrayCodeReader(code) { Position = offset };
        var decoder = Decoder.Create(64, reader, DecoderOptions.None);
        decoder.IP = (ulong)offset;
        decoder.Decode(out var instruction);
        return instruction;
    }

    /// <summary>Offers every instruction of a linear sweep as a template, then checks every hit at every byte offset; returns the hits.</summary>
    private static int CheckEveryOffset(byte[] code)
    {
        var templates = new BranchTemplates();
        for (int offset = 0; offset < code.Length;)
        {
            var instruction = IcedAt(code, offset);
            if (instruction.IsInvalid)
            {
                offset++;
                continue;
            }
            templates.Add(code, instruction);
            offset += instruction.Length;
        }
        int hits = 0;
        X86Instruction made = default;
        for (int offset = 0; offset < code.Length; offset++)
        {
            if (!templates.TryGet(code, offset, ref made)) continue;
            hits++;
            var direct = IcedAt(code, offset);
            Assert.False(direct.IsInvalid, $"template at {offset} where Iced finds no instruction");
            Assert.True(X86Instruction.EqualsAllBits(made, direct), $"at {offset}: made {made} ({made.Length} bytes, ip {made.IP:X}), Iced {direct} ({direct.Length} bytes, ip {direct.IP:X})");
        }
        return hits;
    }

    [Fact]
    public void Every_branch_made_in_compiled_code_is_what_Iced_decodes_there()
    {
        int hits = 0;
        foreach (var name in new[] { "br_table.wast", "call_indirect.wast", "loop.wast", "i64.wast" })
        {
            var module = VerifierCorpus.SpecModules(name).First(m => m.Module.Functions.Count > 3).Module;
            hits += CheckEveryOffset(ModuleCompiler.Compile(module, new CompileOptions { VerifyCode = false }).Code);
        }
        Assert.True(hits > 100, $"{hits} branches made from templates");
    }

    /// <summary>Branch opcodes (every form, and near misses: 0F with other bytes, prefixes) among random bytes.</summary>
    private static readonly byte[] s_opcodes = [0xEB, 0xE9, 0xE8, 0x70, 0x75, 0x7F, 0x0F, 0x80, 0x84, 0x8F, 0x66, 0x48, 0xF2];

    [Property(MaxTest = 300)]
    public void Every_branch_made_in_random_bytes_is_what_Iced_decodes_there(byte[] noise, int[] picks)
    {
        var code = new List<byte>();
        for (int i = 0; i < picks.Length; i++)
        {
            code.Add(s_opcodes[(picks[i] & int.MaxValue) % s_opcodes.Length]);
            if (noise.Length > 0) code.AddRange(noise.Skip(i % noise.Length).Take(1 + (picks[i] >>> 24) % 5));
        }
        code.AddRange(new byte[20]);
        CheckEveryOffset([.. code]);
    }

    [Fact]
    public void Targets_before_and_after_the_branch_and_wrapping_below_zero()
    {
        // jmp rel32 +0x100, jcc rel32 -0x20, jmp rel8 -128 at offset 0 wraps below address 0, as Iced computes it.
        byte[] code = [0xEB, 0x80, 0xE9, 0x00, 0x01, 0, 0, 0x0F, 0x85, 0xE0, 0xFF, 0xFF, 0xFF, 0xEB, 0x80, 0xE9, 0x10, 0, 0, 0, 0x0F, 0x85, 0x00, 0x02, 0, 0, .. new byte[32]];
        Assert.True(CheckEveryOffset(code) >= 3);
    }
}
