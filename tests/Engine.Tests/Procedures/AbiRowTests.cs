using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TenantDb.Engine.Procedures;
using TenantDb.Engine.Values;

namespace TenantDb.Engine.Tests.Procedures;

public class AbiRowTests
{
    private static Gen<SqlValue> ValueGen() => Gen.OneOf(
        Gen.Constant(SqlValue.Null),
        ArbMap.Default.GeneratorFor<long>().Select(SqlValue.Integer),
        ArbMap.Default.GeneratorFor<NormalFloat>().Select(f => SqlValue.Real(f.Get)),
        ArbMap.Default.GeneratorFor<NonNull<string>>().Select(s => SqlValue.Text(s.Get)).Where(v => System.Text.Unicode.Utf8.IsValid(System.Text.Encoding.UTF8.GetBytes(v.AsText)) && System.Text.Encoding.UTF8.GetString(System.Text.Encoding.UTF8.GetBytes(v.AsText)) == v.AsText),
        ArbMap.Default.GeneratorFor<byte[]>().Where(b => b is not null).Select(SqlValue.Blob));

    [Property(MaxTest = 300)]
    public Property Encode_then_decode_round_trips()
    {
        return Prop.ForAll(Gen.ArrayOf(ValueGen()).ToArbitrary(), values =>
        {
            var row = AbiRow.Encode(values);
            var decoded = new List<SqlValue>();
            return (row.Length == AbiRow.Measure(values) && AbiRow.TryDecode(row, decoded) && decoded.SequenceEqual(values)).ToProperty();
        });
    }

    [Property(MaxTest = 1000)]
    public void Arbitrary_bytes_never_throw(byte[] bytes)
    {
        AbiRow.TryDecode(bytes ?? [], new List<SqlValue>());
    }

    [Fact]
    public void Layout_matches_the_abi_document()
    {
        var row = AbiRow.Encode([SqlValue.Integer(-2), SqlValue.Null, SqlValue.Text("hé"), SqlValue.Blob([7])]);
        Assert.Equal(new byte[]
        {
            26, 0, 0, 0, 4, 0,
            1, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
            0,
            3, 3, 0, 0, 0, (byte)'h', 0xc3, 0xa9,
            4, 1, 0, 0, 0, 7,
        }, row);
    }

    [Theory]
    [InlineData(new byte[] { 1, 0, 0, 0, 0 })]                          // short header
    [InlineData(new byte[] { 9, 0, 0, 0, 1, 0, 1, 0, 0 })]              // length says more than there is
    [InlineData(new byte[] { 3, 0, 0, 0, 1, 0, 9 })]                    // unknown tag
    [InlineData(new byte[] { 7, 0, 0, 0, 1, 0, 3, 255, 255, 255, 255 })] // text longer than the row
    [InlineData(new byte[] { 8, 0, 0, 0, 1, 0, 3, 1, 0, 0, 0, 0xff })]  // invalid UTF-8
    [InlineData(new byte[] { 3, 0, 0, 0, 0, 0, 0 })]                    // trailing byte
    public void Malformed_rows_are_rejected(byte[] row)
    {
        Assert.False(AbiRow.TryDecode(row, new List<SqlValue>()));
    }
}
