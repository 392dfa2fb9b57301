using System.Text;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Npgsql;
using TenantDb.Wire.Tests.EndToEnd;

namespace TenantDb.Wire.Tests.Sql;

/// <summary>
/// PostgreSQL's meaning of what ORMs send and SQLite spells differently: LIKE (case-sensitive, backslash
/// escapes), ILIKE, strpos, AT TIME ZONE, date_trunc with a zone, and ROLLBACK TO SAVEPOINT after an
/// error. Expected answers are PostgreSQL 15's.
/// </summary>
public sealed class PatternAndZoneWireTests(WireServerFixture server) : IClassFixture<WireServerFixture>, IDisposable
{
    private NpgsqlConnection? _connection;

    private NpgsqlConnection Connection
    {
        get
        {
            if (_connection is null)
            {
                _connection = new NpgsqlConnection(server.ConnectionString());
                _connection.Open();
            }
            return _connection;
        }
    }

    public void Dispose() => _connection?.Dispose();

    private object? Scalar(string sql, params object[] parameters)
    {
        using var command = new NpgsqlCommand(sql, Connection);
        foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p });
        return command.ExecuteScalar();
    }

    // PostgreSQL's LIKE as a .NET regular expression: % any run, _ one character, \ makes the next literal.
    private static bool Reference(string value, string pattern, bool ignoreCase)
    {
        var regex = new StringBuilder("^");
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length) regex.Append(Regex.Escape(pattern[++i].ToString()));
            else if (c == '%') regex.Append(".*");
            else if (c == '_') regex.Append('.');
            else regex.Append(Regex.Escape(c.ToString()));
        }
        var options = RegexOptions.Singleline | RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
        return Regex.IsMatch(value, regex.Append('$').ToString(), options);
    }

    private static Gen<string> Text(params string[] pieces) => Gen.ListOf(Gen.Elements(pieces)).Select(p => string.Concat(p.Take(8)));

    [Property(MaxTest = 150)]
    public Property Like_and_ilike_match_PostgreSQL_semantics() =>
        Prop.ForAll(Text("a", "A", "b", "%", "_", "é", "É", " ").ToArbitrary(), Text("a", "A", "b", "%", "_", "\\%", "\\_", "\\\\", "é", "É").ToArbitrary(), (value, pattern) =>
        {
            bool like = (bool)Scalar("SELECT $1::text LIKE $2::text", value, pattern)!;
            bool ilike = (bool)Scalar("SELECT $1::text ILIKE $2::text", value, pattern)!;
            bool notIlike = (bool)Scalar("SELECT $1::text NOT ILIKE $2::text", value, pattern)!;
            return (like == Reference(value, pattern, false)).Label($"LIKE '{value}' '{pattern}'")
                .And((ilike == Reference(value, pattern, true)).Label($"ILIKE '{value}' '{pattern}'"))
                .And((notIlike == !ilike).Label("NOT ILIKE"));
        });

    [Theory]
    [InlineData("SELECT 'ABC' LIKE 'abc'", false)]
    [InlineData("SELECT 'a_c' LIKE 'a\\_c'", true)]
    [InlineData("SELECT 'abc' LIKE 'a\\_c'", false)]
    [InlineData("SELECT 'a%c' LIKE 'a#%c' ESCAPE '#'", true)]
    [InlineData("SELECT 'ab' || 'C' ILIKE 'abc'", true)]
    [InlineData("SELECT 'x' NOT ILIKE 'X'", false)]
    [InlineData("SELECT 'a%C' ILIKE 'A#%c' ESCAPE '#'", true)]
    [InlineData("SELECT upper('abc') ILIKE 'a' || '%'", true)]
    [InlineData("SELECT strpos('héllo wörld', 'wö') = 7", true)]
    [InlineData("SELECT strpos('abc', 'x') = 0", true)]
    [InlineData("SELECT date_part('year', TIMESTAMPTZ '2024-12-31 23:30:00-02' AT TIME ZONE 'UTC') = 2025", true)]
    public void Pattern_operators_and_zoned_parts_answer_as_in_PostgreSQL(string sql, bool expected) => Assert.Equal(expected, Scalar(sql));

    [Theory]
    [InlineData("SELECT TIMESTAMPTZ '2024-03-10 10:00:00+00' AT TIME ZONE 'UTC'", "2024-03-10 10:00:00")]
    [InlineData("SELECT TIMESTAMPTZ '2024-07-01 10:00:00+00' AT TIME ZONE 'Europe/Paris'", "2024-07-01 12:00:00")]
    [InlineData("SELECT TIMESTAMP '2024-07-01 12:00:00' AT TIME ZONE 'Europe/Paris'", "2024-07-01 10:00:00+00")]
    [InlineData("SELECT date_trunc('day', TIMESTAMPTZ '2024-07-01 23:30:00+00', 'Europe/Paris')", "2024-07-01 22:00:00+00")]
    [InlineData("SELECT date_trunc('day', TIMESTAMPTZ '2024-07-01 23:30:00+00', 'UTC')", "2024-07-01 00:00:00+00")]
    public void Time_zones_convert_as_in_PostgreSQL(string sql, string expected)
    {
        using var command = new NpgsqlCommand($"SELECT ({sql})::text", Connection);
        Assert.Equal(expected, command.ExecuteScalar());
    }

    [Theory]
    [InlineData("SELECT now() AT TIME ZONE 'Mars/Olympus'")]
    [InlineData("SELECT now() AT TIME ZONE '../../etc/passwd'")]
    [InlineData("SELECT date_trunc('day', now(), 'No/Such_Zone')")]
    public void An_unknown_time_zone_is_22023(string sql)
    {
        using var command = new NpgsqlCommand(sql, Connection);
        var e = Assert.Throws<PostgresException>(() => command.ExecuteScalar());
        Assert.Equal("22023", e.SqlState);
    }

    [Theory]
    [InlineData("SELECT 'a' ILIKE 'a' ESCAPE 'xy'", "22025")]
    [InlineData("SELECT 'a' ILIKE 'a\\'", "22025")]
    [InlineData("SELECT 'a' ILIKE replace(hex(zeroblob(1001)), '00', '%')", "54000")]
    public void A_bad_ILIKE_pattern_is_an_error(string sql, string sqlState)
    {
        using var command = new NpgsqlCommand(sql, Connection);
        Assert.Equal(sqlState, Assert.Throws<PostgresException>(() => command.ExecuteScalar()).SqlState);
    }

    [Fact]
    public void Rollback_to_savepoint_makes_a_failed_transaction_usable_again()
    {
        var tenant = server.NewTenant("savepoint");
        using var c = new NpgsqlConnection(server.ConnectionString(tenant));
        c.Open();
        void Run(string sql)
        {
            using var command = new NpgsqlCommand(sql, c);
            command.ExecuteNonQuery();
        }
        Run("CREATE TABLE t (id int PRIMARY KEY)");
        using (var tx = c.BeginTransaction())
        {
            Run("INSERT INTO t VALUES (1)");
            Run("SAVEPOINT s");
            Assert.Equal("23505", Assert.Throws<PostgresException>(() => Run("INSERT INTO t VALUES (1)")).SqlState);
            Assert.Equal("25P02", Assert.Throws<PostgresException>(() => Run("INSERT INTO t VALUES (2)")).SqlState);
            // A savepoint that does not exist leaves the transaction failed.
            Assert.NotEqual("25P02", Assert.Throws<PostgresException>(() => Run("ROLLBACK TO SAVEPOINT nosuch")).SqlState);
            Assert.Equal("25P02", Assert.Throws<PostgresException>(() => Run("INSERT INTO t VALUES (2)")).SqlState);
            Run("ROLLBACK TO SAVEPOINT s");
            Run("INSERT INTO t VALUES (2)");
            tx.Commit();
        }
        using var count = new NpgsqlCommand("SELECT count(*) FROM t", c);
        Assert.Equal(2L, count.ExecuteScalar());
        // The same in one simple Query message.
        using var batch = new NpgsqlCommand("BEGIN; SAVEPOINT a; INSERT INTO t VALUES (1)", c);
        Assert.Throws<PostgresException>(() => batch.ExecuteNonQuery());
        Run("ROLLBACK TO a; INSERT INTO t VALUES (3); COMMIT");
        Assert.Equal(3L, count.ExecuteScalar());
    }
}
