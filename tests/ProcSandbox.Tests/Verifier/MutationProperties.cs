using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Iced.Intel;
using TenantDb.ProcSandbox.Compiler;
using TenantDb.ProcSandbox.Compiler.Verification;
using TenantDb.ProcSandbox.Runtime;
using TenantDb.ProcSandbox.Text;
using X86Instruction = Iced.Intel.Instruction;

namespace TenantDb.ProcSandbox.Tests.Verifier;

/// <summary>
/// Random byte mutations of compiled code of valid modules (code bytes and jump-table entries):
/// the verifier either rejects them with <see cref="CodeVerificationException"/> (never another
/// exception), or what it accepts satisfies the sandbox invariants as judged by an independent,
/// deliberately simple oracle in this file (recursive decode from the same entry points): no
/// forbidden instruction, no absolute or foreign-register address, no branch outside the code.
/// </summary>
public class MutationProperties
{
    private static readonly Lazy<MachineCode[]> s_corpus = new(BuildCorpus);

    private static MachineCode[] BuildCorpus()
    {
        var modules = new List<MachineCode>();
        foreach (string path in Directory.GetFiles(Frontend.RepoPaths.Kernels, "*.wat").Order(StringComparer.Ordinal))
        {
            modules.Add(ModuleCompiler.Compile(WatParser.ParseModule(File.ReadAllText(path)), new CompileOptions { VerifyCode = false }));
        }
        foreach (string name in new[] { "br_table.wast", "call_indirect.wast", "memory_grow.wast", "imports.wast", "globals.wast" })
        {
            var (_, module) = VerifierCorpus.SpecModules(name).First(m => m.Module.Functions.Count > 3);
            modules.Add(ModuleCompiler.Compile(module, new CompileOptions { VerifyCode = false }));
        }
        return [.. modules];
    }

    [Property(MaxTest = 400)]
    public void Mutated_code_is_rejected_or_still_satisfies_the_invariants(NonNegativeInt which, NonNegativeInt position, byte value, NonNegativeInt count, bool inTable)
    {
        var original = s_corpus.Value[which.Get % s_corpus.Value.Length];
        byte[] code = (byte[])original.Code.Clone();
        var tables = original.Layout.JumpTables;
        int mutations = 1 + (count.Get % 3);
        for (int i = 0; i < mutations; i++)
        {
            int at = inTable && tables.Count > 0
                ? tables[(position.Get + i) % tables.Count].Offset + ((position.Get >> 3) % Math.Max(tables[(position.Get + i) % tables.Count].Length, 1))
                : (position.Get * 7919 + i * 104729) % code.Length;
            code[at] = (byte)(value + 31 * i);
        }
        bool accepted;
        try
        {
            CodeVerifier.Verify(code, original.Layout);
            accepted = true;
        }
        catch (CodeVerificationException)
        {
            accepted = false;
        }
        if (accepted) Oracle.AssertInvariants(code, original.Layout);
    }

    [Fact]
    public void The_oracle_accepts_the_unmutated_corpus()
    {
        foreach (var machineCode in s_corpus.Value) Oracle.AssertInvariants(machineCode.Code, machineCode.Layout);
    }

    /// <summary>An independent, minimal statement of the invariants (no register flow: shapes only).</summary>
    private static class Oracle
    {
        private static readonly HashSet<Mnemonic> s_forbidden =
        [
            Mnemonic.Syscall, Mnemonic.Sysenter, Mnemonic.Int, Mnemonic.Int1, Mnemonic.Int3, Mnemonic.Into, Mnemonic.Hlt,
            Mnemonic.In, Mnemonic.Out, Mnemonic.Insb, Mnemonic.Insd, Mnemonic.Outsb, Mnemonic.Outsd, Mnemonic.Iretq,
            Mnemonic.Retf, Mnemonic.Cpuid, Mnemonic.Rdtsc, Mnemonic.Wrmsr, Mnemonic.Xbegin, Mnemonic.Ud2,
        ];

        private static readonly HashSet<Register> s_addressRegisters =
        [
            Register.R14, Register.R15, Register.RBP, Register.RSP, Register.R10, Register.R11,
            Register.RDI, Register.RSI, Register.RDX, Register.RIP,
        ];

        // r11 or the value register holding a just-computed i32 address (the register-flow pass proves either checked).
        private static readonly Register[] s_memoryIndexRegisters =
        [
            Register.R11, Register.RAX, Register.RCX, Register.RDX, Register.RSI, Register.RDI, Register.R8, Register.R9, Register.R12, Register.R13,
        ];

        public static void AssertInvariants(byte[] code, CodeLayout layout)
        {
            var seen = new HashSet<int>();
            var work = new Stack<int>(layout.Entries.Select(e => e.Offset));
            foreach (var table in layout.JumpTables)
            {
                for (int i = 0; i < table.EntryCount; i++) work.Push(table.Offset + BitConverter.ToInt32(code, table.Offset + 4 * i));
            }
            var reader = new ByteArrayCodeReader(code);
            var decoder = Decoder.Create(64, reader);
            while (work.Count > 0)
            {
                int offset = work.Pop();
                while (offset >= 0 && seen.Add(offset))
                {
                    Assert.InRange(offset, 0, code.Length - 1);
                    decoder.IP = (ulong)offset;
                    reader.Position = offset;
                    decoder.Decode(out X86Instruction ins);
                    Assert.False(ins.IsInvalid, $"accepted undecodable bytes at {offset:x}");
                    Assert.DoesNotContain(ins.Mnemonic, s_forbidden);
                    Assert.Equal(Register.None, ins.SegmentPrefix);
                    for (int i = 0; i < ins.OpCount; i++)
                    {
                        if (ins.GetOpKind(i) != OpKind.Memory) continue;
                        Assert.Contains(ins.MemoryBase, s_addressRegisters);
                        if (ins.MemoryBase == Register.R14 && ins.MemoryIndex == Register.None)
                        {
                            // A constant address: wholly below the memory's minimum size.
                            long d = (long)ins.MemoryDisplacement64;
                            Assert.True(d >= 0 && d + ins.MemorySize.GetSize() <= layout.MinimumMemoryBytes, $"unchecked constant address past the minimum size at {offset:x}");
                        }
                        else if (ins.MemoryBase == Register.R14)
                        {
                            Assert.Contains(ins.MemoryIndex, s_memoryIndexRegisters);
                        }
                    }
                    if (ins.FlowControl is FlowControl.IndirectBranch or FlowControl.IndirectCall && ins.Op0Kind == OpKind.Register)
                        Assert.Contains(ins.Op0Register, new[] { Register.R10, Register.R11, Register.RAX, Register.RCX });
                    if (ins.FlowControl is FlowControl.ConditionalBranch or FlowControl.UnconditionalBranch or FlowControl.Call)
                    {
                        Assert.True(ins.NearBranchTarget < (ulong)code.Length, $"accepted a branch outside the code at {offset:x}");
                        if (ins.FlowControl != FlowControl.Call) work.Push((int)ins.NearBranchTarget);
                    }
                    offset = ins.FlowControl is FlowControl.Next or FlowControl.ConditionalBranch or FlowControl.Call or FlowControl.IndirectCall
                        ? (int)ins.NextIP : -1;
                }
            }
        }
    }
}
