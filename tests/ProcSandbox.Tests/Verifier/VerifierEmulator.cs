using Iced.Intel;
using TenantDb.ProcSandbox.Compiler.Verification;
using TenantDb.ProcSandbox.Runtime.Native;
using X86Instruction = Iced.Intel.Instruction;

namespace TenantDb.ProcSandbox.Tests.Verifier;

/// <summary>Where the architecture leaves a choice (or CPUs differ), the adversary's pick for one run.</summary>
/// <param name="HasLzcntTzcnt">False: lzcnt/tzcnt execute as bsr/bsf (CPUs without LZCNT/BMI1 ignore the rep prefix).</param>
/// <param name="ZeroCountKeepsRegister">A 32-bit shift/rotate by a masked count of 0 leaves the whole register as it was.</param>
/// <param name="FalseCmovKeepsRegister">A 32-bit cmov whose condition is false leaves the whole register as it was.</param>
/// <param name="BitOpKeepsUpper">btr/btc r32 change one bit and keep the upper half.</param>
internal readonly record struct CpuChoices(bool HasLzcntTzcnt, bool ZeroCountKeepsRegister, bool FalseCmovKeepsRegister, bool BitOpKeepsUpper);

/// <summary>
/// A concrete x86-64 interpreter for the forms generated function code uses, run on one function of a
/// verified buffer from an adversarial initial state (arbitrary register values, linear-memory
/// contents that the adversary picks at every read, adversarial CPU choices). It is the oracle of
/// <see cref="VerifierSoundnessProperties"/>: it reports the first claim of the verifier that the run
/// contradicts (<see cref="VerifierClaims"/>), or the first thing that would break the sandbox:
/// an access outside linear memory [base, base + size), the function's own frame and parameters, the
/// context header (writes: fuel only) or a declared jump table; a division that raises #DE; a host
/// call with a foreign context; an indirect jump to anything but a jump-table entry; a trap exit
/// without a trap code; a return with rsp, rbp, r14 or r15 not restored. Calls into generated code
/// are not followed (the callee is verified on its own): they clobber what its convention allows.
/// </summary>
internal sealed class VerifierEmulator
{
    public const ulong CodeBase = 0x10_0000_0000, ContextBase = 0x20_0000_0000, MemoryBase = 0x30_0000_0000, StackTop = 0x40_0000_0000;
    public const ulong MemorySize = 0x1_0000;
    private const int StackBytes = 256 * 1024;
    private const ulong ReturnSentinel = 0x5E47_1AE1;

    private readonly byte[] _code;
    private readonly CodeLayout _layout;
    private readonly Random _adversary;
    private readonly CpuChoices _cpu;
    private readonly ulong[] _r = new ulong[16];
    private readonly byte[] _stack = new byte[StackBytes];
    private readonly byte[] _context;
    private readonly HashSet<int> _tableTargets = [];
    private readonly int _trapExit;
    private readonly ulong _entryRsp;
    private readonly int _parameters;
    private readonly long _frameBytes;
    private readonly ulong _entryRbp;
    private readonly VerifierClaims? _claims;
    private bool _cf, _zf, _sf, _of, _pf;

    public VerifierEmulator(byte[] code, CodeLayout layout, CodeEntry function, long frameBytes, Random adversary, CpuChoices cpu, VerifierClaims? claims = null)
    {
        _claims = claims;
        _context = new byte[layout.Context?.Size ?? VmContextLayout.HeaderSize];
        _frameBytes = frameBytes >= 0 ? frameBytes : FrameOf(code, function.Offset);
        _code = code;
        _layout = layout;
        _adversary = adversary;
        _cpu = cpu;
        _parameters = function.ParameterCount;
        Start = function.Offset;
        _trapExit = layout.Entries.First(e => e.Kind == CodeEntryKind.TrapExit).Offset;
        foreach (var table in layout.JumpTables)
        {
            for (int i = 0; i < table.EntryCount; i++) _tableTargets.Add(table.Offset + BitConverter.ToInt32(code, table.Offset + 4 * i));
        }
        for (int i = 0; i < 16; i++) _r[i] = AdversarialValue();
        _r[Index(Register.R15)] = ContextBase;
        _r[Index(Register.R14)] = MemoryBase;
        _entryRsp = StackTop - 4096 - 8;
        _r[Index(Register.RSP)] = _entryRsp;
        _entryRbp = _r[Index(Register.RBP)];
        WriteStack(_entryRsp, ReturnSentinel, 8);
        for (int i = 0; i < _parameters; i++) WriteStack(_entryRsp + 8 + 8 * (ulong)i, AdversarialValue(), 8);
        Put(_context, VmContextLayout.MemoryBase, MemoryBase);
        Put(_context, VmContextLayout.MemorySize, MemorySize);
        Put(_context, VmContextLayout.Fuel, AdversarialValue());
        Put(_context, VmContextLayout.FuelReserve, AdversarialValue());
        Put(_context, VmContextLayout.StackLimit, adversary.Next(8) == 0 ? _entryRsp : StackTop - StackBytes + 1024);
        Put(_context, VmContextLayout.SavedRsp, StackTop - 64);
    }

