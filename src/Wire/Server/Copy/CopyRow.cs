using System.Buffers;

namespace TenantDb.Wire.Server.Copy;

/// <summary>One field of a <see cref="CopyRow"/>: where its bytes are, or NULL.</summary>
/// <param name="Start">Offset of the value in <see cref="CopyRow.Data"/>.</param>
/// <param name="Length">Length of the value; -1 for NULL.</param>
internal readonly record struct CopyField(int Start, int Length)
{
    /// <summary>True for SQL NULL.</summary>
    public bool IsNull => Length < 0;
}

/// <summary>
/// The decoded fields of one COPY input row, reused from row to row: the values (unescaped, or the
/// binary field bytes) sit one after another in a pooled buffer.
/// </summary>
internal sealed class CopyRow : IDisposable
{
    private byte[] _data = ArrayPool<byte>.Shared.Rent(256);
    private CopyField[] _fields = new CopyField[8];
    private int _length;
    private int _fieldStart = -1;

    /// <summary>Number of fields decoded.</summary>
    public int Count { get; private set; }

    /// <summary>The bytes the fields point into.</summary>
    public ReadOnlySpan<byte> Data => _data.AsSpan(0, _length);

    /// <summary>Field <paramref name="i"/>.</summary>
    public CopyField this[int i] => _fields[i];

    /// <summary>The bytes of field <paramref name="i"/> (empty for NULL).</summary>
    public ReadOnlySpan<byte> ValueOf(int i) => _fields[i].IsNull ? [] : _data.AsSpan(_fields[i].Start, _fields[i].Length);

    /// <summary>Forgets the fields of the previous row.</summary>
    public void Clear()
    {
        Count = 0;
        _length = 0;
        _fieldStart = -1;
    }

    /// <summary>Starts a non-null field.</summary>
    public void BeginField() => _fieldStart = _length;

    /// <summary>Appends one byte to the field begun.</summary>
    public void Append(byte b)
    {
        if (_length == _data.Length) Grow(1);
        _data[_length++] = b;
    }

    /// <summary>Appends bytes to the field begun.</summary>
    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (_length + bytes.Length > _data.Length) Grow(bytes.Length);
        bytes.CopyTo(_data.AsSpan(_length));
        _length += bytes.Length;
    }

    /// <summary>Ends the field begun.</summary>
    public void EndField() => AddField(new CopyField(_fieldStart, _length - _fieldStart));

    /// <summary>Turns the field just ended into NULL (an unquoted CSV field found equal to the NULL string).</summary>
    public void MarkLastNull() => _fields[Count - 1] = new CopyField(0, -1);

    /// <summary>Adds a NULL field.</summary>
    public void AddNull() => AddField(new CopyField(0, -1));

    private void AddField(CopyField field)
    {
        if (Count == _fields.Length) Array.Resize(ref _fields, _fields.Length * 2);
        _fields[Count++] = field;
    }

    private void Grow(int more)
    {
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_data.Length * 2, _length + more));
        _data.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_data);
        _data = bigger;
    }

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_data);
        _data = [];
    }
}
