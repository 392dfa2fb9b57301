using X86Instruction = Iced.Intel.Instruction;
using Iced.Intel;
using TenantDb.ProcSandbox.Compiler;
using TenantDb.ProcSandbox.Compiler.Verification;
using TenantDb.ProcSandbox.Runtime.Native;
using static Iced.Intel.AssemblerRegisters;

namespace TenantDb.ProcSandbox.Tests.Verifier;

/// <summary>
/// Hand-assembled code shaped like the compiler's output, verified with the same kind of inputs
/// (entry points, jump tables, context layout): the real entry trampoline and trap exit, then one function with the standard
/// prologue (frame, fuel load, stack check), a test-supplied body, the epilogue and a trap stub.
/// </summary>
internal sealed class HandMadeModule
{
    /// <summary>Frame bytes of the hand-made function (locals and slots below rbp).</summary>
    public const int FrameBytes = 32;

    private readonly Assembler _asm = new(64);
    private readonly List<(Label Table, Label[] Targets)> _tables = [];
    private readonly List<(Label Table, int[] RawEntries)> _rawTables = [];

    public HandMadeModule(int parameterCount = 1, AssemblerRegister64? memoryLimit = null, int limitSlack = 0, long minimumMemoryBytes = 65536)
    {
        ParameterCount = parameterCount;
        MemoryLimit = memoryLimit;
        LimitSlack = limitSlack;
        MinimumMemoryBytes = minimumMemoryBytes;
    }

    /// <summary>What the prologue subtracts from the memory size in <see cref="MemoryLimit"/> (sub r, W; 0 for none).</summary>
    public int LimitSlack { get; }

    /// <summary>The memory's minimum size the layout tells the verifier.</summary>
    public long MinimumMemoryBytes { get; }

    public int ParameterCount { get; }

    /// <summary>The register the prologue loads the memory size into (as the compiler does in functions with memory loops), if any.</summary>
    public AssemblerRegister64? MemoryLimit { get; }
    public Assembler Asm => _asm;
    public Label TrapStub { get; private set; }

    /// <summary>The shared trap exit's offset (jumped to with a trap code in eax).</summary>
    public ulong TrapExit { get; private set; }

    /// <summary>The hand-made function's own entry (for recursive calls).</summary>
    public Label FunctionEntry { get; private set; }

    /// <summary>Builds code around <paramref name="body"/> and verifies it.</summary>
    public static VerificationStats Verify(Action<HandMadeModule> body, int parameterCount = 1)
    {
        var module = new HandMadeModule(parameterCount);
        var (code, layout) = module.Build(body);
        return CodeVerifier.Verify(code, layout);
    }

    /// <summary>Verifies and returns the rejection (fails the test if the code is accepted).</summary>
    public static CodeVerificationException Rejection(Action<HandMadeModule> body) =>
        Assert.Throws<CodeVerificationException>(() => Verify(body));

    /// <summary>As <see cref="Verify(Action{HandMadeModule}, int)"/> with a prologue that loads the memory size into <paramref name="memoryLimit"/>.</summary>
    public static VerificationStats VerifyWithMemoryLimit(AssemblerRegister64 memoryLimit, Action<HandMadeModule> body)
    {
        var module = new HandMadeModule(1, memoryLimit);
        var (code, layout) = module.Build(body);
        return CodeVerifier.Verify(code, layout);
    }

    /// <summary>As <see cref="Rejection"/> with a prologue that loads the memory size into <paramref name="memoryLimit"/>.</summary>
    public static CodeVerificationException RejectionWithMemoryLimit(AssemblerRegister64 memoryLimit, Action<HandMadeModule> body) =>
        Assert.Throws<CodeVerificationException>(() => VerifyWithMemoryLimit(memoryLimit, body));

    /// <summary>As <see cref="VerifyWithMemoryLimit"/> with a limit of the memory size less <paramref name="slack"/> (mov r, [size]; sub r, slack).</summary>
    public static VerificationStats VerifyWithLimitSlack(AssemblerRegister64 memoryLimit, int slack, Action<HandMadeModule> body, long minimumMemoryBytes = 65536)
    {
        var module = new HandMadeModule(1, memoryLimit, slack, minimumMemoryBytes);
        var (code, layout) = module.Build(body);
        return CodeVerifier.Verify(code, layout);
    }

    /// <summary>As <see cref="VerifyWithLimitSlack"/>, returning the rejection.</summary>
    public static CodeVerificationException RejectionWithLimitSlack(AssemblerRegister64 memoryLimit, int slack, Action<HandMadeModule> body, long minimumMemoryBytes = 65536) =>
        Assert.Throws<CodeVerificationException>(() => VerifyWithLimitSlack(memoryLimit, slack, body, minimumMemoryBytes));

    /// <summary>
    /// A jump table with entries pointing at <paramref name="targets"/> (read after assembly, so the
    /// caller binds them in place with <c>Asm.Label(ref targets[i])</c>); returns the table's label.
    /// </summary>
    public Label JumpTable(Label[] targets)
    {
        var table = _asm.CreateLabel();
        _tables.Add((table, targets));
        return table;
    }