    private int Start { get; }

    /// <summary>Why the run stopped early without a verdict (an indirect call, a form outside the emulated subset), or null.</summary>
    public string? StopReason { get; private set; }

    /// <summary>The frame size from the prologue's <c>sub rsp, imm32</c> (the third instruction).</summary>
    private static long FrameOf(byte[] code, int offset)
    {
        var decoder = Decoder.Create(64, new ByteArrayCodeReader(code, offset, code.Length - offset), (ulong)offset);
        decoder.Decode(out _);
        decoder.Decode(out _);
        decoder.Decode(out var sub);
        return (long)sub.GetImmediate(1);
    }
    public int Steps { get; private set; }
    public int MemoryAccesses { get; private set; }
    public int Divisions { get; private set; }

    /// <summary>Runs until the function returns or traps (or <paramref name="maxSteps"/>); returns the violation, or null.</summary>
    public string? Run(int maxSteps)
    {
        var reader = new ByteArrayCodeReader(_code);
        var decoder = Decoder.Create(64, reader, DecoderOptions.None);
        int ip = Start;
        try
        {
            while (Steps++ < maxSteps)
            {
                decoder.IP = (ulong)ip;
                reader.Position = ip;
                decoder.Decode(out var ins);
                if (ins.IsInvalid) return $"executes undecodable bytes at {ip:X}";
                if (_claims?.Contradiction(ip, _r, address => ReadStack(address, 8), _layout, _code) is { } contradiction) return contradiction;
                int? next = Execute(ins);
                if (next is null) return null;
                ip = next.Value;
            }
            return null;
        }
        catch (SandboxViolation violation)
        {
            return violation.Message;
        }
        catch (NotSupportedException unsupported)
        {
            StopReason = unsupported.Message;
            return null;
        }
    }

    private sealed class SandboxViolation(string message) : Exception(message);

    private static void Violation(in X86Instruction ins, string what) => throw new SandboxViolation($"{what} at {ins.IP:X} ({ins})");

