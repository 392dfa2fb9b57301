using TenantDb.ProcSandbox.Binary;
using TenantDb.ProcSandbox.Module;

namespace TenantDb.ProcSandbox.Validation;

/// <summary>
/// Validates function bodies of one module with the spec's algorithm (operand stack of value
/// types, with "unknown" for the polymorphic stack after an unconditional branch, and a control
/// frame stack). Its stacks are reused from body to body, so validating allocates little.
/// Block structure and opcodes were already checked by the decoder.
/// </summary>
internal sealed class FunctionBodyValidator
{
    /// <summary>The unknown (bottom) type: what a pop in unreachable code yields; matches every type.</summary>
    private const ValType Unknown = 0;

    private readonly WasmModule _module;
    private readonly FuncType[] _functionTypes;
    private readonly GlobalType[] _globalTypes;
    private readonly bool _hasMemory;
    private readonly bool _hasTable;

    private ValType[] _operands = new ValType[64];
    private int _operandCount;
    private ControlFrame[] _frames = new ControlFrame[16];
    private int _frameCount;
    private long[] _localRunEnds = new long[16];
    private ValType[] _localRunTypes = new ValType[16];
    private int _localRuns;
    private long _localCount;
    private int _maxOperands;
    private int _maxFrames;
    private long _offset;

    public FunctionBodyValidator(WasmModule module, IndexSpaces spaces)
    {
        _module = module;
        _functionTypes = spaces.Functions;
        _globalTypes = spaces.Globals;
        _hasMemory = spaces.MemoryCount > 0;
        _hasTable = spaces.TableCount > 0;
    }

    public void Validate(FunctionBody body, FuncType type)
    {
        SetUpLocals(body, type);
        _operandCount = 0;
        _frameCount = 0;
        _maxOperands = 0;
        _maxFrames = 0;
        var result = type.Results.Length == 0 ? BlockType.Empty : (BlockType)type.Results[0];
        PushFrame(Opcode.Block, result);

        var reader = new InstructionReader(body.Code.Span, body.CodeOffset);
        while (_frameCount > 0)
        {
            var instruction = reader.Read();
            _offset = instruction.ModuleOffset;
            Visit(in instruction, type);
        }
        body.MaxOperandStackDepth = _maxOperands;
        body.MaxControlDepth = _maxFrames;
    }

    /// <summary>
    /// Records the locals as runs (parameters first, one run each) with their cumulative end
    /// index, so a lookup is a binary search: expanding them would let a tiny body that declares
    /// 50,000 locals cost 50,000 writes, per function.
    /// </summary>
    private void SetUpLocals(FunctionBody body, FuncType type)
    {
        int runs = type.Parameters.Length + body.Locals.Length;
        if (_localRunEnds.Length < runs)
        {
            _localRunEnds = new long[runs];
            _localRunTypes = new ValType[runs];
        }
        long end = 0;
        int r = 0;
        foreach (var parameter in type.Parameters)
        {
            _localRunEnds[r] = ++end;
            _localRunTypes[r++] = parameter;
        }
        foreach (var run in body.Locals)
        {
            if (run.Count == 0) continue;
            end += run.Count;
            _localRunEnds[r] = end;
            _localRunTypes[r++] = run.Type;
        }
        ImplementationLimits.Check(LimitNames.FunctionLocals, ImplementationLimits.MaxFunctionLocals, end, body.CodeOffset);
        _localRuns = r;
        _localCount = end;
    }