    /// <summary>Emits a jump table whose entries are the given raw 32-bit deltas from the table start.</summary>
    public Label RawJumpTable(params int[] entries)
    {
        var table = _asm.CreateLabel();
        _rawTables.Add((table, entries));
        return table;
    }

    /// <summary>The code and layout.</summary>
    public (byte[] Code, CodeLayout Layout) Build(Action<HandMadeModule> body)
    {
        // The real boundary code (its bytes are pinned), written by the compiler's own assembler at offset 0.
        using var boundaryBuffer = new CodeBuffer(256);
        var boundary = new X64Assembler(boundaryBuffer);
        boundaryBuffer.StartFunction();
        var entry = boundary.CreateLabel();
        var trapExit = boundary.CreateLabel();
        Trampolines.EmitEntry(boundary, entry, trapExit);
        boundaryBuffer.FinishFunction([], trapExitOffset: 0);
        int entryOffset = boundaryBuffer.LabelOffset(entry);
        TrapExit = (ulong)boundaryBuffer.LabelOffset(trapExit);
        byte[] boundaryBytes = boundaryBuffer.ToArray();

        var function = _asm.CreateLabel();
        TrapStub = _asm.CreateLabel();

        _asm.Label(ref function);
        FunctionEntry = function;
        _asm.push(rbp);
        _asm.mov(rbp, rsp);
        _asm.AddInstruction(X86Instruction.Create(Code.Sub_rm64_imm32, Register.RSP, FrameBytes));
        _asm.mov(rbx, __qword_ptr[r15 + VmContextLayout.Fuel]);
        if (MemoryLimit is { } limit) _asm.mov(limit, __qword_ptr[r15 + VmContextLayout.MemorySize]);
        if (MemoryLimit is { } slackLimit && LimitSlack != 0) _asm.AddInstruction(X86Instruction.Create(Code.Sub_rm64_imm8, (Register)slackLimit, LimitSlack));
        _asm.cmp(rsp, __qword_ptr[r15 + VmContextLayout.StackLimit]);
        _asm.jb(TrapStub);
        body(this);
        _asm.mov(__qword_ptr[r15 + VmContextLayout.Fuel], rbx);
        _asm.leave();
        _asm.ret();
        var stub = TrapStub;
        _asm.Label(ref stub);
        _asm.mov(__qword_ptr[r15 + VmContextLayout.Fuel], rbx);
        _asm.mov(eax, 1);
        _asm.jmp(TrapExit);
        for (int t = 0; t < _tables.Count; t++)
        {
            var (label, targets) = _tables[t];
            _asm.Label(ref label);
            _tables[t] = (label, targets);
            _asm.db(new byte[Math.Max(4 * targets.Length, 1)]);
        }
        for (int t = 0; t < _rawTables.Count; t++)
        {
            var (label, rawEntries) = _rawTables[t];
            _asm.Label(ref label);
            _rawTables[t] = (label, rawEntries);
            foreach (int raw in rawEntries) _asm.dd(raw);
        }

        var stream = new MemoryStream();
        stream.Write(boundaryBytes);
        var result = _asm.Assemble(new StreamCodeWriter(stream), (ulong)boundaryBytes.Length, BlockEncoderOptions.ReturnNewInstructionOffsets);
        byte[] code = stream.ToArray();
        var ranges = new List<JumpTableRange>();
        foreach (var (table, targets) in _tables)
        {
            int start = (int)result.GetLabelRIP(table);
            for (int i = 0; i < targets.Length; i++)
            {
                BitConverter.TryWriteBytes(code.AsSpan(start + 4 * i, 4), (int)((long)result.GetLabelRIP(targets[i]) - start));
            }
            ranges.Add(new JumpTableRange(start, targets.Length));
        }
        foreach (var (table, rawEntries) in _rawTables) ranges.Add(new JumpTableRange((int)result.GetLabelRIP(table), rawEntries.Length));
        var entriesList = new List<CodeEntry>
        {
            new(entryOffset, CodeEntryKind.HostEntry),
            new((int)TrapExit, CodeEntryKind.TrapExit),
            new((int)result.GetLabelRIP(function), CodeEntryKind.Function, ParameterCount),
        };
        return (code, new CodeLayout(entriesList, ranges, null) { MinimumMemoryBytes = MinimumMemoryBytes });
    }

    /// <summary>The compiler's bounds-checked load of an i32 at the wasm address in esi: returns the operand.</summary>
    public void CheckedLoad(AssemblerRegister32 destination)
    {
        _asm.mov(r11d, esi);
        _asm.add(r11, 4);
        _asm.cmp(r11, __qword_ptr[r15 + VmContextLayout.MemorySize]);
        _asm.ja(TrapStub);
        _asm.mov(destination, __dword_ptr[r14 + r11 - 4]);
    }
}
