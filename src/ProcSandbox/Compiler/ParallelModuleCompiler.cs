using System.Buffers.Binary;
using TenantDb.ProcSandbox.Compiler.Verification;
using TenantDb.ProcSandbox.Concurrency;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>
/// SAFETY-CRITICAL (function placement, call and trap-exit displacements): compiles a module's functions
/// on several threads and assembles the same bytes a serial compile writes. The functions are cut into
/// chunks of consecutive functions (by wasm body size, independent of the thread count); each thread
/// compiles whole chunks, each into a buffer of its own starting at offset 0 (<see cref="CodeChunk"/>).
/// A function's code depends only on the function: branches inside it are relative, calls and trap-exit
/// jumps are rel32 whatever the distance. So placing the chunks one after another, in function order,
/// after the boundary code, and writing the relocations (calls out of the chunk, jumps to the trap exit)
/// gives exactly the serial layout, which a test compares byte for byte.
/// A failing function is reported as in a serial compile: the first in index order.
/// </summary>
internal static class ParallelModuleCompiler
{
    /// <summary>Wasm body bytes per chunk: small enough to share the work evenly, large enough that a chunk's overhead (a buffer, a few arrays) is noise.</summary>
    internal const int ChunkWasmBytes = 24 * 1024;

    /// <summary>
    /// Compiles every defined function after the boundary code already in <paramref name="mc"/>'s buffer
    /// (<paramref name="boundaryLength"/> bytes) and returns the module's code; fills
    /// <see cref="ModuleContext.FunctionOffsets"/> and adds the functions' jump tables to <paramref name="jumpTables"/>.
    /// </summary>
    public static byte[] Compile(ModuleContext mc, int boundaryLength, int[] chunkStarts, int threads, List<JumpTableRange> jumpTables, out int instructions, out long helperAllocatedBytes)
    {
        int chunkCount = chunkStarts.Length - 1;
        var chunks = new CodeChunk?[chunkCount];
        var work = ParallelWork<ChunkCompiler>.Run(chunkCount, threads, () => new ChunkCompiler(mc), (compiler, c) =>
        {
            chunks[c] = compiler.Compile(chunkStarts[c], chunkStarts[c + 1]);
        });
        try
        {
            helperAllocatedBytes = work.HelperAllocatedBytes;
            mc.Options.CancellationToken.ThrowIfCancellationRequested();
            work.ThrowIfFailed();
            instructions = 0;
            foreach (var compiler in work.Workers)
            {
                instructions += compiler.Instructions;
                mc.StackWork += compiler.StackWork;
            }
            return Assemble(mc, boundaryLength, chunks, chunkStarts, jumpTables);
        }
        finally
        {
            foreach (var compiler in work.Workers) compiler.Dispose();
            foreach (var chunk in chunks) chunk?.Release();
        }
    }

    /// <summary>Places the boundary code and the chunks in order and writes every relocation.</summary>
    private static byte[] Assemble(ModuleContext mc, int boundaryLength, CodeChunk?[] chunks, int[] chunkStarts, List<JumpTableRange> jumpTables)
    {
        long total = boundaryLength;
        foreach (var chunk in chunks) total += chunk!.Length;
        if (total > Array.MaxLength) throw new InvalidOperationException("module code larger than an array");
        var bytes = new byte[total];
        mc.Code.Bytes.AsSpan(0, boundaryLength).CopyTo(bytes);
        var offsets = mc.FunctionOffsets;
        int at = boundaryLength;
        for (int c = 0; c < chunks.Length; c++)
        {
            var chunk = chunks[c]!;
            chunk.Bytes.AsSpan(0, chunk.Length).CopyTo(bytes.AsSpan(at));
            for (int i = 0; i < chunk.FunctionOffsets.Length; i++) offsets[chunkStarts[c] + i] = at + chunk.FunctionOffsets[i];
            foreach (var table in chunk.JumpTables) jumpTables.Add(table with { Offset = at + table.Offset });
            at += chunk.Length;
        }
        at = boundaryLength;
        foreach (var chunk in chunks)
        {
            foreach (var (site, target) in chunk!.Relocations)
            {
                int position = at + site;
                int destination = target == CodeBuffer.TrapExitTarget ? mc.TrapExitOffset : offsets[target];
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(position), destination - (position + 4));
            }
            at += chunk.Length;
        }
        return bytes;
    }

    /// <summary>One thread's function compiler, reused for every chunk the thread compiles.</summary>
    private sealed class ChunkCompiler : IDisposable
    {
        private readonly ModuleContext _mc;
        private readonly X64Assembler _asm;
        private readonly FunctionCompiler _compiler;

        public ChunkCompiler(ModuleContext module)
        {
            _mc = new ModuleContext(module, ModuleContext.EstimateCodeBytes(ChunkWasmBytes));
            _asm = new X64Assembler(_mc.Code);
            _compiler = new FunctionCompiler(_mc, new MacroAssembler(_asm));
        }

        public int Instructions => _asm.InstructionCount;
        public long StackWork => _mc.StackWork;

        /// <summary>Compiles defined functions [<paramref name="first"/>, <paramref name="end"/>) into a chunk of their own.</summary>
        public CodeChunk Compile(int first, int end)
        {
            var cancellation = _mc.Options.CancellationToken;
            var offsets = new int[end - first];
            long wasmBytes = 0;
            for (int i = first; i < end; i++)
            {
                cancellation.ThrowIfCancellationRequested();
                offsets[i - first] = _compiler.Compile(i);
                wasmBytes += _mc.Module.Bodies[i].Code.Length;
            }
            // Offsets of this chunk's functions are local to it: calls from a later chunk must not see them.
            Array.Fill(_mc.FunctionOffsets, -1, first, end - first);
            return _mc.Code.TakeChunk(offsets, ModuleContext.EstimateCodeBytes(wasmBytes));
        }

        public void Dispose() => _mc.Code.Dispose();
    }
}