    /// <summary>Executes one instruction; returns the next offset, or null when the run ends cleanly.</summary>
    private int? Execute(in X86Instruction ins)
    {
        int next = (int)ins.NextIP;
        switch (ins.Mnemonic)
        {
            case Mnemonic.Nop: return next;
            case Mnemonic.Mov: Write(ins, 0, Read(ins, 1, Size(ins, 0))); return next;
            case Mnemonic.Movzx: Write(ins, 0, Read(ins, 1, Size(ins, 1))); return next;
            case Mnemonic.Movsx or Mnemonic.Movsxd:
            {
                int from = Size(ins, 1);
                Write(ins, 0, SignExtend(Read(ins, 1, from), from));
                return next;
            }
            case Mnemonic.Lea:
                Write(ins, 0, Address(ins));
                return next;
            case Mnemonic.Add or Mnemonic.Sub or Mnemonic.Cmp or Mnemonic.And or Mnemonic.Or or Mnemonic.Xor or Mnemonic.Test:
                Arithmetic(ins);
                return next;
            case Mnemonic.Dec:
            {
                int size = Size(ins, 0);
                ulong a = Read(ins, 0, size);
                bool cf = _cf;
                Write(ins, 0, SetArithmeticFlags(a, 1, a - 1, size, subtract: true));
                _cf = cf;
                return next;
            }
            case Mnemonic.Imul:
            {
                int size = Size(ins, 0);
                ulong a = ins.OpCount == 3 ? Read(ins, 1, size) : Read(ins, 0, size);
                ulong b = ins.OpCount == 3 ? Read(ins, 2, size) : Read(ins, 1, size);
                Write(ins, 0, a * b);
                ArbitraryFlags();
                return next;
            }
            case Mnemonic.Div or Mnemonic.Idiv:
                Divide(ins);
                return next;
            case Mnemonic.Cdq:
                SetGpr(Register.EDX, (ulong)((long)(int)_r[0] >> 63), 4);
                return next;
            case Mnemonic.Cqo:
                _r[Index(Register.RDX)] = (ulong)((long)_r[0] >> 63);
                return next;
            case Mnemonic.Shl or Mnemonic.Shr or Mnemonic.Sar or Mnemonic.Rol or Mnemonic.Ror:
                Shift(ins);
                return next;
            case Mnemonic.Btr or Mnemonic.Btc:
            {
                int size = Size(ins, 0);
                ulong a = Read(ins, 0, size);
                int bit = (int)(ins.Immediate8 & (size * 8 - 1));
                _cf = ((a >> bit) & 1) != 0;
                ulong result = ins.Mnemonic == Mnemonic.Btr ? a & ~(1UL << bit) : a ^ (1UL << bit);
                if (size == 4 && _cpu.BitOpKeepsUpper && ins.Op0Kind == OpKind.Register) SetFull(ins.Op0Register, (_r[Index(ins.Op0Register)] & 0xFFFF_FFFF_0000_0000) | result);
                else Write(ins, 0, result);
                return next;
            }
            case Mnemonic.Bsf or Mnemonic.Bsr or Mnemonic.Lzcnt or Mnemonic.Tzcnt or Mnemonic.Popcnt:
                BitCount(ins);
                return next;
            case Mnemonic.Sete or Mnemonic.Setne or Mnemonic.Setl or Mnemonic.Setge or Mnemonic.Setle or Mnemonic.Setg
                or Mnemonic.Setb or Mnemonic.Setae or Mnemonic.Setbe or Mnemonic.Seta or Mnemonic.Setp or Mnemonic.Setnp:
                Write(ins, 0, Condition(ins.ConditionCode) ? 1UL : 0UL);
                return next;
            case Mnemonic.Cmove or Mnemonic.Cmovb:
            {
                int size = Size(ins, 0);
                ulong source = Read(ins, 1, size);
                if (Condition(ins.ConditionCode)) Write(ins, 0, source);
                else if (size == 4 && !_cpu.FalseCmovKeepsRegister) Write(ins, 0, Read(ins, 0, 4));
                return next;
            }
            case Mnemonic.Push:
            {
                ulong value = Read(ins, 0, 8);
                ulong rsp = _r[Index(Register.RSP)] - 8;
                StackAccess(ins, rsp, 8);
                WriteStack(rsp, value, 8);
                _r[Index(Register.RSP)] = rsp;
                return next;
            }
            case Mnemonic.Pop:
            {
                ulong rsp = _r[Index(Register.RSP)];
                StackAccess(ins, rsp, 8);
                _r[Index(Register.RSP)] = rsp + 8;
                Write(ins, 0, ReadStack(rsp, 8));
                return next;
            }
            case Mnemonic.Leave:
            {
                ulong rbp = _r[Index(Register.RBP)];
                StackAccess(ins, rbp, 8);
                _r[Index(Register.RBP)] = ReadStack(rbp, 8);
                _r[Index(Register.RSP)] = rbp + 8;
                return next;
            }
            case Mnemonic.Stosq:
            {
                // rep stosq: rcx quadwords of rax at rdi, through the explicit-operand rules (the frame).
                ulong count = _r[Index(Register.RCX)];
                if (count > 1 << 20) Violation(ins, $"rep stosq of {count} quadwords");
                for (ulong i = 0; i < count; i++)
                {
                    ulong at = _r[Index(Register.RDI)];
                    Store(ins, at, 8, _r[0]);
                    _r[Index(Register.RDI)] = at + 8;
                }
                _r[Index(Register.RCX)] = 0;
                return next;
            }
            case Mnemonic.Ret:
                return Return(ins);
            case Mnemonic.Jmp when ins.Op0Kind == OpKind.NearBranch64:
                return Jump(ins, (int)ins.NearBranchTarget);
            case Mnemonic.Jmp:
            {
                ulong target = Read(ins, 0, 8) - CodeBase;
                if (target >= (ulong)_code.Length || !_tableTargets.Contains((int)target)) Violation(ins, $"indirect jump to {target + CodeBase:X}, not a jump-table entry");
                return (int)target;
            }
            case Mnemonic.Call:
                return Call(ins, next);
            case Mnemonic.Movss or Mnemonic.Movsd or Mnemonic.Movaps or Mnemonic.Movd or Mnemonic.Movq or Mnemonic.Addss or Mnemonic.Addsd
                or Mnemonic.Subss or Mnemonic.Subsd or Mnemonic.Mulss or Mnemonic.Mulsd or Mnemonic.Divss or Mnemonic.Divsd
                or Mnemonic.Sqrtss or Mnemonic.Sqrtsd or Mnemonic.Minss or Mnemonic.Minsd or Mnemonic.Maxss or Mnemonic.Maxsd
                or Mnemonic.Roundss or Mnemonic.Roundsd or Mnemonic.Ucomiss or Mnemonic.Ucomisd or Mnemonic.Xorps or Mnemonic.Orps
                or Mnemonic.Andps or Mnemonic.Cvtsi2ss or Mnemonic.Cvtsi2sd or Mnemonic.Cvttss2si or Mnemonic.Cvttsd2si
                or Mnemonic.Cvtss2sd or Mnemonic.Cvtsd2ss:
                Scalar(ins);
                return next;
            default:
                if (ins.FlowControl == FlowControl.ConditionalBranch)
                    return Condition(ins.ConditionCode) ? Jump(ins, (int)ins.NearBranchTarget) : next;
                throw new NotSupportedException($"the emulator does not implement {ins} (form {ins.Code}); extend it with the generator");
        }
    }

