using Iced.Intel;
using TenantDb.ProcSandbox.Module;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>
/// SAFETY-CRITICAL (frame offsets): the stack frame of the function being compiled.
/// <code>
///   [rbp + 16 + 8i]                 parameter i (pushed by the caller, last first)
///   [rbp + 8]                       return address
///   [rbp]                           caller's rbp
///   [rbp - 8(j + 1)]                declared local j (zeroed by the prologue)
///   [rbp - 8(declared + 1)]         saved r15 around calls that switch instance contexts
///   [rbp - 8(declared + 2 + p)]     the slot of operand-stack position p
/// </code>
/// Locals' types are kept as runs (each parameter one run) with cumulative ends, reusing arrays:
/// a body declaring 50,000 locals in a few bytes costs a few writes, not 50,000.
/// </summary>
internal sealed class Frame
{
    private int[] _localRunEnds = new int[16];
    private ValType[] _localRunTypes = new ValType[16];
    private int _localRuns;

    public int ParameterCount { get; private set; }

    // Locals held in registers for the whole body (see LoopLocals): at most a handful, searched linearly.
    private readonly int[] _pinnedLocals = new int[8];
    private readonly Register[] _pinnedRegisters = new Register[8];

    /// <summary>Number of locals held in registers.</summary>
    public int PinnedCount { get; private set; }

    /// <summary>The i-th local held in a register, and its register.</summary>
    public (int Local, Register Register) Pinned(int i) => (_pinnedLocals[i], _pinnedRegisters[i]);

    public void ClearPinned()
    {
        PinnedCount = 0;
        MemoryLimit = Register.None;
        MemoryLimitSlack = 0;
    }

    /// <summary>The register holding the memory size for the whole body (<see cref="X64.MemoryLimit"/>), or <see cref="Register.None"/>.</summary>
    public Register MemoryLimit { get; set; }

    /// <summary>
    /// What <see cref="MemoryLimit"/> holds less than the memory size (0 to 8): the smallest offset + size of the body's
    /// accesses, so that an access whose offset + size is exactly that needs no addition before its compare.
    /// </summary>
    public int MemoryLimitSlack { get; set; }

    public void Pin(int local, Register register)
    {
        _pinnedLocals[PinnedCount] = local;
        _pinnedRegisters[PinnedCount++] = register;
    }

    /// <summary>The register holding local <paramref name="local"/> for the whole body, or <see cref="Register.None"/> (its frame cell).</summary>
    public Register PinnedRegister(int local)
    {
        for (int i = 0; i < PinnedCount; i++)
        {
            if (_pinnedLocals[i] == local) return _pinnedRegisters[i];
        }
        return Register.None;
    }

    /// <summary>Locals declared by the body (after the parameters).</summary>
    public int DeclaredCount { get; private set; }

    public int LocalCount => ParameterCount + DeclaredCount;

    /// <summary>Sets the frame up for a body of type <paramref name="type"/>.</summary>
    public void Reset(FuncType type, FunctionBody body)
    {
        ParameterCount = type.Parameters.Length;
        long declared = 0;
        foreach (var run in body.Locals) declared += run.Count;
        // Validation enforces this; the compiler re-checks because every local becomes a frame slot.
        ImplementationLimits.Check(LimitNames.FunctionLocals, ImplementationLimits.MaxFunctionLocals, ParameterCount + declared, body.CodeOffset);
        DeclaredCount = (int)declared;

        int runs = type.Parameters.Length + body.Locals.Length;
        if (_localRunEnds.Length < runs)
        {
            _localRunEnds = new int[runs];
            _localRunTypes = new ValType[runs];
        }
        int end = 0, r = 0;
        foreach (var parameter in type.Parameters)
        {
            _localRunEnds[r] = ++end;
            _localRunTypes[r++] = parameter;
        }
        foreach (var run in body.Locals)
        {
            if (run.Count == 0) continue;
            end += (int)run.Count;
            _localRunEnds[r] = end;
            _localRunTypes[r++] = run.Type;
        }
        _localRuns = r;
    }

    /// <summary>Type of local <paramref name="index"/> (validated to exist): the first run ending beyond it.</summary>
    public ValType LocalType(uint index)
    {
        int lo = 0, hi = _localRuns - 1;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_localRunEnds[mid] > index) hi = mid;
            else lo = mid + 1;
        }
        return _localRunTypes[lo];
    }

    /// <summary>The 8-byte cell of local <paramref name="local"/> (parameter or declared).</summary>
    public MemoryOperand Local(int local) => local < ParameterCount
        ? X64.Mem(Register.RBP, 16 + 8L * local)
        : X64.Mem(Register.RBP, -8L * (local - ParameterCount + 1));

    /// <summary>The slot reserved for operand-stack position <paramref name="position"/>.</summary>
    public MemoryOperand Slot(int position) => X64.Mem(Register.RBP, -8L * (DeclaredCount + 2 + position));

    /// <summary>The slot that saves r15 around calls that switch instance contexts.</summary>
    public MemoryOperand ContextSave => X64.Mem(Register.RBP, -8L * (DeclaredCount + 1));

    /// <summary>Bytes below rbp for a body whose operand stack reached <paramref name="maxHeight"/> (16-byte aligned).</summary>
    public int SizeBytes(int maxHeight) => (8 * (DeclaredCount + 1 + maxHeight) + 15) & ~15;
}
