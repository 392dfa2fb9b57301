using Iced.Intel;
using TenantDb.ProcSandbox.Binary;
using TenantDb.ProcSandbox.Module;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>
/// Picks the locals that live in registers for a whole function: in a body with loops, the integer and
/// float locals read or written most inside loops (each use weighted by its loop depth) get the registers
/// of <see cref="X64.LocalGprs"/> and <see cref="X64.LocalXmms"/>, and a body whose loops load or store
/// keeps the memory size in <see cref="X64.MemoryLimit"/>. A body without loops keeps every local in its
/// frame cell: there the register copy would only add saves and reloads around calls.
/// The scan is one extra read of the body, without allocation (the counters are reused).
/// </summary>
internal sealed class LoopLocals
{
    private const int MaxLocals = 4096; // only the first locals compete: a body with more keeps the rest in memory
    private long[] _weights = new long[64];

    /// <summary>The most the memory limit may hold below the memory size: the widest scalar access (the verifier's bound too).</summary>
    private const int MaxLimitSlack = 8;

    /// <summary>
    /// Fills <paramref name="frame"/>'s pinned locals for <paramref name="body"/>; <paramref name="minimumMemoryBytes"/> is the
    /// smallest size the memory can have while the code runs (its declared minimum), which bounds the limit's slack.
    /// </summary>
    public void Choose(Frame frame, FunctionBody body, long minimumMemoryBytes)
    {
        frame.ClearPinned();
        int locals = Math.Min(frame.LocalCount, MaxLocals);
        // The decoder saw no loop; else no 0x03 byte anywhere means no loop opcode (a vectorised search, far cheaper than reading the body).
        if (locals == 0 || !body.MayHaveLoop || !body.Code.Span.Contains((byte)Opcode.Loop)) return;
        if (_weights.Length < locals) _weights = new long[Math.Max(locals, 2 * _weights.Length)];
        Array.Clear(_weights, 0, locals);
        var reader = new InstructionReader(body.Code.Span, body.CodeOffset);
        // Loop depth per open block, as a bit stack: bit d set when block d is a loop.
        int depth = 0, loopDepth = 0;
        ulong loops = 0;
        bool anyLoop = false, memoryInLoop = false;
        ulong smallestReach = MaxLimitSlack;
        while (reader.HasMore)
        {
            var ins = reader.Read();
            switch (ins.Opcode)
            {
                case Opcode.Block or Opcode.If:
                    if (depth < 64) loops &= ~(1UL << depth);
                    depth++;
                    break;
                case Opcode.Loop:
                    if (depth < 64)
                    {
                        loops |= 1UL << depth;
                        loopDepth++;
                    }
                    depth++;
                    anyLoop = true;
                    break;
                case Opcode.End:
                    if (depth == 0) break;
                    depth--;
                    if (depth < 64 && (loops & (1UL << depth)) != 0) loopDepth--;
                    break;
                case Opcode.LocalGet or Opcode.LocalSet or Opcode.LocalTee:
                    if (loopDepth > 0 && ins.Index < (uint)locals) _weights[ins.Index] += 1L << Math.Min(3 * loopDepth, 30);
                    break;
                case >= Opcode.I32Load and <= Opcode.I64Store32:
                    if (loopDepth > 0) memoryInLoop = true;
                    smallestReach = Math.Min(smallestReach, ins.MemoryOffset + (ulong)MemoryAccess.Size(ins.Opcode));
                    break;
            }
        }
        if (!anyLoop) return;
        PickBest(frame, locals, isFloat: false, X64.LocalGprs);
        PickBest(frame, locals, isFloat: true, X64.LocalXmms);
        // With five pinned locals and the limit the value stack keeps rcx, rax, rdx (enough: see Divide).
        if (!memoryInLoop) return;
        frame.MemoryLimit = X64.MemoryLimit;
        // Every access of the body reaches at least this far past its address, so the limit may hold the size less this much
        // (never below zero: the memory is always at least its minimum) and the accesses reaching exactly that skip an addition.
        if ((long)smallestReach <= minimumMemoryBytes) frame.MemoryLimitSlack = (int)smallestReach;
    }

    /// <summary>Pins the heaviest locals of the class to <paramref name="registers"/> in order.</summary>
    private void PickBest(Frame frame, int locals, bool isFloat, Register[] registers)
    {
        foreach (var register in registers)
        {
            int best = -1;
            for (int i = 0; i < locals; i++)
            {
                if (_weights[i] == 0 || X64.IsFloat(frame.LocalType((uint)i)) != isFloat) continue;
                if (best < 0 || _weights[i] > _weights[best]) best = i;
            }
            if (best < 0) break;
            frame.Pin(best, register);
            _weights[best] = 0;
        }
    }
}