    private int? Jump(in X86Instruction ins, int target)
    {
        if (target != _trapExit) return target;
        // The trap exit unwinds with [r15 + SavedRsp] and reports eax.
        if (_r[Index(Register.R15)] != ContextBase) Violation(ins, "trap exit with a foreign r15");
        uint kind = (uint)_r[0] & 0xFF;
        if (kind == 0 || kind > (uint)Enum.GetValues<TenantDb.ProcSandbox.Runtime.TrapKind>().Length) Violation(ins, $"trap exit with trap code {(uint)_r[0]:X}");
        return null;
    }

    private int? Return(in X86Instruction ins)
    {
        ulong rsp = _r[Index(Register.RSP)];
        if (rsp != _entryRsp) Violation(ins, $"return with rsp {rsp:X}, not the caller's {_entryRsp:X}");
        if (ReadStack(rsp, 8) != ReturnSentinel) Violation(ins, "return through an overwritten return address");
        if (_r[Index(Register.RBP)] != _entryRbp) Violation(ins, "return without the caller's rbp");
        if (_r[Index(Register.R15)] != ContextBase || _r[Index(Register.R14)] != MemoryBase) Violation(ins, "return with r15/r14 changed");
        return null;
    }

    private int? Call(in X86Instruction ins, int next)
    {
        if (ins.Op0Kind == OpKind.Memory)
        {
            ulong slot = Address(ins);
            if (slot != ContextBase + VmContextLayout.MemoryGrowFn) Violation(ins, "call through a context slot other than memory.grow's");
            if (_r[Index(Register.RDI)] != ContextBase) Violation(ins, $"memory.grow called with rdi = {_r[Index(Register.RDI)]:X}, not the own context");
            if ((_r[Index(Register.RSP)] & 15) != 0) Violation(ins, "host call with a misaligned stack");
            foreach (var r in new[] { Register.RAX, Register.RCX, Register.RDX, Register.RSI, Register.RDI, Register.R8, Register.R9, Register.R10, Register.R11 })
                _r[Index(r)] = AdversarialValue();
            return next;
        }
        if (ins.Op0Kind == OpKind.Register) throw new NotSupportedException("indirect call: the callee is not emulated");
        // A direct call to a verified function: it preserves rbp, rsp, r14, r15 and clobbers the rest.
        for (int i = 0; i < 16; i++)
        {
            if ((Register.RAX + i) is not (Register.RSP or Register.RBP or Register.R14 or Register.R15)) _r[i] = AdversarialValue();
        }
        ArbitraryFlags();
        return next;
    }

