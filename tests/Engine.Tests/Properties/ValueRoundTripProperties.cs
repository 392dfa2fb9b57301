using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TenantDb.Engine;
using TenantDb.Engine.Values;

namespace TenantDb.Engine.Tests.Properties;

public sealed class ValueRoundTripProperties : IDisposable
{
    private readonly TenantDbEngine _engine = TenantDbEngine.OpenInMemory();
    private readonly TenantSession _session;
    private readonly TenantStatement _insert;
    private readonly TenantStatement _select;

    public ValueRoundTripProperties()
    {
        _engine.CreateTenant("values");
        _session = _engine.OpenSession("values");
        using (TenantStatement create = _session.Prepare("CREATE TABLE v (id INTEGER PRIMARY KEY, x ANY) STRICT"))
        {
            create.ExecuteNonQuery();
        }

        _insert = _session.Prepare("INSERT INTO v (x) VALUES (?) RETURNING id");
        _select = _session.Prepare("SELECT x FROM v WHERE id = ?");
    }

    public void Dispose()
    {
        _session.Dispose();
        _engine.Dispose();
    }

    /// <summary>Every value bound to a parameter comes back with the same type and content.</summary>
    [Property(MaxTest = 500)]
    public Property Bound_values_round_trip() =>
        Prop.ForAll(Values(), value =>
        {
            _insert.Bind(0, value);
            long id;
            using (TenantReader inserted = _insert.ExecuteReader())
            {
                inserted.Read();
                id = inserted.GetInt64(0);
            }

            _select.Bind(0, SqlValue.Integer(id));
            using TenantReader reader = _select.ExecuteReader();
            reader.Read();
            SqlValue back = reader.GetValue(0);
            return (back == value).Label($"{value.Type} {value} came back as {back.Type} {back}");
        });

    private static Arbitrary<SqlValue> Values()
    {
        Gen<SqlValue> integers = ArbMap.Default.GeneratorFor<long>().Select(SqlValue.Integer);
        Gen<SqlValue> reals = ArbMap.Default.GeneratorFor<NormalFloat>().Select(f => SqlValue.Real(f.Get));
        Gen<SqlValue> texts = ArbMap.Default.GeneratorFor<string>().Where(s => s is not null).Select(SqlValue.Text);
        Gen<SqlValue> blobs = ArbMap.Default.GeneratorFor<byte[]>().Where(b => b is not null).Select(SqlValue.Blob);
        Gen<SqlValue> edges = Gen.Elements(
            SqlValue.Null, SqlValue.Integer(long.MinValue), SqlValue.Integer(long.MaxValue), SqlValue.Real(double.MaxValue),
            SqlValue.Real(double.Epsilon), SqlValue.Text(string.Empty), SqlValue.Text("a\0b"), SqlValue.Text("😀é\u00ff"),
            SqlValue.Blob([]), SqlValue.Text(new string('x', 2000)));
        return Arb.From(Gen.OneOf(integers, reals, texts, blobs, edges));
    }
}