    private void Visit(in Instruction instruction, FuncType type)
    {
        var opcode = instruction.Opcode;
        switch (opcode)
        {
            case Opcode.Unreachable:
                MarkUnreachable();
                break;
            case Opcode.Nop:
                break;
            case Opcode.Block or Opcode.Loop:
                PushFrame(opcode, instruction.BlockType);
                break;
            case Opcode.If:
                Pop(ValType.I32);
                PushFrame(opcode, instruction.BlockType);
                break;
            case Opcode.Else:
            {
                var frame = PopFrame();
                PushFrame(Opcode.Else, frame.Type);
                break;
            }
            case Opcode.End:
            {
                var frame = PopFrame();
                // An if without else must leave the stack as it found it: its implicit else produces nothing.
                if (frame.Kind == Opcode.If && frame.Type != BlockType.Empty) Fail(ValidationMessages.TypeMismatch);
                if (frame.Type != BlockType.Empty) Push((ValType)frame.Type);
                break;
            }
            case Opcode.Br:
                PopLabelValues(Label(instruction.Index));
                MarkUnreachable();
                break;
            case Opcode.BrIf:
            {
                Pop(ValType.I32);
                var label = Label(instruction.Index);
                PopLabelValues(label);
                if (label != BlockType.Empty) Push((ValType)label);
                break;
            }
            case Opcode.BrTable:
                VisitBrTable(in instruction);
                break;
            case Opcode.Return:
                if (type.Results.Length != 0) Pop(type.Results[0]);
                MarkUnreachable();
                break;
            case Opcode.Call:
                if (instruction.Index >= (uint)_functionTypes.Length) Fail(ValidationMessages.UnknownFunction);
                ApplyCall(_functionTypes[instruction.Index]);
                break;
            case Opcode.CallIndirect:
                if (!_hasTable) Fail(ValidationMessages.UnknownTable);
                if (instruction.Index >= (uint)_module.Types.Count) Fail(ValidationMessages.UnknownType);
                Pop(ValType.I32);
                ApplyCall(_module.Types[(int)instruction.Index]);
                break;
            case Opcode.Drop:
                Pop();
                break;
            case Opcode.Select:
            {
                Pop(ValType.I32);
                var first = Pop();
                var second = Pop();
                if (first != Unknown && second != Unknown && first != second) Fail(ValidationMessages.TypeMismatch);
                Push(first != Unknown ? first : second);
                break;
            }
            case Opcode.LocalGet:
                Push(Local(instruction.Index));
                break;
            case Opcode.LocalSet:
                Pop(Local(instruction.Index));
                break;
            case Opcode.LocalTee:
            {
                var local = Local(instruction.Index);
                Pop(local);
                Push(local);
                break;
            }
            case Opcode.GlobalGet:
                Push(Global(instruction.Index).Type);
                break;
            case Opcode.GlobalSet:
            {
                var global = Global(instruction.Index);
                if (!global.Mutable) Fail(ValidationMessages.GlobalImmutable);
                Pop(global.Type);
                break;
            }
            case >= Opcode.I32Load and <= Opcode.I64Store32:
                VisitMemoryAccess(in instruction);
                break;
            case Opcode.MemorySize:
                RequireMemory();
                Push(ValType.I32);
                break;
            case Opcode.MemoryGrow:
                RequireMemory();
                Pop(ValType.I32);
                Push(ValType.I32);
                break;
            case Opcode.I32Const: Push(ValType.I32); break;
            case Opcode.I64Const: Push(ValType.I64); break;
            case Opcode.F32Const: Push(ValType.F32); break;
            case Opcode.F64Const: Push(ValType.F64); break;
            default:
            {
                // The decoder admits only known opcodes; all the rest are plain numeric operators.
                var signature = NumericSignature.Of(opcode);
                if (signature.IsBinary) Pop(signature.Second);
                Pop(signature.First);
                Push(signature.Result);
                break;
            }
        }
    }

    private void VisitBrTable(in Instruction instruction)
    {
        Pop(ValType.I32);
        var defaultLabel = Label(instruction.Index);
        foreach (uint depth in instruction.BrTableTargets)
        {
            // WebAssembly 1.0 requires every target to carry exactly the default's types.
            if (Label(depth) != defaultLabel) Fail(ValidationMessages.TypeMismatch);
        }
        PopLabelValues(defaultLabel);
        MarkUnreachable();
    }