    private void Arithmetic(in X86Instruction ins)
    {
        int size = Size(ins, 0);
        ulong a = Read(ins, 0, size);
        ulong b = Read(ins, 1, size);
        ulong result = ins.Mnemonic switch
        {
            Mnemonic.Add => a + b,
            Mnemonic.Sub or Mnemonic.Cmp => a - b,
            Mnemonic.And or Mnemonic.Test => a & b,
            Mnemonic.Or => a | b,
            _ => a ^ b,
        };
        if (ins.Mnemonic is Mnemonic.Add or Mnemonic.Sub or Mnemonic.Cmp) result = SetArithmeticFlags(a, b, result, size, ins.Mnemonic != Mnemonic.Add);
        else
        {
            SetLogicFlags(result, size);
        }
        if (ins.Mnemonic is not (Mnemonic.Cmp or Mnemonic.Test)) Write(ins, 0, result);
    }

    private ulong SetArithmeticFlags(ulong a, ulong b, ulong result, int size, bool subtract)
    {
        ulong mask = Mask(size);
        a &= mask;
        b &= mask;
        result &= mask;
        ulong sign = 1UL << (size * 8 - 1);
        _cf = subtract ? a < b : result < a;
        _of = subtract ? ((a ^ b) & (a ^ result) & sign) != 0 : (~(a ^ b) & (a ^ result) & sign) != 0;
        SetResultFlags(result, size);
        return result;
    }

    private void SetLogicFlags(ulong result, int size)
    {
        _cf = _of = false;
        SetResultFlags(result & Mask(size), size);
    }

    private void SetResultFlags(ulong result, int size)
    {
        _zf = result == 0;
        _sf = (result >> (size * 8 - 1) & 1) != 0;
        _pf = (System.Numerics.BitOperations.PopCount(result & 0xFF) & 1) == 0;
    }

    private void ArbitraryFlags()
    {
        int bits = _adversary.Next(32);
        _cf = (bits & 1) != 0;
        _zf = (bits & 2) != 0;
        _sf = (bits & 4) != 0;
        _of = (bits & 8) != 0;
        _pf = (bits & 16) != 0;
    }

    private bool Condition(ConditionCode condition) => condition switch
    {
        ConditionCode.e => _zf,
        ConditionCode.ne => !_zf,
        ConditionCode.b => _cf,
        ConditionCode.ae => !_cf,
        ConditionCode.be => _cf || _zf,
        ConditionCode.a => !_cf && !_zf,
        ConditionCode.l => _sf != _of,
        ConditionCode.ge => _sf == _of,
        ConditionCode.le => _zf || _sf != _of,
        ConditionCode.g => !_zf && _sf == _of,
        ConditionCode.s => _sf,
        ConditionCode.ns => !_sf,
        ConditionCode.p => _pf,
        ConditionCode.np => !_pf,
        ConditionCode.o => _of,
        ConditionCode.no => !_of,
        _ => throw new NotSupportedException(condition.ToString()),
    };

