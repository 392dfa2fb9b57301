using X86Instruction = Iced.Intel.Instruction;
using Iced.Intel;

namespace TenantDb.ProcSandbox.Compiler.Verification;

/// <summary>
/// SAFETY-CRITICAL. The boundary code (entry trampoline, trap exit, host adapters) is the same for
/// every module, and it legitimately does what function code may not (switch r15/r14, restore rsp
/// from the context, call the host's code pointer). Rather than special-casing those moves, its
/// bytes are pinned: after masking what varies (branch displacements, normalised to their targets
/// relative to the region, and an adapter's import index, which must be the adapter's own import) they
/// must equal the audited copy below.
/// A deliberate change of Trampolines.cs must re-pin them (the failure message prints the new text).
/// </summary>
internal sealed class BoundaryCode(CodeMap map)
{
    /// <summary>Entry trampoline followed by the trap exit, normalised.</summary>
    internal const string PinnedEntry =
        "554889E55341544155415641575257FF7728FF77204883EC084989FF4D8B37498967284889E0492B4730498B57604839D0480F42C2498947204D85C0"
        + "B72E014800000042FF74C6F849FFC8B736013E000000FFD1488B55D0488902660FD6420831C0488B7DC8488B4DC048894F28488B4DB848894F20488D"
        + "65D8415F415E415D415C5B5DC3498B6728488D6C2450B7340158000000";

    /// <summary>One host adapter, normalised (import index zeroed).</summary>
    internal const string PinnedAdapter =
        "554889E54883EC104883E4F04C89FFBE00000000488D5510488D4DF041FF574885C0B73601FFFFFFFF488B45F066480F6EC0C9C3";

    private readonly Dictionary<int, List<byte>> _regions = [];

    /// <summary>Adds one decoded instruction of a boundary region, normalised.</summary>
    public void Add(int region, in X86Instruction instruction)
    {
        if (!_regions.TryGetValue(region, out var bytes)) _regions[region] = bytes = [];
        int at = (int)instruction.IP;
        if (instruction.Op0Kind == OpKind.NearBranch64)
        {
            // Branch: mnemonic and target (relative to the region, or the trap exit), whatever the encoding width.
            int target = (int)instruction.NearBranchTarget;
            int entry = map.EntryAt(target);
            int normalised = entry >= 0 && map.Entry(entry).Kind == CodeEntryKind.TrapExit ? -1 : target - map.Entry(region).Offset;
            bytes.Add(0xB7);
            bytes.Add((byte)instruction.Mnemonic);
            bytes.Add((byte)((int)instruction.Mnemonic >> 8));
            for (int i = 0; i < 4; i++) bytes.Add((byte)(normalised >> (8 * i)));
            return;
        }
        int start = bytes.Count;
        for (int i = 0; i < instruction.Length; i++) bytes.Add(map.Code[at + i]);
        if (map.RegionKind(region) == CodeEntryKind.HostAdapter && instruction.Code == Code.Mov_r32_imm32 && instruction.Op0Register == Register.ESI)
        {
            // The host's second argument: the import whose parameters it reads from [rbp+16]. The caller pushed
            // the parameters of the import slot it called through, which the runtime fills with this adapter.
            int import = map.Entry(region).Import;
            if (import < 0 || import >= map.Layout.ImportParameterCounts.Length || instruction.Immediate32 != (uint)import)
                map.Fail(at, $"host adapter passes import index {instruction.Immediate32} to the host, not its own import {import}");
            for (int i = 0; i < 4; i++) bytes[start + instruction.Length - 4 + i] = 0;
        }
    }

    /// <summary>Every boundary region must match its pinned copy.</summary>
    public void Verify()
    {
        foreach (var (region, bytes) in _regions)
        {
            var kind = map.RegionKind(region);
            string actual = Convert.ToHexString([.. bytes]);
            string expected = kind == CodeEntryKind.HostAdapter ? PinnedAdapter : PinnedEntry;
            if (actual != expected)
                map.Fail(map.Entry(region).Offset, $"{kind} boundary code differs from the audited copy pinned in {nameof(BoundaryCode)} (normalised: {actual})");
        }
    }
}
