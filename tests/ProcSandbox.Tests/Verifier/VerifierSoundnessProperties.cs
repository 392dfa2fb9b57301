using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Iced.Intel;
using TenantDb.ProcSandbox.Compiler.Verification;
using static Iced.Intel.AssemblerRegisters;

namespace TenantDb.ProcSandbox.Tests.Verifier;

/// <summary>
/// What the verifier accepts cannot leave the sandbox: synthesized and mutated function bodies
/// (<see cref="VerifierSequenceSynthesizer"/>) go through the verifier; each accepted one is executed
/// by a concrete x86-64 emulation (<see cref="VerifierEmulator"/>) from several adversarial initial
/// states and CPU choices, which must finish without an access outside linear memory / frame /
/// context / jump tables, a #DE, a forged host-call argument or a stray indirect jump.
/// </summary>
public class VerifierSoundnessProperties(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int StatesPerProgram = 8;
    private const int MaxSteps = 400;

    private sealed record Outcome(bool Accepted, string? Violation, string Listing, int MemoryAccesses, int Divisions, string? Rejection);

    private static Outcome Check(int seed)
    {
        var random = new Random(seed);
        // A third of the programs keep the memory size in a register from the prologue on (as the compiler does in
        // functions with memory loops): r13, which the synthesized values never write, or rsi, which they do.
        AssemblerRegister64? limit = (seed % 6) switch { 0 => r13, 3 => rsi, _ => null };
        var module = new HandMadeModule(parameterCount: 2, limit);
        var (code, layout) = module.Build(m => new VerifierSequenceSynthesizer(m, random).Body());
        var claims = new VerifierClaims();
        try
        {
            CodeVerifier.Verify(code, layout, claims.Record);
        }
        catch (CodeVerificationException e)
        {
            return new Outcome(false, null, "", 0, 0, e.Reason);
        }
        var function = layout.Entries.First(e => e.Kind == CodeEntryKind.Function);
        int accesses = 0, divisions = 0;
        for (int run = 0; run < StatesPerProgram; run++)
        {
            var adversary = new Random(seed * 31 + run);
            var cpu = new CpuChoices(adversary.Next(2) == 0, adversary.Next(2) == 0, adversary.Next(2) == 0, adversary.Next(2) == 0);
            var emulator = new VerifierEmulator(code, layout, function, HandMadeModule.FrameBytes, adversary, cpu, claims);
            string? violation = emulator.Run(MaxSteps);
            accesses += emulator.MemoryAccesses;
            divisions += emulator.Divisions;
            if (violation is not null) return new Outcome(true, $"{violation} (run {run}, {cpu})", Listing(code, function.Offset), accesses, divisions, null);
        }
        return new Outcome(true, null, "", accesses, divisions, null);
    }

    private static string Listing(byte[] code, int from)
    {
        var decoder = Iced.Intel.Decoder.Create(64, new ByteArrayCodeReader(code, from, code.Length - from), (ulong)from);
        var text = new StringBuilder();
        while (decoder.IP < (ulong)code.Length)
        {
            decoder.Decode(out var instruction);
            text.Append($"{instruction.IP:X5}  {instruction}\n");
            if (instruction.IsInvalid) break;
        }
        return text.ToString();
    }

    [Property(MaxTest = 1000)]
    public Property Accepted_code_never_leaves_the_sandbox_in_emulation(DoNotSize<int> program)
    {
        int seed = program.Item; // unsized: plain int arguments stay within +-100 at FsCheck's default sizes
        var outcome = Check(seed);
        return (outcome.Violation is null).Label($"seed {seed}: {outcome.Violation}\n{outcome.Listing}")
            .Classify(outcome.Accepted, "accepted")
            .Classify(outcome.Divisions > 0, "divides");
    }

    [Fact]
    public void The_property_is_not_vacuous()
    {
        // Over a fixed range of seeds, enough programs are accepted and do what the property is about.
        int accepted = 0, withDivision = 0, accesses = 0;
        var reasons = new HashSet<string>();
        for (int seed = 0; seed < 400; seed++)
        {
            var outcome = Check(seed);
            Assert.True(outcome.Violation is null, $"seed {seed}: {outcome.Violation}\n{outcome.Listing}");
            if (!outcome.Accepted)
            {
                reasons.Add(outcome.Rejection!);
                continue;
            }
            accepted++;
            accesses += outcome.MemoryAccesses;
            if (outcome.Divisions > 0) withDivision++;
        }
        output.WriteLine($"{accepted} accepted, {withDivision} divide, {accesses} memory accesses, {reasons.Count} rejection reasons");
        foreach (string reason in reasons.Order()) output.WriteLine(reason);
        Assert.True(accepted >= 60, $"only {accepted} of 400 programs accepted");
        Assert.True(withDivision >= 10, $"only {withDivision} accepted programs divide");
        Assert.True(accesses >= 1000, $"only {accesses} memory accesses emulated");
        Assert.True(reasons.Count >= 10, $"rejections for only {reasons.Count} reasons: {string.Join("; ", reasons)}");
    }

    /// <summary>The oracle has teeth: the finding's sequences, which the verifier now rejects, do escape when run.</summary>
    [Theory]
    [InlineData("div-divisor")]
    [InlineData("bsf")]
    [InlineData("jump-table")]
    [InlineData("grow-rdi")]
    [InlineData("div-zero")]
    public void The_emulator_catches_the_escapes_the_verifier_rejects(string attack)
    {
        var module = new HandMadeModule(parameterCount: 2);
        var (code, layout) = module.Build(m => Attack(m, attack));
        Assert.Throws<CodeVerificationException>(() => CodeVerifier.Verify(code, layout));
        var function = layout.Entries.First(e => e.Kind == CodeEntryKind.Function);
        bool caught = false;
        for (int seed = 0; seed < 5000 && !caught; seed++)
        {
            var emulator = new VerifierEmulator(code, layout, function, HandMadeModule.FrameBytes, new Random(seed), new CpuChoices(false, true, true, true));
            caught = emulator.Run(MaxSteps) is not null;
        }
        Assert.True(caught, $"no adversarial state made the {attack} sequence escape in emulation");
    }

    private static void Attack(HandMadeModule m, string attack)
    {
        var a = m.Asm;
        switch (attack)
        {
            case "div-divisor":
                a.mov(rcx, __qword_ptr[rbp + 16]);
                a.test(ecx, ecx);
                a.je(m.TrapStub);
                a.mov(eax, esi);
                a.xor(edx, edx);
                a.div(ecx);
                a.add(rcx, 0x1_0000);
                a.mov(r11, rcx);
                a.cmp(r11, __qword_ptr[r15 + TenantDb.ProcSandbox.Runtime.Native.VmContextLayout.MemorySize]);
                a.ja(m.TrapStub);
                a.mov(eax, __dword_ptr[r14 + r11 - 0x1_0000]);
                break;
            case "bsf":
                a.mov(rcx, __qword_ptr[rbp + 16]);
                a.mov(eax, __dword_ptr[rbp + 24]);
                a.bsf(ecx, eax);
                a.add(rcx, 0x1_0000);
                a.mov(r11, rcx);
                a.cmp(r11, __qword_ptr[r15 + TenantDb.ProcSandbox.Runtime.Native.VmContextLayout.MemorySize]);
                a.ja(m.TrapStub);
                a.mov(eax, __dword_ptr[r14 + r11 - 0x1_0000]);
                break;
            case "jump-table":
            {
                Label[] targets = [a.CreateLabel(), a.CreateLabel()];
                var done = a.CreateLabel();
                var table = m.JumpTable(targets);
                a.mov(r10, __qword_ptr[rbp + 16]);
                a.mov(eax, __dword_ptr[rbp + 24]);
                a.bsf(r10d, eax);
                a.cmp(r10d, 2);
                a.jae(done);
                a.lea(r11, __[table]);
                a.movsxd(r10, __dword_ptr[r11 + r10 * 4]);
                a.add(r10, r11);
                a.jmp(r10);
                a.Label(ref targets[0]);
                a.nop();
                a.Label(ref targets[1]);
                a.nop();
                a.Label(ref done);
                a.nop();
                break;
            }
            case "grow-rdi":
                a.mov(esi, 1);
                a.mov(rdi, r14);
                a.mov(r12, rsp);
                a.and(rsp, -16);
                a.call(__qword_ptr[r15 + TenantDb.ProcSandbox.Runtime.Native.VmContextLayout.MemoryGrowFn]);
                a.mov(rsp, r12);
                break;
            default:
                a.mov(ecx, __dword_ptr[rbp + 16]);
                a.mov(eax, esi);
                a.xor(edx, edx);
                a.div(ecx);
                break;
        }
    }
}