    private void Divide(in X86Instruction ins)
    {
        Divisions++;
        int size = Size(ins, 0);
        ulong divisor = Read(ins, 0, size);
        if (divisor == 0) Violation(ins, "division by zero (#DE: SIGFPE in the host)");
        UInt128 dividend = size == 8 ? ((UInt128)_r[Index(Register.RDX)] << 64) | _r[0] : ((UInt128)(uint)_r[Index(Register.RDX)] << 32) | (uint)_r[0];
        if (ins.Mnemonic == Mnemonic.Div)
        {
            UInt128 quotient = dividend / divisor;
            if (quotient > Mask(size)) Violation(ins, "div quotient overflow (#DE: SIGFPE in the host)");
            SetGpr(size == 8 ? Register.RAX : Register.EAX, (ulong)quotient, size);
            SetGpr(size == 8 ? Register.RDX : Register.EDX, (ulong)(dividend % divisor), size);
        }
        else
        {
            Int128 signedDividend = size == 8 ? (Int128)dividend : (Int128)(long)(ulong)dividend;
            long signedDivisor = (long)SignExtend(divisor, size);
            if (signedDividend == Int128.MinValue && signedDivisor == -1) Violation(ins, "idiv quotient overflow (#DE: SIGFPE in the host)");
            Int128 quotient = signedDividend / signedDivisor;
            Int128 min = size == 8 ? long.MinValue : int.MinValue, max = size == 8 ? long.MaxValue : int.MaxValue;
            if (quotient < min || quotient > max) Violation(ins, "idiv quotient overflow (#DE: SIGFPE in the host)");
            SetGpr(size == 8 ? Register.RAX : Register.EAX, (ulong)(long)quotient, size);
            SetGpr(size == 8 ? Register.RDX : Register.EDX, (ulong)(long)(signedDividend % signedDivisor), size);
        }
        ArbitraryFlags();
    }

    /// <summary>SSE: xmm values are not tracked (any value); memory operands are checked; a general destination gets any value.</summary>
    private void Scalar(in X86Instruction ins)
    {
        for (int i = 0; i < ins.OpCount; i++)
        {
            if (ins.GetOpKind(i) != OpKind.Memory) continue;
            if (i == 0) Store(ins, Address(ins), ins.MemorySize.GetSize(), AdversarialValue());
            else Load(ins, Address(ins), ins.MemorySize.GetSize());
        }
        if (ins.Op0Kind == OpKind.Register && ins.Op0Register.IsGPR()) Write(ins, 0, AdversarialValue());
        if (ins.Mnemonic is Mnemonic.Ucomiss or Mnemonic.Ucomisd) ArbitraryFlags();
    }

    private void Shift(in X86Instruction ins)
    {
        int size = Size(ins, 0);
        int bits = size * 8;
        ulong a = Read(ins, 0, size);
        int count = (int)(Read(ins, 1, 1) & (size == 8 ? 63UL : 31UL));
        ArbitraryFlags();
        if (count == 0)
        {
            if (size == 4 && !_cpu.ZeroCountKeepsRegister) Write(ins, 0, a);
            return;
        }
        ulong mask = Mask(size);
        ulong result = ins.Mnemonic switch
        {
            Mnemonic.Shl => a << count,
            Mnemonic.Shr => a >> count,
            Mnemonic.Sar => (ulong)((long)SignExtend(a, size) >> count),
            Mnemonic.Rol => (a << count) | (a >> (bits - count)),
            _ => (a >> count) | (a << (bits - count)),
        };
        Write(ins, 0, result & mask);
    }

    private void BitCount(in X86Instruction ins)
    {
        int size = Size(ins, 0);
        int bits = size * 8;
        ulong source = Read(ins, 1, size);
        var mnemonic = ins.Mnemonic;
        if (!_cpu.HasLzcntTzcnt && mnemonic == Mnemonic.Lzcnt) mnemonic = Mnemonic.Bsr;
        if (!_cpu.HasLzcntTzcnt && mnemonic == Mnemonic.Tzcnt) mnemonic = Mnemonic.Bsf;
        switch (mnemonic)
        {
            case Mnemonic.Bsf or Mnemonic.Bsr:
                ArbitraryFlags();
                _zf = source == 0;
                if (source == 0) return; // the destination is left as it was (all 64 bits)
                Write(ins, 0, mnemonic == Mnemonic.Bsf
                    ? (ulong)System.Numerics.BitOperations.TrailingZeroCount(source)
                    : (ulong)(63 - System.Numerics.BitOperations.LeadingZeroCount(source)));
                return;
            case Mnemonic.Lzcnt:
            {
                ulong result = (ulong)(System.Numerics.BitOperations.LeadingZeroCount(source) - (64 - bits));
                _cf = source == 0;
                _zf = result == 0;
                Write(ins, 0, result);
                return;
            }
            case Mnemonic.Tzcnt:
            {
                ulong result = source == 0 ? (ulong)bits : (ulong)System.Numerics.BitOperations.TrailingZeroCount(source);
                _cf = source == 0;
                _zf = result == 0;
                Write(ins, 0, result);
                return;
            }
            default:
            {
                ulong result = (ulong)System.Numerics.BitOperations.PopCount(source);
                SetLogicFlags(result, size);
                Write(ins, 0, result);
                return;
            }
        }
    }

