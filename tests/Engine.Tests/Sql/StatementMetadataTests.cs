using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Values;

namespace TenantDb.Engine.Tests.Sql;

/// <summary>
/// What a prepared statement tells its user without SQLite knowledge: column types, the parameter map
/// for $n, and the SQLSTATE of errors.
/// </summary>
public sealed class StatementMetadataTests : IDisposable
{
    private readonly TenantDbEngine _engine = TenantDbEngine.OpenInMemory();
    private readonly TenantSession _session;

    public StatementMetadataTests()
    {
        _engine.CreateTenant("t");
        _session = _engine.OpenSession("t");
        using var create = _session.Prepare(
            "CREATE TABLE c (i INT, t VARCHAR(10), r DOUBLE PRECISION, b BLOB, f BOOLEAN, n NUMERIC(10,2), d DATE, x, " +
            "k INTEGER PRIMARY KEY, p INTEGER REFERENCES c(k), v TEXT NOT NULL DEFAULT '' CHECK (length(v) < 5), u TEXT UNIQUE)");
        create.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _session.Dispose();
        _engine.Dispose();
    }

    [Fact]
    public void Column_types_follow_the_declared_type_then_the_expression()
    {
        using var s = _session.Prepare("SELECT i, t, r, b, f, n, d, x, count(*), avg(i), 7, 2.5, i + 1 FROM c");
        ColumnType[] declared = [.. Enumerable.Range(0, s.ColumnCount).Select(s.GetDeclaredColumnType)];
        ColumnType[] guessed = [.. Enumerable.Range(0, s.ColumnCount).Select(s.GuessColumnType)];
        Assert.Equal(
            [ColumnType.Integer, ColumnType.Text, ColumnType.Real, ColumnType.Blob, ColumnType.Boolean, ColumnType.Numeric, ColumnType.Text,
             ColumnType.Unknown, ColumnType.Unknown, ColumnType.Unknown, ColumnType.Unknown, ColumnType.Unknown, ColumnType.Unknown],
            declared);
        Assert.Equal(
            [ColumnType.Integer, ColumnType.Text, ColumnType.Real, ColumnType.Blob, ColumnType.Boolean, ColumnType.Numeric, ColumnType.Text,
             ColumnType.Unknown, ColumnType.Integer, ColumnType.Real, ColumnType.Integer, ColumnType.Real, ColumnType.Unknown],
            guessed);
    }

    [Fact]
    public void Positional_parameters_bind_to_their_own_slots()
    {
        using var s = _session.Prepare("SELECT ?, ?");
        Assert.Equal(2, s.Parameters.Count);
        Assert.Equal(0, s.Parameters.SlotOf(0));
        Assert.Equal(1, s.Parameters.SlotOf(1));
    }

    [Fact]
    public void An_unused_numbered_parameter_has_no_slot()
    {
        using var s = _session.Prepare("SELECT $3");
        Assert.Equal(3, s.Parameters.Count);
        Assert.Equal(-1, s.Parameters.SlotOf(0));
        Assert.Equal(-1, s.Parameters.SlotOf(1));
        Assert.Equal(0, s.Parameters.SlotOf(2));
        Assert.Equal(-1, s.Parameters.SlotOf(3));
    }

    [Property(MaxTest = 100)]
    public Property Numbered_parameters_bind_by_number_in_any_order() =>
        Prop.ForAll(Gen.ListOf(Gen.Choose(1, 6)).Where(l => l.Count > 0).Select(l => l.Take(8).ToArray()).ToArbitrary(), numbers =>
        {
            using var s = _session.Prepare("SELECT " + string.Join(", ", numbers.Select(n => "$" + n)));
            var map = s.Parameters;
            if (map.Count != numbers.Max()) return false;
            for (int n = 1; n <= map.Count; n++)
            {
                int slot = map.SlotOf(n - 1);
                if (slot >= 0) s.BindInt64(slot, n);
                else if (numbers.Contains(n)) return false;
            }
            using var reader = s.ExecuteReader();
            if (!reader.Read()) return false;
            return numbers.Select((n, column) => reader.GetInt64(column) == n).All(ok => ok);
        });

    [Theory]
    [InlineData("SELEC 1", "42601")]
    [InlineData("SELECT * FROM missing", "42P01")]
    [InlineData("SELECT nope FROM c", "42703")]
    [InlineData("SELECT nofunc(1)", "42883")]
    [InlineData("CREATE TABLE c (a)", "42P07")]
    [InlineData("INSERT INTO c (k) VALUES (1), (1)", "23505")]
    [InlineData("INSERT INTO c (u) VALUES ('a'), ('a')", "23505")]
    [InlineData("INSERT INTO c (v) VALUES (NULL)", "23502")]
    [InlineData("INSERT INTO c (v) VALUES ('toolong')", "23514")]
    [InlineData("INSERT INTO c (p) VALUES (99)", "23503")]
    [InlineData("ATTACH 'x.db' AS x", "42501")]
    public void Errors_carry_their_sqlstate(string sql, string sqlState)
    {
        using (var fk = _session.Prepare("PRAGMA foreign_keys = ON")) fk.ExecuteNonQuery();
        var error = Assert.Throws<TenantDbException>(() =>
        {
            using var s = _session.Prepare(sql);
            s.ExecuteNonQuery();
        });
        Assert.Equal(sqlState, error.SqlState);
    }

    [Fact]
    public void Engine_errors_outside_sqlite_carry_their_sqlstate()
    {
        Assert.Equal("3D000", Assert.Throws<TenantDbException>(() => _engine.OpenSession("nobody")).SqlState);
        Assert.Equal("42P04", Assert.Throws<TenantDbException>(() => _engine.CreateTenant("t")).SqlState);
        Assert.Equal("42883", new TenantDbException(TenantDbErrorKind.UndefinedProcedure, "procedure p does not exist").SqlState);
        Assert.Equal("42000", new TenantDbException("some other failure").SqlState);
    }
}
