using Dapper;
using TenantDb.Engine;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Security;
using TenantDb.Engine.Values;

namespace TenantDb.Engine.Tests;

public sealed class BasicApiTests
{
    [Fact]
    public void Create_list_drop_tenants_in_memory()
    {
        using var engine = TenantDbEngine.OpenInMemory();
        engine.CreateTenant("beta");
        engine.CreateTenant("alpha");
        Assert.Equal(["alpha", "beta"], engine.ListTenants());
        Assert.True(engine.TenantExists("alpha"));
        Assert.Null(engine.DataDirectory);

        var duplicate = Assert.Throws<TenantDbException>(() => engine.CreateTenant("alpha"));
        Assert.Equal(TenantDbErrorKind.TenantExists, duplicate.Kind);

        engine.DropTenant("alpha");
        Assert.False(engine.TenantExists("alpha"));
        var unknown = Assert.Throws<TenantDbException>(() => engine.OpenSession("alpha"));
        Assert.Equal(TenantDbErrorKind.UnknownTenant, unknown.Kind);
    }

    [Fact]
    public void Prepared_statement_binds_and_reads_every_type()
    {
        using var engine = TenantDbEngine.OpenInMemory();
        engine.CreateTenant("t");
        using TenantSession session = engine.OpenSession("t");
        using (TenantStatement create = session.Prepare("CREATE TABLE v (i INTEGER, r REAL, s TEXT, b BLOB, n)"))
        {
            create.ExecuteNonQuery();
        }

        using TenantStatement insert = session.Prepare("INSERT INTO v VALUES (?, ?, ?, ?, ?)");
        Assert.Equal(5, insert.ParameterCount);
        Assert.False(insert.IsReadOnly);
        insert.Bind(0, SqlValue.Integer(42));
        insert.Bind(1, SqlValue.Real(2.5));
        insert.Bind(2, SqlValue.Text("héllo"));
        insert.Bind(3, SqlValue.Blob([1, 2, 3]));
        insert.Bind(4, SqlValue.Null);
        Assert.Equal(1, insert.ExecuteNonQuery());
        Assert.Equal(1, insert.ExecuteNonQuery());

        using TenantStatement select = session.Prepare("SELECT i, r, s, b, n FROM v");
        Assert.True(select.IsReadOnly);
        Assert.Equal(5, select.ColumnCount);
        Assert.Equal("s", select.GetColumnName(2));
        Assert.Equal("TEXT", select.GetColumnDeclaredType(2));
        using TenantReader reader = select.ExecuteReader();
        int rows = 0;
        while (reader.Read())
        {
            rows++;
            Assert.Equal(SqlValue.Integer(42), reader.GetValue(0));
            Assert.Equal(2.5, reader.GetDouble(1));
            Assert.Equal("héllo", reader.GetString(2));
            Assert.Equal("héllo"u8.ToArray(), reader.GetTextUtf8Span(2).ToArray());
            Assert.Equal(new byte[] { 1, 2, 3 }, reader.GetBlobSpan(3).ToArray());
            Assert.Equal(SqlType.Null, reader.GetSqlType(4));
        }

        Assert.Equal(2, rows);
        Assert.Equal(0, reader.RecordsAffected);
    }

    [Fact]
    public void Multi_statement_text_is_prepared_one_at_a_time()
    {
        using var engine = TenantDbEngine.OpenInMemory();
        engine.CreateTenant("t");
        using TenantSession session = engine.OpenSession("t");
        ReadOnlySpan<char> sql = "CREATE TABLE a(x); INSERT INTO a VALUES (1); -- done\n ; SELECT count(*) FROM a; ";
        var results = new List<long>();
        while (session.PrepareNext(ref sql) is { } statement)
        {
            using (statement)
            using (TenantReader reader = statement.ExecuteReader())
            {
                while (reader.Read())
                {
                    results.Add(reader.GetInt64(0));
                }
            }
        }

        Assert.Equal([1L], results);
        var error = Assert.Throws<TenantDbException>(() => session.Prepare("SELECT 1; SELECT 2"));
        Assert.Equal(TenantDbErrorKind.Syntax, error.Kind);
        Assert.NotNull(session.Prepare("SELECT 1; -- trailing comment"));
    }