    // ---- operands ----

    private static int Size(in X86Instruction ins, int operand) => ins.GetOpKind(operand) switch
    {
        OpKind.Register => ins.GetOpRegister(operand).GetSize(),
        OpKind.Memory => ins.MemorySize.GetSize(),
        OpKind.Immediate8 => 1,
        _ => 8,
    };

    private ulong Read(in X86Instruction ins, int operand, int size)
    {
        switch (ins.GetOpKind(operand))
        {
            case OpKind.Register:
            {
                var register = ins.GetOpRegister(operand);
                if (register.IsXMM()) return AdversarialValue() & Mask(size);
                return GetGpr(register);
            }
            case OpKind.Memory:
                return Load(ins, Address(ins), ins.MemorySize.GetSize()) & Mask(size);
            default:
                return ins.GetImmediate(operand) & Mask(size);
        }
    }

    private void Write(in X86Instruction ins, int operand, ulong value)
    {
        switch (ins.GetOpKind(operand))
        {
            case OpKind.Register:
            {
                var register = ins.GetOpRegister(operand);
                if (register.IsXMM()) return;
                SetGpr(register, value, register.GetSize());
                return;
            }
            case OpKind.Memory:
                Store(ins, Address(ins), ins.MemorySize.GetSize(), value);
                return;
            default:
                throw new InvalidOperationException("write to an immediate");
        }
    }

    private ulong Address(in X86Instruction ins)
    {
        if (ins.IsIPRelativeMemoryOperand) return CodeBase + ins.IPRelativeMemoryAddress;
        ulong address = ins.MemoryDisplacement64;
        if (ins.MemoryBase != Register.None) address += _r[Index(ins.MemoryBase)];
        if (ins.MemoryIndex != Register.None) address += _r[Index(ins.MemoryIndex)] * (ulong)ins.MemoryIndexScale;
        return address;
    }

    private ulong Load(in X86Instruction ins, ulong address, int size)
    {
        MemoryAccesses++;
        if (InLinearMemory(address, size)) return AdversarialValue();
        if (address >= ContextBase && address + (ulong)size <= ContextBase + (ulong)_context.Length)
            return Get(_context, (int)(address - ContextBase), size);
        if (InStack(address, size))
        {
            ExplicitStackAccess(ins, address, size, write: false);
            return ReadStack(address, size);
        }
        foreach (var table in _layout.JumpTables)
        {
            ulong start = CodeBase + (ulong)table.Offset;
            if (address >= start && address + (ulong)size <= start + 4 * (ulong)table.EntryCount) return Get(_code, (int)(address - CodeBase), size);
        }
        Violation(ins, $"read of {size} bytes at {address:X}, outside the reserved region");
        return 0;
    }

    private void Store(in X86Instruction ins, ulong address, int size, ulong value)
    {
        MemoryAccesses++;
        if (InLinearMemory(address, size)) return;
        if (address is ContextBase + VmContextLayout.Fuel or ContextBase + VmContextLayout.FuelReserve && size == 8)
        {
            Put(_context, (int)(address - ContextBase), value);
            return;
        }
        if (_layout.Context is { } context && address >= ContextBase + (ulong)context.DefinedGlobals && address + (ulong)size <= ContextBase + (ulong)_context.Length)
        {
            for (int i = 0; i < size; i++) _context[(int)(address - ContextBase) + i] = (byte)(value >> (8 * i));
            return;
        }
        if (InStack(address, size))
        {
            ExplicitStackAccess(ins, address, size, write: true);
            WriteStack(address, value, size);
            return;
        }
        Violation(ins, $"write of {size} bytes at {address:X}, outside the reserved region");
    }

    private static bool InLinearMemory(ulong address, int size) =>
        address >= MemoryBase && address + (ulong)size <= MemoryBase + MemorySize && address + (ulong)size > address;

