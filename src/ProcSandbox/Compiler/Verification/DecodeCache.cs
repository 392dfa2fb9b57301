using System.Buffers.Binary;
using Iced.Intel;
using X86Instruction = Iced.Intel.Instruction;

namespace TenantDb.ProcSandbox.Compiler.Verification;

/// <summary>
/// SAFETY-CRITICAL. Remembers what Iced decoded from a byte sequence, so that the same bytes met again (generated code
/// repeats the same frame loads, stores and register moves thousands of times) are not decoded again. Decoding is a
/// function of the bytes the decoder consumes and of the instruction's address: an entry is reused only when the
/// bytes at the new address equal, over the entry's whole length, the bytes Iced consumed for it, and only for
/// instructions whose decoding does not depend on the address (no branch, no RIP-relative operand), whose address is
/// then set to the new one. An entry is added only after the instruction passed the per-instruction rules
/// (<see cref="InstructionRules.CheckStateless"/>), which depend on nothing else, so a hit needs no new check.
/// A cache is used by one <see cref="CodeMap"/> at a time (<see cref="Rent"/>, <see cref="Return"/>) and starts empty
/// for each. Direct-mapped: a collision replaces the entry.
/// </summary>
internal sealed class DecodeCache
{
    /// <summary>The calling thread's spare cache (about 230 KB, kept for the thread's next verification).</summary>
    [ThreadStatic]
    private static DecodeCache? t_spare;

    private const int SlotBits = 12;
    private const int Slots = 1 << SlotBits;
    /// <summary>Bytes read at an address to look it up (the longest instruction and then some must be readable).</summary>
    private const int Window = 16;

    /// <summary>Per slot: the instruction's bytes 0-7 and 8-15, zero beyond its length.</summary>
    private readonly ulong[] _low = new ulong[Slots];
    private readonly ulong[] _high = new ulong[Slots];
    /// <summary>Per slot: the instruction's length; 0 for an empty slot.</summary>
    private readonly byte[] _lengths = new byte[Slots];
    private readonly X86Instruction[] _decoded = new X86Instruction[Slots];

    /// <summary>An empty cache for one map: the thread's spare if it has one.</summary>
    public static DecodeCache Rent()
    {
        var cache = t_spare ?? new DecodeCache();
        t_spare = null;
        Array.Clear(cache._lengths);
        return cache;
    }

    /// <summary>Keeps <paramref name="cache"/> as the calling thread's spare.</summary>
    public static void Return(DecodeCache cache) => t_spare = cache;

    /// <summary>
    /// Fills <paramref name="instruction"/> with what Iced decodes at <paramref name="offset"/> of
    /// <paramref name="code"/> if those bytes were decoded before and passed the per-instruction rules; false if not.
    /// </summary>
    public bool TryGet(byte[] code, int offset, ref X86Instruction instruction)
    {
        if (offset < 0 || offset > code.Length - Window) return false;
        ulong low = BinaryPrimitives.ReadUInt64LittleEndian(code.AsSpan(offset));
        ulong high = BinaryPrimitives.ReadUInt64LittleEndian(code.AsSpan(offset + 8));
        int slot = Slot(low);
        int length = _lengths[slot];
        if (length == 0) return false;
        if (length <= 8)
        {
            if ((low & Mask(length)) != _low[slot]) return false;
        }
        else if (low != _low[slot] || (high & Mask(length - 8)) != _high[slot])
        {
            return false;
        }
        instruction = _decoded[slot];
        instruction.IP = (ulong)offset;
        return true;
    }

    /// <summary>
    /// Remembers <paramref name="instruction"/>, which Iced decoded at its address in <paramref name="code"/> and which
    /// passed the per-instruction rules, unless its decoding depends on its address.
    /// </summary>
    public void Add(byte[] code, in X86Instruction instruction)
    {
        int offset = (int)instruction.IP;
        int length = instruction.Length;
        if (offset < 0 || offset > code.Length - Window || length is <= 0 or > 15 || DependsOnAddress(instruction)) return;
        ulong low = BinaryPrimitives.ReadUInt64LittleEndian(code.AsSpan(offset));
        ulong high = BinaryPrimitives.ReadUInt64LittleEndian(code.AsSpan(offset + 8));
        int slot = Slot(low);
        _low[slot] = length <= 8 ? low & Mask(length) : low;
        _high[slot] = length <= 8 ? 0 : high & Mask(length - 8);
        _lengths[slot] = (byte)length;
        _decoded[slot] = instruction;
    }

    /// <summary>Branch targets and RIP-relative addresses are stored as absolute addresses: such entries would not carry over.</summary>
    internal static bool DependsOnAddress(in X86Instruction instruction)
    {
        if (instruction.IsIPRelativeMemoryOperand) return true;
        for (int i = 0; i < instruction.OpCount; i++)
        {
            if (instruction.GetOpKind(i) is OpKind.NearBranch16 or OpKind.NearBranch32 or OpKind.NearBranch64
                or OpKind.FarBranch16 or OpKind.FarBranch32)
                return true;
        }
        return false;
    }

    /// <summary>The slot of an instruction, from its first four bytes (prefix, REX, opcode, ModRM of most forms).</summary>
    private static int Slot(ulong firstBytes) => (int)(((uint)firstBytes * 0x9E3779B1u) >> (32 - SlotBits));

    /// <summary>The low <paramref name="bytes"/> bytes (1 to 8) of a little-endian word.</summary>
    private static ulong Mask(int bytes) => bytes >= 8 ? ulong.MaxValue : (1UL << (8 * bytes)) - 1;
}
