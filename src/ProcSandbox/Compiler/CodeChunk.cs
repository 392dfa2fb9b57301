using System.Buffers;
using TenantDb.ProcSandbox.Compiler.Verification;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>
/// SAFETY-CRITICAL (call and trap-exit displacements): the finished code of consecutive functions compiled
/// on their own, at offsets from 0, to be placed in the module's code at some base. Branches inside it
/// are relative and stay valid wherever it lands; each relocation is a 32-bit displacement, at
/// <c>At</c>, to a defined function (<c>Target</c> ≥ 0) or to the trap exit (<see cref="CodeBuffer.TrapExitTarget"/>),
/// written once every function's final offset is known. The verifier checks the result independently.
/// </summary>
/// <param name="Bytes">A pooled buffer (valid up to <paramref name="Length"/>), given back by <see cref="Release"/>.</param>
/// <param name="Length">Bytes of code.</param>
/// <param name="Relocations">Displacements to write once the chunk is placed (site in the chunk, target function or trap exit).</param>
/// <param name="JumpTables">The chunk's jump tables, at offsets in the chunk.</param>
/// <param name="FunctionOffsets">Offsets of the chunk's functions from its start, in function order.</param>
internal sealed record CodeChunk(byte[] Bytes, int Length, (int At, int Target)[] Relocations, JumpTableRange[] JumpTables, int[] FunctionOffsets)
{
    /// <summary>Gives the buffer back to the pool; the chunk is unusable afterwards.</summary>
    public void Release() => ArrayPool<byte>.Shared.Return(Bytes);
}