    private static bool InStack(ulong address, int size) => address >= StackTop - StackBytes && address + (ulong)size <= StackTop;

    /// <summary>Explicit operands reach the own frame (below the saved rbp) and the parameters, never the saved rbp or return address.</summary>
    private void ExplicitStackAccess(in X86Instruction ins, ulong address, int size, bool write)
    {
        ulong savedRbp = _entryRsp - 8;
        ulong parametersEnd = _entryRsp + 8 + 8 * (ulong)_parameters;
        bool inFrame = address + (ulong)size <= savedRbp && address >= savedRbp - (ulong)_frameBytes;
        bool inParameters = address >= _entryRsp + 8 && address + (ulong)size <= parametersEnd;
        if (!inFrame && !inParameters) Violation(ins, $"{(write ? "write" : "read")} of {size} bytes at {address:X}, outside the frame and parameters");
    }

    /// <summary>Implicit stack accesses (push, pop, leave): within the stack the verifier's push cap allows.</summary>
    private void StackAccess(in X86Instruction ins, ulong address, int size)
    {
        if (!InStack(address, size) || address < _entryRsp - 8 - (ulong)_frameBytes - 64 * 1024) Violation(ins, $"stack access at {address:X} outside the frame");
    }

    private ulong ReadStack(ulong address, int size) => Get(_stack, (int)(address - (StackTop - StackBytes)), size);

    private void WriteStack(ulong address, ulong value, int size)
    {
        int at = (int)(address - (StackTop - StackBytes));
        for (int i = 0; i < size; i++) _stack[at + i] = (byte)(value >> (8 * i));
    }

    private static ulong Get(byte[] bytes, int at, int size)
    {
        ulong value = 0;
        for (int i = 0; i < size; i++) value |= (ulong)bytes[at + i] << (8 * i);
        return value;
    }

    private static void Put(byte[] bytes, int at, ulong value)
    {
        for (int i = 0; i < 8; i++) bytes[at + i] = (byte)(value >> (8 * i));
    }

    // ---- registers ----

    private static int Index(Register register) => register.GetFullRegister() - Register.RAX;

    private ulong GetGpr(Register register)
    {
        ulong full = _r[Index(register)];
        if (register is >= Register.AH and <= Register.BH) return (full >> 8) & 0xFF;
        return full & Mask(register.GetSize());
    }

    /// <summary>The architectural write: 32-bit zero-extends, 8/16-bit keep the rest.</summary>
    private void SetGpr(Register register, ulong value, int size)
    {
        int i = Index(register);
        if (register is >= Register.AH and <= Register.BH)
        {
            _r[i] = (_r[i] & ~0xFF00UL) | ((value & 0xFF) << 8);
            return;
        }
        _r[i] = size switch
        {
            8 => value,
            4 => value & 0xFFFF_FFFF,
            _ => (_r[i] & ~Mask(size)) | (value & Mask(size)),
        };
    }

    private void SetFull(Register register, ulong value) => _r[Index(register)] = value;

    private static ulong Mask(int size) => size >= 8 ? ulong.MaxValue : (1UL << (size * 8)) - 1;

    private static ulong SignExtend(ulong value, int size) => size switch
    {
        1 => (ulong)(long)(sbyte)value,
        2 => (ulong)(long)(short)value,
        4 => (ulong)(long)(int)value,
        _ => value,
    };

    /// <summary>What an attacker would pick: boundary values around 0, 2^31, 2^32 and 2^63, or anything.</summary>
    private ulong AdversarialValue()
    {
        ulong small = (ulong)_adversary.Next(0, _adversary.Next(2) == 0 ? 4 : 0x2_0000);
        return _adversary.Next(11) switch
        {
            0 or 10 => 0,
            1 => ulong.MaxValue - small,
            2 => 0x1_0000_0000 + small,
            3 => 0xFFFF_FFFF - small,
            4 => 0x8000_0000 + small - 0x1_0000,
            5 => 0x8000_0000_0000_0000 + small,
            6 => small,
            7 => 1,
            _ => (ulong)_adversary.NextInt64() ^ ((ulong)_adversary.Next() << 63),
        };
    }
}