    private void VisitMemoryAccess(in Instruction instruction)
    {
        RequireMemory();
        var (value, width) = MemoryAccess.Of(instruction.Opcode);
        // Alignment is a power of two up to the access width: align (log2) must not exceed log2(width).
        if (instruction.Align > 3 || (1u << (int)instruction.Align) > width) Fail(ValidationMessages.Alignment);
        if (MemoryAccess.IsStore(instruction.Opcode))
        {
            Pop(value);
            Pop(ValType.I32);
        }
        else
        {
            Pop(ValType.I32);
            Push(value);
        }
    }

    private void ApplyCall(FuncType callee)
    {
        for (int i = callee.Parameters.Length - 1; i >= 0; i--) Pop(callee.Parameters[i]);
        foreach (var result in callee.Results) Push(result);
    }

    private void RequireMemory()
    {
        if (!_hasMemory) Fail(ValidationMessages.UnknownMemory);
    }

    private ValType Local(uint index)
    {
        if (index >= _localCount) Fail(ValidationMessages.UnknownLocal);
        // First run whose end lies beyond the index.
        int lo = 0, hi = _localRuns - 1;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_localRunEnds[mid] > index) hi = mid;
            else lo = mid + 1;
        }
        return _localRunTypes[lo];
    }

    private GlobalType Global(uint index)
    {
        if (index >= (uint)_globalTypes.Length) Fail(ValidationMessages.UnknownGlobal);
        return _globalTypes[index];
    }

    private BlockType Label(uint depth)
    {
        if (depth >= (uint)_frameCount) Fail(ValidationMessages.UnknownLabel);
        return _frames[_frameCount - 1 - (int)depth].LabelType;
    }

    private void PopLabelValues(BlockType label)
    {
        if (label != BlockType.Empty) Pop((ValType)label);
    }

    private void Push(ValType type)
    {
        if (_operandCount == _operands.Length) Array.Resize(ref _operands, _operands.Length * 2);
        _operands[_operandCount++] = type;
        if (_operandCount > _maxOperands)
        {
            _maxOperands = _operandCount;
            // The compiler gives every stack position a frame slot; bounding the height bounds the frame.
            if (_maxOperands > ImplementationLimits.MaxOperandStackHeight)
            {
                ImplementationLimits.Throw(LimitNames.OperandStackHeight, ImplementationLimits.MaxOperandStackHeight, _maxOperands, _offset);
            }
        }
    }

    private ValType Pop()
    {
        ref var frame = ref _frames[_frameCount - 1];
        if (_operandCount == frame.Height)
        {
            if (frame.Unreachable) return Unknown;
            Fail(ValidationMessages.TypeMismatch);
        }
        return _operands[--_operandCount];
    }

    private void Pop(ValType expected)
    {
        var actual = Pop();
        if (actual != expected && actual != Unknown) Fail(ValidationMessages.TypeMismatch);
    }

    private void PushFrame(Opcode kind, BlockType type)
    {
        if (_frameCount == _frames.Length) Array.Resize(ref _frames, _frames.Length * 2);
        _frames[_frameCount++] = new ControlFrame { Kind = kind, Type = type, Height = _operandCount };
        if (_frameCount > _maxFrames) _maxFrames = _frameCount;
    }

    private ControlFrame PopFrame()
    {
        var frame = _frames[_frameCount - 1];
        if (frame.Type != BlockType.Empty) Pop((ValType)frame.Type);
        if (_operandCount != frame.Height) Fail(ValidationMessages.TypeMismatch);
        _frameCount--;
        return frame;
    }

    private void MarkUnreachable()
    {
        ref var frame = ref _frames[_frameCount - 1];
        _operandCount = frame.Height;
        frame.Unreachable = true;
    }

    private void Fail(string message) => ValidationMessages.Throw(message, _offset);
}
