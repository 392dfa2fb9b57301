using System.Buffers.Binary;
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
        var opcode = (Opcode)op;
        switch (OpcodeImmediates.Of(op))
        {
            case ImmediateKind.None:
                return new Instruction(opcode, start, _baseOffset);
            case ImmediateKind.BlockType:
                return new Instruction(opcode, start, _baseOffset, blockType: ReadBlockType());
            case ImmediateKind.Index:
                return new Instruction(opcode, start, _baseOffset, index: ReadU32());
            case ImmediateKind.BrTable:
                return ReadBrTable(opcode, start);
            case ImmediateKind.CallIndirect:
            {
                uint typeIndex = ReadU32();
                ReadZeroByte();
                return new Instruction(opcode, start, _baseOffset, index: typeIndex);
            }
            case ImmediateKind.MemArg:
            {
                uint align = ReadU32();
                uint offset = ReadU32();
                return new Instruction(opcode, start, _baseOffset, align: align, memoryOffset: offset);
            }
            case ImmediateKind.ZeroByte:
                ReadZeroByte();
                return new Instruction(opcode, start, _baseOffset);
            case ImmediateKind.I32:
                return new Instruction(opcode, start, _baseOffset, bits: (uint)Leb128.ReadS32(_code, ref _pos, _baseOffset));
            case ImmediateKind.I64:
                return new Instruction(opcode, start, _baseOffset, bits: (ulong)Leb128.ReadS64(_code, ref _pos, _baseOffset));
            case ImmediateKind.F32:
                return new Instruction(opcode, start, _baseOffset, bits: BinaryPrimitives.ReadUInt32LittleEndian(Take(4)));
            case ImmediateKind.F64:
                return new Instruction(opcode, start, _baseOffset, bits: BinaryPrimitives.ReadUInt64LittleEndian(Take(8)));
            default:
                DecodeError.Throw(DecodeMessages.UnknownOperator, _baseOffset + start);
                return default;
        }
    }

    private Instruction ReadBrTable(Opcode opcode, int start)
    {
        uint count = ReadU32();
        // Each target takes at least one byte: a count beyond the remaining bytes cannot be satisfied.
        if (count > (uint)(_code.Length - _pos)) DecodeError.Throw(DecodeMessages.UnexpectedEndOfSection, _baseOffset + _pos);
        int targetsStart = _pos;
        for (uint i = 0; i < count; i++) ReadU32();
        var targets = new BrTableTargets(_code[targetsStart.._pos], count);
        uint defaultTarget = ReadU32();
        return new Instruction(opcode, start, _baseOffset, index: defaultTarget, brTableTargets: targets);
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
