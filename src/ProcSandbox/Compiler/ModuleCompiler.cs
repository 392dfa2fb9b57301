using System.Runtime.ExceptionServices;
using TenantDb.ProcSandbox.Compiler.Verification;
using TenantDb.ProcSandbox.Concurrency;
using TenantDb.ProcSandbox.Module;
using TenantDb.ProcSandbox.Runtime;
using TenantDb.ProcSandbox.Runtime.Native;
using TenantDb.ProcSandbox.Validation;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>
/// Compiles a whole validated module into one position-independent buffer: the entry trampoline
/// and trap exit, one adapter per imported function, then every module-defined function. Each
/// function is written as bytes straight into the pooled <see cref="CodeBuffer"/> and finished
/// (branches sized, fix-ups applied) as soon as it is compiled, so the compiler's working memory is
/// that of the largest function plus the code; calls to functions placed later are patched at the end.
/// With more than one thread and enough code, <see cref="ParallelModuleCompiler"/> compiles chunks of
/// functions at once and places them in the same order, to the same bytes. The result is checked by the independent <see cref="CodeVerifier"/> before anyone can run it.
/// </summary>
internal static class ModuleCompiler
{
    /// <summary>
    /// Compiles <paramref name="module"/>. A module not yet validated is validated here: everything but the bodies
    /// first, then each body just before it is compiled (on the thread compiling it), and the module is marked
    /// validated once every body has passed. Errors are those of validating first: the first invalid body in index
    /// order if any, else the first function that failed to compile.
    /// </summary>
    public static MachineCode Compile(WasmModule module, CompileOptions options) =>
        Compile(module, options, module.IsValidated ? null : WasmValidator.ValidateModule(module));

    /// <summary>As <see cref="Compile(WasmModule, CompileOptions)"/>, <paramref name="unvalidated"/> being the index spaces <see cref="WasmValidator.ValidateModule"/> returned for a module whose bodies are not validated yet.</summary>
    public static MachineCode Compile(WasmModule module, CompileOptions options, IndexSpaces? unvalidated)
    {
        if (module.Bodies.Count != module.Functions.Count) throw new ArgumentException("module has not been validated: body count differs from function count");
        options.CancellationToken.ThrowIfCancellationRequested();
        var mc = new ModuleContext(module, options, unvalidated);
        using var code = mc.Code;
        var asm = new X64Assembler(code);
        var functionOffsets = mc.FunctionOffsets;

        code.StartFunction();
        var entry = asm.CreateLabel();
        var trapExit = asm.CreateLabel();
        Trampolines.EmitEntry(asm, entry, trapExit);
        var adapters = new CodeLabel[mc.ImportedFunctionCount];
        for (int i = 0; i < adapters.Length; i++)
        {
            adapters[i] = asm.CreateLabel();
            Trampolines.EmitHostAdapter(asm, adapters[i], i, trapExit);
        }
        code.FinishFunction(functionOffsets, trapExitOffset: 0);
        int entryOffset = code.LabelOffset(entry);
        mc.TrapExitOffset = code.LabelOffset(trapExit);
        var adapterOffsets = new int[adapters.Length];
        for (int i = 0; i < adapters.Length; i++) adapterOffsets[i] = code.LabelOffset(adapters[i]);

        int threads = options.Threads > 0 ? options.Threads : Environment.ProcessorCount;
        var chunkStarts = BodyChunks.Partition(module.Bodies, options.ChunkWasmBytes);
        byte[] bytes;
        var jumpTables = code.JumpTables;
        int instructions = asm.InstructionCount;
        long helperAllocated = 0;
        if (threads > 1 && chunkStarts.Length > 2)
        {
            bytes = ParallelModuleCompiler.Compile(mc, code.Length, chunkStarts, threads, jumpTables, out int functionInstructions, out helperAllocated);
            instructions += functionInstructions;
        }
        else
        {
            var compiler = new FunctionCompiler(mc, new MacroAssembler(asm));
            var validator = unvalidated is null ? null : new FunctionBodyValidator(module, unvalidated);
            ExceptionDispatchInfo? compileError = null;
            int nextChunk = 0;
            for (int i = 0; i < module.Functions.Count; i++)
            {
                options.CancellationToken.ThrowIfCancellationRequested();
                // Where a chunk starts when compiled apart, aligned as ParallelModuleCompiler places it: the same code.
                if (chunkStarts[nextChunk] == i)
                {
                    code.PadToCodeAlignment();
                    nextChunk++;
                }
                if (validator is not null) WasmValidator.ValidateBody(validator, module, i);
                if (compileError is not null) continue;
                try
                {
                    functionOffsets[i] = compiler.Compile(i);
                }
                catch (Exception error) when (validator is not null && error is not OperationCanceledException)
                {
                    // A later body may be invalid, which is the error to report: keep validating, stop compiling.
                    compileError = ExceptionDispatchInfo.Capture(error);
                }
            }
            if (unvalidated is not null) module.MarkValidated(unvalidated);
            compileError?.Throw();
            code.PatchForwardCalls(functionOffsets);
            bytes = code.ToArray();
            instructions = asm.InstructionCount;
        }

        var machineCode = new MachineCode(bytes, entryOffset, functionOffsets, adapterOffsets)
        {
            Layout = DescribeLayout(mc, entryOffset, jumpTables, functionOffsets, adapterOffsets),
            StackWork = mc.StackWork,
            InstructionCount = instructions,
        };
        if (options.VerifyCode) helperAllocated += CodeVerifier.Verify(bytes, machineCode.Layout, threads).HelperAllocatedBytes;
        return machineCode with { HelperAllocatedBytes = helperAllocated };
    }

    /// <summary>What the independent verifier is told: entry points, jump tables and the context layout; nothing else.</summary>
    private static CodeLayout DescribeLayout(ModuleContext mc, int entry, List<JumpTableRange> tables, int[] functionOffsets, int[] adapterOffsets)
    {
        var entries = new List<CodeEntry>(2 + adapterOffsets.Length + functionOffsets.Length)
        {
            new(entry, CodeEntryKind.HostEntry),
            new(mc.TrapExitOffset, CodeEntryKind.TrapExit),
        };
        for (int i = 0; i < adapterOffsets.Length; i++) entries.Add(new(adapterOffsets[i], CodeEntryKind.HostAdapter, Import: i));
        for (int i = 0; i < functionOffsets.Length; i++)
        {
            entries.Add(new(functionOffsets[i], CodeEntryKind.Function, mc.FunctionTypes[mc.ImportedFunctionCount + i].Parameters.Length));
        }
        var importParameters = new int[mc.ImportedFunctionCount];
        for (int i = 0; i < importParameters.Length; i++) importParameters[i] = mc.FunctionTypes[i].Parameters.Length;
        var typeIds = new Dictionary<int, int>();
        foreach (var type in mc.Module.Types) typeIds[FuncTypeIds.Of(type)] = type.Parameters.Length;
        return new CodeLayout(entries, tables, mc.Layout)
        {
            ImportParameterCounts = importParameters, TypeIdParameterCounts = typeIds, MinimumMemoryBytes = mc.MinimumMemoryBytes,
        };
    }
}
