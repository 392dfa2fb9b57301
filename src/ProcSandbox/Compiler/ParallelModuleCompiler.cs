using System.Buffers.Binary;
using System.Runtime.ExceptionServices;
using TenantDb.ProcSandbox.Compiler.Verification;
using TenantDb.ProcSandbox.Concurrency;
using TenantDb.ProcSandbox.Validation;

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
/// A failing function is reported as in a serial compile: the first in index order. A module not yet validated
/// has each body validated by the thread compiling it, just before (one pass over the chunks, no wait between
/// validation and code generation); its errors are those of validating the whole module first.
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
        // For a module validated as it is compiled, a failed compile does not stop the work: a later body may be
        // invalid, and that is the error to report. Compile errors are kept per chunk; chunks above the lowest
        // failed one are only validated.
        var compileErrors = new ExceptionDispatchInfo?[chunkCount];
        int lowestCompileError = int.MaxValue;
        // A chunk may be compiled twice (by a descheduled helper and by the caller, see ParallelWork): the
        // results are identical; the first published is used and the other run gives its buffer back.
        var work = ParallelWork<ChunkCompiler>.Run(chunkCount, threads, () => new ChunkCompiler(mc), (compiler, c) =>
        {
            bool compile = c < Volatile.Read(ref lowestCompileError);
            var chunk = compiler.Compile(chunkStarts[c], chunkStarts[c + 1], compile, out var error);
            if (error is not null)
            {
                ParallelWork<ChunkCompiler>.TryPublish(ref compileErrors[c], error);
                int seen = Volatile.Read(ref lowestCompileError);
                while (c < seen && Interlocked.CompareExchange(ref lowestCompileError, c, seen) != seen) seen = Volatile.Read(ref lowestCompileError);
            }
            if (chunk is not null && !ParallelWork<ChunkCompiler>.TryPublish(ref chunks[c], chunk)) chunk.Release();
        }, static compiler => compiler.Dispose(), rerunStragglers: true);
        try
        {
            helperAllocatedBytes = work.HelperAllocatedBytes;
            mc.Options.CancellationToken.ThrowIfCancellationRequested();
            work.ThrowIfFailed();
            if (mc.Unvalidated is not null) mc.Module.MarkValidated(mc.Unvalidated);
            foreach (var error in compileErrors) error?.Throw();
            instructions = 0;
            foreach (var chunk in chunks)
            {
                instructions += chunk!.Instructions;
                mc.StackWork += chunk.StackWork;
            }
            return Assemble(mc, boundaryLength, chunks, chunkStarts, jumpTables);
        }
        finally
        {
            for (int c = 0; c < chunks.Length; c++) Interlocked.Exchange(ref chunks[c], null)?.Release();
        }
    }

    /// <summary>Places the boundary code and the chunks in order and writes every relocation.</summary>
    private static byte[] Assemble(ModuleContext mc, int boundaryLength, CodeChunk?[] chunks, int[] chunkStarts, List<JumpTableRange> jumpTables)
    {
        // Every chunk starts at a multiple of the code alignment (nops before it), as in a compile on one thread.
        long total = boundaryLength;
        foreach (var chunk in chunks) total = ChunkStart(total) + chunk!.Length;
        if (total > Array.MaxLength) throw new InvalidOperationException("module code larger than an array");
        var bytes = new byte[total];
        mc.Code.Bytes.AsSpan(0, boundaryLength).CopyTo(bytes);
        var offsets = mc.FunctionOffsets;
        int at = boundaryLength;
        for (int c = 0; c < chunks.Length; c++)
        {
            var chunk = chunks[c]!;
            int start = (int)ChunkStart(at);
            bytes.AsSpan(at, start - at).Fill(CodeBuffer.Nop);
            at = start;
            chunk.Bytes.AsSpan(0, chunk.Length).CopyTo(bytes.AsSpan(at));
            for (int i = 0; i < chunk.FunctionOffsets.Length; i++) offsets[chunkStarts[c] + i] = at + chunk.FunctionOffsets[i];
            foreach (var table in chunk.JumpTables) jumpTables.Add(table with { Offset = at + table.Offset });
            at += chunk.Length;
        }
        at = boundaryLength;
        foreach (var chunk in chunks)
        {
            at = (int)ChunkStart(at);
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

    /// <summary>Where a chunk placed after <paramref name="end"/> bytes starts.</summary>
    private static long ChunkStart(long end) => (end + CodeBuffer.CodeAlignment - 1) & -CodeBuffer.CodeAlignment;

    /// <summary>One thread's function compiler (and body validator, for a module validated as it is compiled), reused for every chunk the thread compiles; released by that thread.</summary>
    private sealed class ChunkCompiler : IDisposable
    {
        private readonly ModuleContext _module;
        private readonly FunctionBodyValidator? _validator;
        private ModuleContext _mc;
        private X64Assembler _asm;
        private FunctionCompiler _compiler;

        public ChunkCompiler(ModuleContext module)
        {
            _module = module;
            if (module.Unvalidated is not null) _validator = new FunctionBodyValidator(module.Module, module.Unvalidated);
            (_mc, _asm, _compiler) = Create(module);
        }

        private static (ModuleContext, X64Assembler, FunctionCompiler) Create(ModuleContext module)
        {
            var mc = new ModuleContext(module, ModuleContext.EstimateCodeBytes(ChunkWasmBytes));
            var asm = new X64Assembler(mc.Code);
            return (mc, asm, new FunctionCompiler(mc, new MacroAssembler(asm)));
        }

        /// <summary>
        /// Validates (when the module is not validated yet) and compiles defined functions [<paramref name="first"/>,
        /// <paramref name="end"/>) into a chunk of their own. Validation errors and cancellation are thrown. When
        /// validating, a compile error is returned in <paramref name="compileError"/> instead (with no chunk) and the
        /// remaining bodies are still validated; so are all of them when <paramref name="compile"/> is false.
        /// </summary>
        public CodeChunk? Compile(int first, int end, bool compile, out ExceptionDispatchInfo? compileError)
        {
            var cancellation = _mc.Options.CancellationToken;
            int instructionsBefore = _asm.InstructionCount;
            long stackWorkBefore = _mc.StackWork;
            var offsets = new int[end - first];
            long wasmBytes = 0;
            compileError = null;
            for (int i = first; i < end; i++)
            {
                cancellation.ThrowIfCancellationRequested();
                if (_validator is not null) WasmValidator.ValidateBody(_validator, _mc.Module, i);
                if (!compile) continue;
                try
                {
                    offsets[i - first] = _compiler.Compile(i);
                }
                catch (Exception error) when (_validator is not null && error is not OperationCanceledException)
                {
                    compileError = ExceptionDispatchInfo.Capture(error);
                    compile = false;
                    // The buffer holds part of a function: start the next chunk with fresh state.
                    _mc.Code.Dispose();
                    (_mc, _asm, _compiler) = Create(_module);
                }
                wasmBytes += _mc.Module.Bodies[i].Code.Length;
            }
            if (!compile) return null;
            // Offsets of this chunk's functions are local to it: calls from a later chunk must not see them.
            Array.Fill(_mc.FunctionOffsets, -1, first, end - first);
            return _mc.Code.TakeChunk(offsets, ModuleContext.EstimateCodeBytes(wasmBytes)) with
            {
                Instructions = _asm.InstructionCount - instructionsBefore,
                StackWork = _mc.StackWork - stackWorkBefore,
            };
        }

        public void Dispose() => _mc.Code.Dispose();
    }
}
