using System.Runtime.CompilerServices;

namespace TenantDb.ProcSandbox.Binary;

/// <summary>
/// Strict LEB128 readers as the spec's binary format requires: at most ceil(N/7) bytes for an
/// N-bit integer ("integer representation too long"), and in the last byte the bits beyond N must
/// be zero (unsigned) or copies of the sign bit (signed) ("integer too large").
/// Positions are indices into <c>data</c>; <c>baseOffset</c> turns them into module offsets for errors.
/// </summary>
internal static class Leb128
{
    /// <summary>Reads an unsigned 32-bit LEB128 value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint ReadU32(ReadOnlySpan<byte> data, ref int pos, long baseOffset)
    {
        // Fast path: one byte, the common case for counts and indices.
        if ((uint)pos < (uint)data.Length && data[pos] < 0x80)
        {
            return data[pos++];
        }
        return ReadU32Slow(data, ref pos, baseOffset);
    }

    private static uint ReadU32Slow(ReadOnlySpan<byte> data, ref int pos, long baseOffset)
    {
        uint result = 0;
        for (int i = 0; ; i++)
        {
            if ((uint)pos >= (uint)data.Length) DecodeError.Throw(DecodeMessages.UnexpectedEnd, baseOffset + pos);
            byte b = data[pos++];
            if (i == 4)
            {
                if ((b & 0x80) != 0) DecodeError.Throw(DecodeMessages.IntegerTooLong, baseOffset + pos - 1);
                if ((b & 0x70) != 0) DecodeError.Throw(DecodeMessages.IntegerTooLarge, baseOffset + pos - 1);
                return result | ((uint)b << 28);
            }
            result |= (uint)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) return result;
        }
    }

    /// <summary>Reads a signed 32-bit LEB128 value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ReadS32(ReadOnlySpan<byte> data, ref int pos, long baseOffset)
    {
        // Fast path: one byte, a constant in [-64, 63] (most i32.const operands); bit 6 is the sign.
        if ((uint)pos < (uint)data.Length && data[pos] < 0x80)
        {
            return (data[pos++] << 25) >> 25;
        }
        return ReadS32Slow(data, ref pos, baseOffset);
    }

    private static int ReadS32Slow(ReadOnlySpan<byte> data, ref int pos, long baseOffset)
    {
        int result = 0;
        for (int i = 0; ; i++)
        {
            if ((uint)pos >= (uint)data.Length) DecodeError.Throw(DecodeMessages.UnexpectedEnd, baseOffset + pos);
            byte b = data[pos++];
            if (i == 4)
            {
                if ((b & 0x80) != 0) DecodeError.Throw(DecodeMessages.IntegerTooLong, baseOffset + pos - 1);
                // Bits 4..6 of the fifth byte lie beyond bit 31: they must repeat the sign bit (bit 3).
                int high = b & 0x70;
                if (high != ((b & 0x08) != 0 ? 0x70 : 0)) DecodeError.Throw(DecodeMessages.IntegerTooLarge, baseOffset + pos - 1);
                return result | (b << 28);
            }
            result |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                int shift = 7 * (i + 1);
                // Sign-extend from the last value bit read.
                return (b & 0x40) != 0 ? result | (-1 << shift) : result;
            }
        }
    }

    /// <summary>Reads a signed 64-bit LEB128 value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long ReadS64(ReadOnlySpan<byte> data, ref int pos, long baseOffset)
    {
        if ((uint)pos < (uint)data.Length && data[pos] < 0x80)
        {
            return (long)((data[pos++] << 25) >> 25);
        }
        return ReadS64Slow(data, ref pos, baseOffset);
    }

    private static long ReadS64Slow(ReadOnlySpan<byte> data, ref int pos, long baseOffset)
    {
        long result = 0;
        for (int i = 0; ; i++)
        {
            if ((uint)pos >= (uint)data.Length) DecodeError.Throw(DecodeMessages.UnexpectedEnd, baseOffset + pos);
            byte b = data[pos++];
            if (i == 9)
            {
                if ((b & 0x80) != 0) DecodeError.Throw(DecodeMessages.IntegerTooLong, baseOffset + pos - 1);
                // Only bit 0 of the tenth byte is a value bit (bit 63); bits 1..6 must repeat it.
                int high = b & 0x7E;
                if (high != ((b & 0x01) != 0 ? 0x7E : 0)) DecodeError.Throw(DecodeMessages.IntegerTooLarge, baseOffset + pos - 1);
                return result | ((long)b << 63);
            }
            result |= (long)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                int shift = 7 * (i + 1);
                return (b & 0x40) != 0 ? result | (-1L << shift) : result;
            }
        }
    }
}