    [Fact]
    public void Offset_api_walks_a_long_script_in_linear_time_with_offsets_into_the_whole_text()
    {
        using var engine = TenantDbEngine.OpenInMemory();
        engine.CreateTenant("t");
        using TenantSession session = engine.OpenSession("t");
        var script = new System.Text.StringBuilder("CREATE TABLE é (x); ");
        const int Inserts = 20_000;
        for (int i = 0; i < Inserts; i++)
        {
            script.Append("INSERT INTO é VALUES (").Append(i).Append("); -- ünïcode ; comment\n");
        }

        string sql = script.ToString();
        // Linear means no copy of the rest of the text per statement: that would allocate about
        // 20,000 x 0.5 MB here. The budget allows some kilobytes per statement for its own objects.
        const long Budget = Inserts * 16_384L;
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        int position = 0, statements = 0;
        session.Begin();
        while (session.Prepare(sql, position, out int end) is { } statement)
        {
            using (statement)
            {
                statement.ExecuteNonQuery();
            }

            statements++;
            position = end;
        }

        session.Commit();
        Assert.Equal(Inserts + 1, statements);
        Assert.Null(session.Prepare(sql, position, out int last));
        Assert.Equal(sql.Length, last);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Assert.True(allocated < Budget, $"walking {sql.Length:N0} characters of {Inserts + 1:N0} statements allocated {allocated:N0} bytes");
        Assert.Equal((long)Inserts * (Inserts - 1) / 2, session.Connection.ExecuteScalar<long>("SELECT sum(x) FROM é"));

        const string Broken = "SELECT 1; SELECT 'ü' || nowhere";
        int next;
        session.Prepare(Broken, 0, out next)!.Dispose();
        var error = Assert.Throws<TenantDbException>(() => session.Prepare(Broken, next, out _));
        Assert.Equal(TenantDbErrorKind.UndefinedObject, error.Kind);
        Assert.Equal(Broken.IndexOf("nowhere", StringComparison.Ordinal), error.ErrorOffset);
    }

    [Fact]
    public void Errors_carry_kinds_and_offsets()
    {
        using var engine = TenantDbEngine.OpenInMemory();
        engine.CreateTenant("t");
        using TenantSession session = engine.OpenSession("t");
        var syntax = Assert.Throws<TenantDbException>(() => session.Prepare("SELEC 1"));
        Assert.Equal(TenantDbErrorKind.Syntax, syntax.Kind);
        Assert.Equal(0, syntax.ErrorOffset);

        var missing = Assert.Throws<TenantDbException>(() => session.Prepare("SELECT nope FROM missing"));
        Assert.Equal(TenantDbErrorKind.UndefinedObject, missing.Kind);

        session.Prepare("CREATE TABLE u (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)").ExecuteNonQuery();
        session.Prepare("INSERT INTO u (name) VALUES ('a')").ExecuteNonQuery();
        var constraint = Assert.Throws<TenantDbException>(() => session.Prepare("INSERT INTO u (name) VALUES ('a')").ExecuteNonQuery());
        Assert.Equal(TenantDbErrorKind.Constraint, constraint.Kind);
        Assert.Equal(19, constraint.SqliteErrorCode);

        var badName = Assert.Throws<TenantDbException>(() => engine.CreateTenant("../etc"));
        Assert.Equal(TenantDbErrorKind.InvalidTenantName, badName.Kind);
    }

    [Fact]
    public void Transactions_commit_and_roll_back()
    {
        using var engine = TenantDbEngine.OpenInMemory();
        engine.CreateTenant("t");
        using TenantSession session = engine.OpenSession("t");
        session.Prepare("CREATE TABLE a (x INTEGER)").ExecuteNonQuery();

        session.Begin();
        Assert.True(session.InTransaction);
        session.Prepare("INSERT INTO a VALUES (1)").ExecuteNonQuery();
        session.Rollback();
        Assert.False(session.InTransaction);

        session.Begin();
        session.Prepare("INSERT INTO a VALUES (2)").ExecuteNonQuery();
        session.Commit();

        Assert.Equal([2L], session.Connection.Query<long>("SELECT x FROM a").ToList());
    }

    [Fact]
    public void Dapper_works_on_the_session_connection_and_shares_its_transaction()
    {
        using var engine = TenantDbEngine.OpenInMemory();
        engine.CreateTenant("t");
        using TenantSession session = engine.OpenSession("t");
        session.Connection.Execute("CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT)");
        session.Begin();
        session.Connection.Execute("INSERT INTO people (name) VALUES (@name)", new[] { new { name = "ann" }, new { name = "bob" } });
        session.Rollback();
        Assert.Equal(0L, session.Connection.ExecuteScalar<long>("SELECT count(*) FROM people"));

        session.Connection.Execute("INSERT INTO people (name) VALUES (@name)", new { name = "cy" });
        Person person = session.Connection.QuerySingle<Person>("SELECT id AS Id, name AS Name FROM people");
        Assert.Equal("cy", person.Name);

        var denied = Assert.Throws<TenantDbException>(() => session.Connection.Query("SELECT * FROM _tenantdb_procedures").ToList());
        Assert.Equal(TenantDbErrorKind.Denied, denied.Kind);
    }

    [Fact]
    public void Scram_verifiers_are_stored_not_passwords()
    {
        using var engine = TenantDbEngine.OpenInMemory();
        engine.CreateTenant("t");
        Assert.Null(engine.FindScramVerifier("t", "app"));
        engine.SetPassword("t", "app", "s3cret");
        ScramVerifier verifier = engine.FindScramVerifier("t", "app")!;
        Assert.Equal(4096, verifier.Iterations);
        Assert.Equal(16, verifier.Salt.Length);
        Assert.True(verifier.Matches("s3cret"));
        Assert.False(verifier.Matches("wrong"));
        Assert.Null(engine.FindScramVerifier("nobody", "app"));
    }

    private sealed record Person(long Id, string Name);
}
