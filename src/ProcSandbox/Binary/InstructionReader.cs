using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using TenantDb.ProcSandbox.Errors;

namespace TenantDb.ProcSandbox.Binary;

/// <summary>
/// Reads a function body's (or constant expression's) instructions one at a time with their
/// immediates, without allocating. Malformed bytes (unknown opcode, bad LEB128, non-zero reserved
/// byte, truncation) throw <see cref="WasmMalformedException"/> with the module offset.
/// It does not check block structure; <see cref="WasmDecoder"/> does that once at decode time.
/// </summary>
public ref struct InstructionReader
{
    private readonly ReadOnlySpan<byte> _code;
    private readonly long _baseOffset;
    private int _pos;

    /// <summary>Creates a reader over <paramref name="code"/>, whose first byte is at module offset <paramref name="baseOffset"/>.</summary>
    public InstructionReader(ReadOnlySpan<byte> code, long baseOffset = 0)
    {
        _code = code;
        _baseOffset = baseOffset;
        _pos = 0;
    }

    /// <summary>True while bytes remain to be read.</summary>
    public readonly bool HasMore => _pos < _code.Length;

    /// <summary>Offset within the code span of the next instruction.</summary>
    public readonly int Position => _pos;

    /// <summary>Reads the next instruction; throws <see cref="WasmMalformedException"/> if there is none or it is malformed.</summary>
    public Instruction Read()
    {
        int start = _pos;
        if (start >= _code.Length) DecodeError.Throw(DecodeMessages.UnexpectedEndOfSection, _baseOffset + start);
        byte op = _code[_pos++];
        // One construction at the end: a `new Instruction` per case would give the method one zero-initialised
        // temporary per case (the struct holds a span), several hundred bytes cleared on every call.
        uint index = 0, align = 0, memoryOffset = 0;
        ulong bits = 0;
        BlockType blockType = 0;
        switch (OpcodeImmediates.Of(op))
        {
            case ImmediateKind.None:
                break;
            case ImmediateKind.BlockType:
                blockType = ReadBlockType();
                break;
            case ImmediateKind.Index:
                index = ReadU32();
                break;
            case ImmediateKind.BrTable:
                return ReadBrTable(start);
            case ImmediateKind.CallIndirect:
                index = ReadU32();
                ReadZeroByte();
                break;
            case ImmediateKind.MemArg:
                align = ReadU32();
                memoryOffset = ReadU32();
                break;
            case ImmediateKind.ZeroByte:
                ReadZeroByte();
                break;
            case ImmediateKind.I32:
                bits = (uint)Leb128.ReadS32(_code, ref _pos, _baseOffset);
                break;
            case ImmediateKind.I64:
                bits = (ulong)Leb128.ReadS64(_code, ref _pos, _baseOffset);
                break;
            case ImmediateKind.F32:
                bits = BinaryPrimitives.ReadUInt32LittleEndian(Take(4));
                break;
            case ImmediateKind.F64:
                bits = BinaryPrimitives.ReadUInt64LittleEndian(Take(8));
                break;
            default:
                DecodeError.Throw(DecodeMessages.UnknownOperator, _baseOffset + start);
                break;
        }
        return new Instruction((Opcode)op, start, _baseOffset, index, bits, align, memoryOffset, blockType, _code, 0, 0, 0);
    }

    /// <summary>
    /// The rest of a <c>br_table</c> at <paramref name="start"/>. Apart from <see cref="Read"/> because its targets are a span:
    /// a span local there would make every call clear its whole stack frame first.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private Instruction ReadBrTable(int start)
    {
        uint count = ReadBrTableTargets(out int targetsStart, out int targetsLength, out uint defaultTarget);
        return new Instruction(Opcode.BrTable, start, _baseOffset, defaultTarget, 0, 0, 0, 0, _code, targetsStart, targetsLength, count);
    }

    /// <summary>
    /// Reads past the next instruction and returns its opcode, for scans that need no immediates: the same checks and
    /// errors as <see cref="Read"/> (the immediates are read in the same order), without building an <see cref="Instruction"/>.
    /// </summary>
    public Opcode Skip()
    {
        int start = _pos;
        if (start >= _code.Length) DecodeError.Throw(DecodeMessages.UnexpectedEndOfSection, _baseOffset + start);
        byte op = _code[_pos++];
        switch (OpcodeImmediates.Of(op))
        {
            case ImmediateKind.None:
                break;
            case ImmediateKind.BlockType:
                ReadBlockType();
                break;
            case ImmediateKind.Index:
                ReadU32();
                break;
            case ImmediateKind.BrTable:
                ReadBrTableTargets(out _, out _, out _);
                break;
            case ImmediateKind.CallIndirect:
                ReadU32();
                ReadZeroByte();
                break;
            case ImmediateKind.MemArg:
                ReadU32();
                ReadU32();
                break;
            case ImmediateKind.ZeroByte:
                ReadZeroByte();
                break;
            case ImmediateKind.I32:
                Leb128.ReadS32(_code, ref _pos, _baseOffset);
                break;
            case ImmediateKind.I64:
                Leb128.ReadS64(_code, ref _pos, _baseOffset);
                break;
            case ImmediateKind.F32:
                Take(4);
                break;
            case ImmediateKind.F64:
                Take(8);
                break;
            default:
                DecodeError.Throw(DecodeMessages.UnknownOperator, _baseOffset + start);
                break;
        }
        return (Opcode)op;
    }

    /// <summary>Reads a br_table's target count (returned), targets (where they are in the code) and default target.</summary>
    private uint ReadBrTableTargets(out int targetsStart, out int targetsLength, out uint defaultTarget)
    {
        uint count = ReadU32();
        // Each target takes at least one byte: a count beyond the remaining bytes cannot be satisfied.
        if (count > (uint)(_code.Length - _pos)) DecodeError.Throw(DecodeMessages.UnexpectedEndOfSection, _baseOffset + _pos);
        targetsStart = _pos;
        for (uint i = 0; i < count; i++) ReadU32();
        targetsLength = _pos - targetsStart;
        defaultTarget = ReadU32();
        return count;
    }

    private BlockType ReadBlockType()
    {
        if (_pos >= _code.Length) DecodeError.Throw(DecodeMessages.UnexpectedEndOfSection, _baseOffset + _pos);
        byte b = _code[_pos++];
        return b switch
        {
            0x40 or 0x7F or 0x7E or 0x7D or 0x7C => (BlockType)b,
            _ => ThrowInvalidBlockType(_baseOffset + _pos - 1),
        };
    }

    private static BlockType ThrowInvalidBlockType(long offset)
    {
        DecodeError.Throw(DecodeMessages.InvalidValueType, offset);
        return default;
    }

    private void ReadZeroByte()
    {
        if (_pos >= _code.Length) DecodeError.Throw(DecodeMessages.UnexpectedEndOfSection, _baseOffset + _pos);
        if (_code[_pos++] != 0) DecodeError.Throw(DecodeMessages.ZeroFlag, _baseOffset + _pos - 1);
    }

    private uint ReadU32() => Leb128.ReadU32(_code, ref _pos, _baseOffset);

    private ReadOnlySpan<byte> Take(int length)
    {
        if (_code.Length - _pos < length) DecodeError.Throw(DecodeMessages.UnexpectedEndOfSection, _baseOffset + _pos);
        var slice = _code.Slice(_pos, length);
        _pos += length;
        return slice;
    }
}
