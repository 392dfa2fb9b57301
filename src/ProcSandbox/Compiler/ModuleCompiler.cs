using Iced.Intel;
using TenantDb.ProcSandbox.Compiler.Verification;
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
        var code = new CodeBuffer(EstimateCodeBytes(module));

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
        var compiler = new FunctionCompiler(mc);
        var group = new List<(int Function, Label Entry)>();
        asm.Reset();
        mc.StartGroup(code.Length);
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
            var offsets = result.Result[0].NewInstructionOffsets;
            PatchFrameSizes(mc, offsets, code.Written);
            FillJumpTables(mc, result, code.Written, tables);
            PatchBranches(mc, offsets, code.Written);
            group.Clear();
            asm.Reset();
            mc.StartGroup(code.Length);
        }
        PatchForwardCalls(mc, code.Written);

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

    /// <summary>A first guess at the code size (about 8 bytes of x86 per byte of wasm code), so the buffer rarely grows.</summary>
    private static int EstimateCodeBytes(WasmModule module)
    {
        long wasmCode = 0;
        foreach (var body in module.Bodies) wasmCode += body.Code.Length;
        return (int)Math.Min(8 * wasmCode + 4096, 64L << 20);
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

    /// <summary>
    /// Writes the function's final frame size into its prologue's <c>sub rsp, imm32</c>
    /// (encoded 48 81 EC imm32; the frame size is known only after the body is compiled).
    /// </summary>
    private static void PatchFrameSizes(ModuleContext mc, uint[] offsets, Span<byte> code)
    {
        foreach (var (index, frameBytes) in mc.FramePatches)
        {
            int at = mc.GroupStart + (int)offsets[index];
            if (code[at] != 0x48 || code[at + 1] != 0x81 || code[at + 2] != 0xEC)
                throw new InvalidOperationException("prologue frame instruction not found where expected");
            BitConverter.TryWriteBytes(code.Slice(at + 3, 4), frameBytes);
        }
    }

    /// <summary>br_table entries are 32-bit offsets of their targets from the table start.</summary>
    private static void FillJumpTables(ModuleContext mc, AssemblerResult result, Span<byte> code, List<JumpTableRange> tables)
    {
        foreach (var (table, targets) in mc.JumpTables)
        {
            long tableAddress = (long)result.GetLabelRIP(table);
            for (int i = 0; i < targets.Length; i++)
            {
                int delta = checked((int)((long)result.GetLabelRIP(targets[i]) - tableAddress));
                BitConverter.TryWriteBytes(code.Slice((int)tableAddress + 4 * i, 4), delta);
            }
            tables.Add(new((int)tableAddress, targets.Length));
        }
    }

    /// <summary>
    /// Fills the rel32 of the function's raw branches (E8/E9 followed by four zero bytes) to the
    /// trap exit and to functions already placed; calls to functions not yet placed wait for
    /// <see cref="PatchForwardCalls"/>.
    /// </summary>
    private static void PatchBranches(ModuleContext mc, uint[] offsets, Span<byte> code)
    {
        foreach (var (index, target) in mc.BranchPatches)
        {
            int at = mc.GroupStart + (int)offsets[index];
            if (code[at] is not (0xE8 or 0xE9)) throw new InvalidOperationException("raw branch not found where expected");
            int destination = target == ModuleContext.TrapExitTarget ? mc.TrapExitOffset : mc.FunctionOffsets[target];
            if (destination < 0) mc.ForwardCalls.Add((at, target));
            else WriteRel32(code, at, destination);
        }
    }

    private static void PatchForwardCalls(ModuleContext mc, Span<byte> code)
    {
        foreach (var (at, target) in mc.ForwardCalls) WriteRel32(code, at, mc.FunctionOffsets[target]);
    }

    private static void WriteRel32(Span<byte> code, int at, int destination) =>
        BitConverter.TryWriteBytes(code.Slice(at + 1, 4), destination - (at + 5));
}
