using Orleans;
using TenantDb.Engine;
using TenantDb.Engine.Values;

namespace TenantDb.Cluster.MapReduce;

/// <summary>One SQL value of a map result row, in a form Orleans carries between nodes.</summary>
[GenerateSerializer, Immutable, Alias("TenantDb.Cluster.MapValue")]
public readonly record struct MapValue(
    [property: Id(0)] byte Kind,
    [property: Id(1)] long Integer,
    [property: Id(2)] double Real,
    [property: Id(3)] string? Text,
    [property: Id(4)] byte[]? Blob)
{
    public static MapValue From(SqlValue value) => value.Type switch
    {
        SqlType.Integer => new((byte)SqlType.Integer, value.AsInteger, 0, null, null),
        SqlType.Real => new((byte)SqlType.Real, 0, value.AsReal, null, null),
        SqlType.Text => new((byte)SqlType.Text, 0, 0, value.AsText, null),
        SqlType.Blob => new((byte)SqlType.Blob, 0, 0, null, value.AsBlob),
        _ => new((byte)SqlType.Null, 0, 0, null, null),
    };

    public SqlValue ToSqlValue() => (SqlType)Kind switch
    {
        SqlType.Integer => SqlValue.Integer(Integer),
        SqlType.Real => SqlValue.Real(Real),
        SqlType.Text => SqlValue.Text(Text!),
        SqlType.Blob => SqlValue.Blob(Blob!),
        _ => SqlValue.Null,
    };

    /// <summary>The value as text for display (NULL as the empty string, blobs as \x hex).</summary>
    public override string ToString() => (SqlType)Kind switch
    {
        SqlType.Integer => Integer.ToString(System.Globalization.CultureInfo.InvariantCulture),
        SqlType.Real => Real.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        SqlType.Text => Text!,
        SqlType.Blob => "\\x" + Convert.ToHexStringLower(Blob!),
        _ => "",
    };
}
