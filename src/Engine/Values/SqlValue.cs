using System.Globalization;

namespace TenantDb.Engine.Values;

/// <summary>
/// One typed SQL value (null, int64, float64, text or blob). A small immutable struct so binding and
/// reading do not box numbers.
/// </summary>
public readonly struct SqlValue : IEquatable<SqlValue>
{
    private readonly long _bits;
    private readonly object? _reference;

    private SqlValue(SqlType type, long bits, object? reference)
    {
        Type = type;
        _bits = bits;
        _reference = reference;
    }

    /// <summary>The SQL NULL value (also the <c>default</c> of this struct).</summary>
    public static SqlValue Null => default;

    /// <summary>The storage class of this value.</summary>
    public SqlType Type { get; }

    /// <summary>True for SQL NULL.</summary>
    public bool IsNull => Type == SqlType.Null;

    /// <summary>Creates an integer value.</summary>
    public static SqlValue Integer(long value) => new(SqlType.Integer, value, null);

    /// <summary>Creates a real (double) value.</summary>
    public static SqlValue Real(double value) => new(SqlType.Real, BitConverter.DoubleToInt64Bits(value), null);

    /// <summary>Creates a text value; a null string gives SQL NULL.</summary>
    public static SqlValue Text(string? value) => value is null ? default : new(SqlType.Text, 0, value);

    /// <summary>Creates a blob value (the array is not copied); a null array gives SQL NULL.</summary>
    public static SqlValue Blob(byte[]? value) => value is null ? default : new(SqlType.Blob, 0, value);

    /// <summary>The integer; throws unless <see cref="Type"/> is <see cref="SqlType.Integer"/>.</summary>
    public long AsInteger => Type == SqlType.Integer ? _bits : throw WrongType(SqlType.Integer);

    /// <summary>The double; throws unless <see cref="Type"/> is <see cref="SqlType.Real"/>.</summary>
    public double AsReal => Type == SqlType.Real ? BitConverter.Int64BitsToDouble(_bits) : throw WrongType(SqlType.Real);

    /// <summary>The text; throws unless <see cref="Type"/> is <see cref="SqlType.Text"/>.</summary>
    public string AsText => Type == SqlType.Text ? (string)_reference! : throw WrongType(SqlType.Text);

    /// <summary>The bytes; throws unless <see cref="Type"/> is <see cref="SqlType.Blob"/>.</summary>
    public byte[] AsBlob => Type == SqlType.Blob ? (byte[])_reference! : throw WrongType(SqlType.Blob);

    /// <summary>The value as a plain CLR object (null, long, double, string or byte[]).</summary>
    public object? ToObject() => Type switch
    {
        SqlType.Integer => _bits,
        SqlType.Real => BitConverter.Int64BitsToDouble(_bits),
        SqlType.Text or SqlType.Blob => _reference,
        _ => null,
    };

    /// <summary>Converts a CLR object (null, DBNull, integral, floating, bool, string, byte[]) to a value.</summary>
    public static SqlValue FromObject(object? value) => value switch
    {
        null or DBNull => default,
        SqlValue v => v,
        long l => Integer(l),
        int i => Integer(i),
        short s => Integer(s),
        byte b => Integer(b),
        bool b => Integer(b ? 1 : 0),
        double d => Real(d),
        float f => Real(f),
        string s => Text(s),
        byte[] bytes => Blob(bytes),
        _ => throw new ArgumentException($"Unsupported value type {value.GetType()}.", nameof(value)),
    };

    /// <inheritdoc/>
    public bool Equals(SqlValue other)
    {
        if (Type != other.Type)
        {
            return false;
        }

        return Type switch
        {
            SqlType.Null => true,
            SqlType.Integer or SqlType.Real => _bits == other._bits,
            SqlType.Text => string.Equals((string)_reference!, (string)other._reference!, StringComparison.Ordinal),
            _ => ((byte[])_reference!).AsSpan().SequenceEqual((byte[])other._reference!),
        };
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is SqlValue other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Type switch
    {
        SqlType.Null => 0,
        SqlType.Integer or SqlType.Real => HashCode.Combine(Type, _bits),
        SqlType.Text => HashCode.Combine(Type, StringComparer.Ordinal.GetHashCode((string)_reference!)),
        _ => HashCode.Combine(Type, ((byte[])_reference!).Length),
    };

    /// <summary>Value equality.</summary>
    public static bool operator ==(SqlValue left, SqlValue right) => left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(SqlValue left, SqlValue right) => !left.Equals(right);

    /// <inheritdoc/>
    public override string ToString() => Type switch
    {
        SqlType.Null => "NULL",
        SqlType.Integer => _bits.ToString(CultureInfo.InvariantCulture),
        SqlType.Real => BitConverter.Int64BitsToDouble(_bits).ToString("R", CultureInfo.InvariantCulture),
        SqlType.Text => (string)_reference!,
        _ => "x'" + Convert.ToHexString((byte[])_reference!) + "'",
    };

    private InvalidOperationException WrongType(SqlType wanted) =>
        new($"The value is {Type}, not {wanted}.");
}
