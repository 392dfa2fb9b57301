using X86Instruction = Iced.Intel.Instruction;
using Iced.Intel;
using TenantDb.ProcSandbox.Compiler.Verification;
using TenantDb.ProcSandbox.Runtime;
using TenantDb.ProcSandbox.Runtime.Native;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>
/// Compiles a whole validated module into one position-independent buffer: the entry trampoline
/// and trap exit, one adapter per imported function, then every module-defined function.
/// The result is checked by the independent <see cref="CodeVerifier"/> before anyone can run it.
/// </summary>
internal static class ModuleCompiler
{
    public static MachineCode Compile(WasmModule module, CompileOptions options)
    {
        if (module.Bodies.Count != module.Functions.Count) throw new ArgumentException("module has not been validated: body count differs from function count");
        var mc = new ModuleContext(module, options);
        var asm = mc.Assembler;

        var entry = asm.CreateLabel("entry");
        var trapExit = mc.TrapExit;
        Trampolines.EmitEntry(asm, ref entry, ref trapExit);

        var adapters = new Label[mc.ImportedFunctionCount];
        for (int i = 0; i < adapters.Length; i++)
        {
            adapters[i] = asm.CreateLabel();
            Trampolines.EmitHostAdapter(asm, ref adapters[i], i, trapExit);
        }

        var compiler = new FunctionCompiler(mc);
        for (int i = 0; i < module.Functions.Count; i++) compiler.Compile(i);

        var stream = new MemoryStream();
        var result = asm.Assemble(new StreamCodeWriter(stream), 0, BlockEncoderOptions.ReturnNewInstructionOffsets);
        byte[] code = stream.ToArray();
        PatchFrameSizes(mc, result, code);
        FillJumpTables(mc, result, code);

        var functionOffsets = new int[module.Functions.Count];
        for (int i = 0; i < functionOffsets.Length; i++) functionOffsets[i] = (int)result.GetLabelRIP(mc.FunctionLabels[i]);
        var adapterOffsets = new int[adapters.Length];
        for (int i = 0; i < adapters.Length; i++) adapterOffsets[i] = (int)result.GetLabelRIP(adapters[i]);
        var machineCode = new MachineCode(code, (int)result.GetLabelRIP(entry), functionOffsets, adapterOffsets)
        {
            Layout = DescribeLayout(mc, result, (int)result.GetLabelRIP(entry), (int)result.GetLabelRIP(trapExit), functionOffsets, adapterOffsets),
            StackWork = mc.StackWork,
            InstructionCount = asm.Instructions.Count,
        };
        if (options.VerifyCode) CodeVerifier.Verify(code, machineCode.Layout);
        return machineCode;
    }

    /// <summary>What the independent verifier is told: entry points, jump tables and the context layout; nothing else.</summary>
    private static CodeLayout DescribeLayout(ModuleContext mc, AssemblerResult result, int entry, int trapExit, int[] functionOffsets, int[] adapterOffsets)
    {
        var entries = new List<CodeEntry>(2 + adapterOffsets.Length + functionOffsets.Length)
        {
            new(entry, CodeEntryKind.HostEntry),
            new(trapExit, CodeEntryKind.TrapExit),
        };
        foreach (int adapter in adapterOffsets) entries.Add(new(adapter, CodeEntryKind.HostAdapter));
        for (int i = 0; i < functionOffsets.Length; i++)
        {
            entries.Add(new(functionOffsets[i], CodeEntryKind.Function, mc.FunctionTypes[mc.ImportedFunctionCount + i].Parameters.Length));
        }
        var tables = new List<JumpTableRange>(mc.JumpTables.Count);
        foreach (var (table, targets) in mc.JumpTables) tables.Add(new((int)result.GetLabelRIP(table), targets.Length));
        var importParameters = new int[mc.ImportedFunctionCount];
        for (int i = 0; i < importParameters.Length; i++) importParameters[i] = mc.FunctionTypes[i].Parameters.Length;
        var typeIds = new Dictionary<int, int>();
        foreach (var type in mc.Module.Types) typeIds[FuncTypeIds.Of(type)] = type.Parameters.Length;
        return new CodeLayout(entries, tables, mc.Layout) { ImportParameterCounts = importParameters, TypeIdParameterCounts = typeIds };
    }

    /// <summary>
    /// Writes each function's final frame size into its prologue's <c>sub rsp, imm32</c>
    /// (encoded 48 81 EC imm32; the frame size is known only after the body is compiled).
    /// </summary>
    private static void PatchFrameSizes(ModuleContext mc, AssemblerResult result, byte[] code)
    {
        var offsets = result.Result[0].NewInstructionOffsets;
        foreach (var (index, frameBytes) in mc.FramePatches)
        {
            int at = (int)offsets[index];
            if (code[at] != 0x48 || code[at + 1] != 0x81 || code[at + 2] != 0xEC)
                throw new InvalidOperationException("prologue frame instruction not found where expected");
            BitConverter.TryWriteBytes(code.AsSpan(at + 3, 4), frameBytes);
        }
    }

    /// <summary>br_table entries are 32-bit offsets of their targets from the table start.</summary>
    private static void FillJumpTables(ModuleContext mc, AssemblerResult result, byte[] code)
    {
        foreach (var (table, targets) in mc.JumpTables)
        {
            long tableAddress = (long)result.GetLabelRIP(table);
            for (int i = 0; i < targets.Length; i++)
            {
                int delta = checked((int)((long)result.GetLabelRIP(targets[i]) - tableAddress));
                BitConverter.TryWriteBytes(code.AsSpan((int)tableAddress + 4 * i, 4), delta);
            }
        }
    }
}
