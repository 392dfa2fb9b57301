using FsCheck.Xunit;
using TenantDb.ProcSandbox.Binary;
using TenantDb.ProcSandbox.Errors;

namespace TenantDb.ProcSandbox.Tests.Frontend;

/// <summary>Round trips through a reference LEB128 encoder, including padded (non-minimal) encodings.</summary>
public class Leb128Properties
{
    internal static List<byte> EncodeSigned(long value, int minBytes = 0)
    {
        var bytes = new List<byte>();
        while (true)
        {
            byte b = (byte)(value & 0x7F);
            value >>= 7;
            bool done = (value == 0 && (b & 0x40) == 0) || (value == -1 && (b & 0x40) != 0);
            if (done && bytes.Count + 1 >= minBytes)
            {
                bytes.Add(b);
                return bytes;
            }
            bytes.Add((byte)(b | 0x80));
        }
    }

    internal static List<byte> EncodeUnsigned(ulong value, int minBytes = 0)
    {
        var bytes = new List<byte>();
        do
        {
            byte b = (byte)(value & 0x7F);
            value >>= 7;
            bool last = value == 0 && bytes.Count + 1 >= minBytes;
            bytes.Add(last ? b : (byte)(b | 0x80));
            if (last) return bytes;
        }
        while (true);
    }

    [Property(MaxTest = 500)]
    public bool U32_round_trips_with_any_padding_up_to_five_bytes(uint value, byte pad)
    {
        byte[] bytes = [.. EncodeUnsigned(value, pad % 6)];
        int pos = 0;
        return Leb128.ReadU32(bytes, ref pos, 0) == value && pos == bytes.Length;
    }

    [Property(MaxTest = 500)]
    public bool S32_round_trips_with_any_padding_up_to_five_bytes(int value, byte pad)
    {
        byte[] bytes = [.. EncodeSigned(value, pad % 6)];
        int pos = 0;
        return Leb128.ReadS32(bytes, ref pos, 0) == value && pos == bytes.Length;
    }

    [Property(MaxTest = 500)]
    public bool S64_round_trips_with_any_padding_up_to_ten_bytes(long value, byte pad)
    {
        byte[] bytes = [.. EncodeSigned(value, pad % 11)];
        int pos = 0;
        return Leb128.ReadS64(bytes, ref pos, 0) == value && pos == bytes.Length;
    }

    [Property(MaxTest = 300)]
    public void Values_beyond_32_bits_are_rejected(long value)
    {
        if (value is >= int.MinValue and <= int.MaxValue) return;
        byte[] signed = [.. EncodeSigned(value)];
        Assert.Throws<WasmMalformedException>(() => { int pos = 0; Leb128.ReadS32(signed, ref pos, 0); });
        if (value > uint.MaxValue)
        {
            byte[] unsigned = [.. EncodeUnsigned((ulong)value)];
            Assert.Throws<WasmMalformedException>(() => { int pos = 0; Leb128.ReadU32(unsigned, ref pos, 0); });
        }
    }

    [Property(MaxTest = 300)]
    public bool Instruction_immediates_round_trip(int i32, long i64, uint align, uint offset, uint[] targets, uint defaultTarget)
    {
        var code = new List<byte> { 0x41 };
        code.AddRange(EncodeSigned(i32));
        code.Add(0x42);
        code.AddRange(EncodeSigned(i64));
        code.Add(0x29);
        code.AddRange(EncodeUnsigned(align));
        code.AddRange(EncodeUnsigned(offset));
        code.Add(0x0E);
        code.AddRange(EncodeUnsigned((uint)targets.Length));
        foreach (uint t in targets) code.AddRange(EncodeUnsigned(t));
        code.AddRange(EncodeUnsigned(defaultTarget));
        code.Add(0x0B);

        var reader = new InstructionReader([.. code]);
        bool ok = reader.Read().I32Value == i32;
        ok &= reader.Read().I64Value == i64;
        var load = reader.Read();
        ok &= load.Opcode == Opcode.I64Load && load.Align == align && load.MemoryOffset == offset;
        var table = reader.Read();
        ok &= table.Index == defaultTarget && table.BrTableTargets.Count == (uint)targets.Length;
        int k = 0;
        foreach (uint t in table.BrTableTargets) ok &= t == targets[k++];
        ok &= k == targets.Length;
        ok &= reader.Read().Opcode == Opcode.End && !reader.HasMore;
        return ok;
    }
}
