using TenantDb.Engine;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Values;

namespace TenantDb.Engine.Tests;

/// <summary>The reader's typed getters read the row straight from SQLite: conversions and edge values.</summary>
public sealed class ReaderConversionTests
{
    [Fact]
    public void Getters_convert_like_sqlite_and_keep_every_byte()
    {
        using var engine = TenantDbEngine.OpenInMemory();
        engine.CreateTenant("t");
        using TenantSession session = engine.OpenSession("t");
        using TenantStatement select = session.Prepare("SELECT 42, 2.5, x'', x'00ff', NULL, 'a' || char(0) || 'b', '', 'é'");
        using TenantReader reader = select.ExecuteReader();
        Assert.True(reader.Read());

        Assert.Equal(SqlType.Integer, reader.GetSqlType(0));
        Assert.Equal("42", reader.GetString(0));
        Assert.Equal(42.0, reader.GetDouble(0));
        Assert.Equal("2.5", reader.GetString(1));
        Assert.Equal(2L, reader.GetInt64(1));

        Assert.Equal(SqlType.Blob, reader.GetSqlType(2));
        Assert.True(reader.GetBlobSpan(2).IsEmpty);
        Assert.Equal(new byte[] { 0, 0xff }, reader.GetBlobSpan(3).ToArray());
        Assert.Equal(new byte[] { 0, 0xff }, reader.GetValue(3).AsBlob);

        Assert.Equal(SqlType.Null, reader.GetSqlType(4));
        Assert.True(reader.GetTextUtf8Span(4).IsEmpty);
        Assert.Equal("", reader.GetString(4));
        Assert.Equal(0L, reader.GetInt64(4));

        Assert.Equal("a\0b", reader.GetString(5));
        Assert.Equal(3, reader.GetTextUtf8Span(5).Length);
        Assert.Equal("", reader.GetString(6));
        Assert.Equal("é"u8.ToArray(), reader.GetTextUtf8Span(7).ToArray());
        Assert.False(reader.Read());
    }

    [Fact]
    public void Getters_refuse_without_a_row_or_out_of_range()
    {
        using var engine = TenantDbEngine.OpenInMemory();
        engine.CreateTenant("t");
        using TenantSession session = engine.OpenSession("t");
        using TenantStatement select = session.Prepare("SELECT 1");
        TenantReader reader = select.ExecuteReader();
        Assert.Equal(TenantDbErrorKind.Misuse, Assert.Throws<TenantDbException>(() => reader.GetInt64(0)).Kind);
        Assert.True(reader.Read());
        Assert.Equal(TenantDbErrorKind.Misuse, Assert.Throws<TenantDbException>(() => reader.GetInt64(1)).Kind);
        Assert.Equal(TenantDbErrorKind.Misuse, Assert.Throws<TenantDbException>(() => reader.GetInt64(-1)).Kind);
        reader.Dispose();
        Assert.Equal(TenantDbErrorKind.Misuse, Assert.Throws<TenantDbException>(() => reader.GetInt64(0)).Kind);
    }
}
