using System.Buffers;
using System.Text;

namespace TenantDb.Engine.Sql;

/// <summary>
/// The UTF-8 form (NUL-terminated) of the SQL string a session is walking through, kept between calls
/// so that preparing statement after statement of one string encodes it only once, together with a
/// cursor mapping character positions to byte positions.
/// </summary>
internal sealed class SqlTextBuffer
{
    private string? _source;
    private byte[] _bytes = [];
    private int _cursorChar;
    private int _cursorByte;

    /// <summary>Length in bytes, without the terminator.</summary>
    public int Length { get; private set; }

    public ReadOnlySpan<byte> Utf8 => _bytes.AsSpan(0, Length);

    public ReadOnlySpan<byte> Utf8WithTerminator => _bytes.AsSpan(0, Length + 1);

    /// <summary>Makes <paramref name="sql"/> current (re-encoding only if it is another string) and returns the byte offset of <paramref name="charIndex"/>.</summary>
    public int Load(string sql, int charIndex)
    {
        if (!ReferenceEquals(sql, _source))
        {
            Release();
            int max = Encoding.UTF8.GetMaxByteCount(sql.Length) + 1;
            _bytes = ArrayPool<byte>.Shared.Rent(max);
            Length = Encoding.UTF8.GetBytes(sql, _bytes);
            _bytes[Length] = 0;
            _source = sql;
            _cursorChar = 0;
            _cursorByte = 0;
        }

        if (charIndex < _cursorChar)
        {
            _cursorChar = 0;
            _cursorByte = 0;
        }

        _cursorByte += Encoding.UTF8.GetByteCount(sql.AsSpan(_cursorChar, charIndex - _cursorChar));
        _cursorChar = charIndex;
        return _cursorByte;
    }

    /// <summary>Moves the cursor from <paramref name="startByte"/> (the current cursor) to <paramref name="endByte"/>; returns the character index there.</summary>
    public int Advance(int startByte, int endByte)
    {
        _cursorChar += Encoding.UTF8.GetCharCount(_bytes.AsSpan(startByte, endByte - startByte));
        _cursorByte = endByte;
        return _cursorChar;
    }

    /// <summary>Returns the buffer to the pool.</summary>
    public void Release()
    {
        if (_bytes.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_bytes);
        }

        _bytes = [];
        _source = null;
        Length = 0;
        _cursorChar = 0;
        _cursorByte = 0;
    }
}
