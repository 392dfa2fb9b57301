using Iced.Intel;
using TenantDb.ProcSandbox.Compiler.Verification;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>
/// The module's machine code as it is assembled, one group of functions after another: a growable
/// byte buffer Iced writes into, and the fix-ups the macro-assembler records while emitting a group
/// (patch points for frame sizes, raw branches to the trap exit and between functions, jump tables),
/// applied once the group's instruction offsets are known.
/// </summary>
internal sealed class CodeBuffer(int initialCapacity) : CodeWriter
{
    /// <summary>The target of a raw branch to the trap exit (function targets are defined-function indices).</summary>
    public const int TrapExitTarget = -1;

    private byte[] _bytes = new byte[Math.Max(initialCapacity, 256)];
    private readonly List<(Label Table, Label[] Targets)> _jumpTables = [];
    private readonly List<(int InstructionIndex, int FrameBytes)> _framePatches = [];
    private readonly List<(int InstructionIndex, int Target)> _branchPatches = [];
    private readonly List<(int CodeOffset, int Target)> _forwardCalls = [];

    /// <summary>Bytes written so far: the offset the next group starts at.</summary>
    public int Length { get; private set; }

    /// <summary>Code offset of the group being assembled.</summary>
    public int GroupStart { get; private set; }

    /// <summary>The bytes written so far (valid up to <see cref="Length"/>), for patching.</summary>
    public Span<byte> Written => _bytes.AsSpan(0, Length);

    public override void WriteByte(byte value)
    {
        if (Length == _bytes.Length) Array.Resize(ref _bytes, 2 * _bytes.Length);
        _bytes[Length++] = value;
    }

    public byte[] ToArray() => _bytes.AsSpan(0, Length).ToArray();

    /// <summary>A prologue <c>sub rsp, imm32</c> (by instruction index in the group) whose frame size is known only at the function's end.</summary>
    public void AddFramePatch(int instructionIndex, int frameBytes) => _framePatches.Add((instructionIndex, frameBytes));

    /// <summary>A raw rel32 branch (by instruction index) to the trap exit or to a defined function.</summary>
    public void AddRawBranch(int instructionIndex, int target) => _branchPatches.Add((instructionIndex, target));

    /// <summary>A br_table jump table: its label and one target label per entry.</summary>
    public void AddJumpTable(Label table, Label[] targets) => _jumpTables.Add((table, targets));

    /// <summary>Forgets the previous group's fix-ups; the next group starts at the current end.</summary>
    public void StartGroup()
    {
        GroupStart = Length;
        _jumpTables.Clear();
        _framePatches.Clear();
        _branchPatches.Clear();
    }

    /// <summary>
    /// Applies the group's fix-ups after Iced assembled it: frame sizes, jump tables (appended to
    /// <paramref name="tables"/>) and raw branches to the trap exit and to functions already placed;
    /// calls to functions placed later wait for <see cref="PatchForwardCalls"/>.
    /// </summary>
    public void PatchGroup(AssemblerResult result, int[] functionOffsets, int trapExitOffset, List<JumpTableRange> tables)
    {
        var offsets = result.Result[0].NewInstructionOffsets;
        var code = Written;
        foreach (var (index, frameBytes) in _framePatches)
        {
            // The prologue's sub rsp, imm32 is encoded 48 81 EC imm32.
            int at = GroupStart + (int)offsets[index];
            if (code[at] != 0x48 || code[at + 1] != 0x81 || code[at + 2] != 0xEC)
                throw new InvalidOperationException("prologue frame instruction not found where expected");
            BitConverter.TryWriteBytes(code.Slice(at + 3, 4), frameBytes);
        }
        foreach (var (table, targets) in _jumpTables)
        {
            // Entries are 32-bit offsets of their targets from the table start.
            long tableAddress = (long)result.GetLabelRIP(table);
            for (int i = 0; i < targets.Length; i++)
            {
                int delta = checked((int)((long)result.GetLabelRIP(targets[i]) - tableAddress));
                BitConverter.TryWriteBytes(code.Slice((int)tableAddress + 4 * i, 4), delta);
            }
            tables.Add(new((int)tableAddress, targets.Length));
        }
        foreach (var (index, target) in _branchPatches)
        {
            // E8/E9 followed by four zero bytes.
            int at = GroupStart + (int)offsets[index];
            if (code[at] is not (0xE8 or 0xE9)) throw new InvalidOperationException("raw branch not found where expected");
            int destination = target == TrapExitTarget ? trapExitOffset : functionOffsets[target];
            if (destination < 0) _forwardCalls.Add((at, target));
            else WriteRel32(code, at, destination);
        }
    }

    /// <summary>Fills the calls to functions that were not yet placed when their caller's group was patched.</summary>
    public void PatchForwardCalls(int[] functionOffsets)
    {
        var code = Written;
        foreach (var (at, target) in _forwardCalls) WriteRel32(code, at, functionOffsets[target]);
    }

    private static void WriteRel32(Span<byte> code, int at, int destination) =>
        BitConverter.TryWriteBytes(code.Slice(at + 1, 4), destination - (at + 5));
}
