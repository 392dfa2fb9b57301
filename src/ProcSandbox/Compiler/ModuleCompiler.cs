using Iced.Intel;
using TenantDb.ProcSandbox.Compiler.Verification;
using TenantDb.ProcSandbox.Module;
using TenantDb.ProcSandbox.Runtime;
using TenantDb.ProcSandbox.Runtime.Native;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>
/// Compiles a whole validated module into one position-independent buffer: the entry trampoline
/// and trap exit, one adapter per imported function, then every module-defined function.
/// Functions are assembled in small groups as soon as they are compiled (one reused Iced assembler),
/// so the compiler's working memory is that of the largest function (or group) plus the code, not
/// of the whole module; branches between functions are written as raw rel32 and patched afterwards.
/// The result is checked by the independent <see cref="CodeVerifier"/> before anyone can run it.
/// </summary>
internal static class ModuleCompiler
{
    /// <summary>
    /// Instructions gathered before a group of functions is assembled: large enough to spread the
    /// assembler's fixed cost per call over many small functions, small enough to bound its memory.
    /// </summary>
    private const int GroupInstructions = 8192;

    public static MachineCode Compile(WasmModule module, CompileOptions options)
    {
        if (module.Bodies.Count != module.Functions.Count) throw new ArgumentException("module has not been validated: body count differs from function count");
        options.CancellationToken.ThrowIfCancellationRequested();
        var mc = new ModuleContext(module, options);
        var asm = mc.Assembler;
        var code = mc.Code;

        var entry = asm.CreateLabel("entry");
        var trapExit = asm.CreateLabel("trap_exit");
        Trampolines.EmitEntry(asm, ref entry, ref trapExit);
        var adapters = new Label[mc.ImportedFunctionCount];
        for (int i = 0; i < adapters.Length; i++)
        {
            adapters[i] = asm.CreateLabel();
            Trampolines.EmitHostAdapter(asm, ref adapters[i], i, trapExit);
        }
        var boundary = asm.Assemble(code, 0, BlockEncoderOptions.ReturnNewInstructionOffsets);
        int entryOffset = (int)boundary.GetLabelRIP(entry);
        mc.TrapExitOffset = (int)boundary.GetLabelRIP(trapExit);
        var adapterOffsets = new int[adapters.Length];
        for (int i = 0; i < adapters.Length; i++) adapterOffsets[i] = (int)boundary.GetLabelRIP(adapters[i]);
        int instructionCount = asm.Instructions.Count;

        var functionOffsets = mc.FunctionOffsets;
        var tables = new List<JumpTableRange>();
        var compiler = new FunctionCompiler(mc, new MacroAssembler(asm, code));
        var group = new List<(int Function, Label Entry)>();
        asm.Reset();
        code.StartGroup();
        for (int i = 0; i < module.Functions.Count; i++)
        {
            options.CancellationToken.ThrowIfCancellationRequested();
            var label = asm.CreateLabel();
            compiler.Compile(i, ref label);
            group.Add((i, label));
            if (asm.Instructions.Count < GroupInstructions && i + 1 < module.Functions.Count) continue;

            instructionCount += asm.Instructions.Count;
            var result = asm.Assemble(code, (ulong)code.Length, BlockEncoderOptions.ReturnNewInstructionOffsets);
            foreach (var (function, start) in group) functionOffsets[function] = (int)result.GetLabelRIP(start);
            code.PatchGroup(result, functionOffsets, mc.TrapExitOffset, tables);
            group.Clear();
            asm.Reset();
            code.StartGroup();
        }
        code.PatchForwardCalls(functionOffsets);

        byte[] bytes = code.ToArray();
        var machineCode = new MachineCode(bytes, entryOffset, functionOffsets, adapterOffsets)
        {
            Layout = DescribeLayout(mc, entryOffset, tables, functionOffsets, adapterOffsets),
            StackWork = mc.StackWork,
            InstructionCount = instructionCount,
        };
        if (options.VerifyCode) CodeVerifier.Verify(bytes, machineCode.Layout);
        return machineCode;
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
        return new CodeLayout(entries, tables, mc.Layout) { ImportParameterCounts = importParameters, TypeIdParameterCounts = typeIds };
    }
}
