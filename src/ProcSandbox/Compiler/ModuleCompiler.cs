using X86Instruction = Iced.Intel.Instruction;
using Iced.Intel;
using TenantDb.ProcSandbox.Runtime;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>
/// Compiles a whole validated module into one position-independent buffer: the entry trampoline
/// and trap exit, one adapter per imported function, then every module-defined function.
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
        var dataRanges = new List<(long, long)>(mc.JumpTables.Count);
        foreach (var (table, targets) in mc.JumpTables) dataRanges.Add(((long)result.GetLabelRIP(table), Math.Max(4L * targets.Length, 1)));
        CodeVerifier.Verify(code, dataRanges);

        var functionOffsets = new int[module.Functions.Count];
        for (int i = 0; i < functionOffsets.Length; i++) functionOffsets[i] = (int)result.GetLabelRIP(mc.FunctionLabels[i]);
        var adapterOffsets = new int[adapters.Length];
        for (int i = 0; i < adapters.Length; i++) adapterOffsets[i] = (int)result.GetLabelRIP(adapters[i]);
        return new MachineCode(code, (int)result.GetLabelRIP(entry), functionOffsets, adapterOffsets);
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
