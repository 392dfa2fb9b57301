using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TenantDb.Engine;
using TenantDb.Engine.Errors;

namespace TenantDb.Engine.Tests.Properties;

public sealed class IsolationProperties : IDisposable
{
    private static readonly string[] Templates =
    [
        "CREATE TABLE data (id INTEGER PRIMARY KEY, x)",
        "CREATE TABLE IF NOT EXISTS data (id INTEGER PRIMARY KEY, x)",
        "DROP TABLE data",
        "DELETE FROM data",
        "INSERT INTO data (x) VALUES ({n})",
        "UPDATE data SET x = {n}",
        "CREATE INDEX IF NOT EXISTS data_x ON data (x)",
        "CREATE TRIGGER t AFTER INSERT ON data BEGIN DELETE FROM data; END",
        "CREATE VIEW v AS SELECT * FROM data",
        "ALTER TABLE data RENAME TO other",
        "BEGIN", "BEGIN IMMEDIATE", "COMMIT", "ROLLBACK", "SAVEPOINT s", "RELEASE s",
        "VACUUM",
        "VACUUM INTO '/tmp/tenantdb-isolation-{n}.db'",
        "ATTACH DATABASE 'file:/tdb-{n}?vfs=memdb' AS other",
        "ATTACH DATABASE '{b}' AS other",
        "PRAGMA writable_schema = 1",
        "PRAGMA journal_mode = OFF",
        "PRAGMA max_page_count = 1",
        "PRAGMA foreign_keys = OFF",
        "PRAGMA user_version = {n}",
        "SELECT load_extension('{b}')",
        "SELECT * FROM _tenantdb_procedures",
        "DELETE FROM _tenantdb_procedures",
        "UPDATE sqlite_schema SET sql = 'CREATE TABLE data(z)' WHERE name = 'data'",
        "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r LIMIT {n}) INSERT INTO data (x) SELECT n FROM r",
        "SELECT * FROM data; DELETE FROM data",
    ];

    private readonly TenantDbEngine _engine = TenantDbEngine.OpenInMemory(new EngineOptions { StatementTimeout = TimeSpan.FromMilliseconds(500) });
    private int _case;

    public void Dispose() => _engine.Dispose();

    /// <summary>Whatever tenant A executes (valid, hostile or garbage SQL), tenant B's results do not change.</summary>
    [Property(MaxTest = 100)]
    public Property Another_tenants_sql_never_changes_my_results() =>
        Prop.ForAll(AttackerScripts(), script =>
        {
            int id = Interlocked.Increment(ref _case);
            string a = "a" + id, b = "b" + id;
            _engine.CreateTenant(a);
            _engine.CreateTenant(b);
            try
            {
                using (TenantSession victim = _engine.OpenSession(b))
                {
                    Execute(victim, "CREATE TABLE data (id INTEGER PRIMARY KEY, x)");
                    Execute(victim, "INSERT INTO data (x) VALUES (1), ('two'), (3.5), (x'04'), (NULL)");
                }

                string before = Snapshot(b);
                using (TenantSession attacker = _engine.OpenSession(a))
                {
                    foreach (string sql in script)
                    {
                        RunHostile(attacker, sql.Replace("{b}", b, StringComparison.Ordinal));
                    }
                }

                string after = Snapshot(b);
                return (before == after).Label($"before {before}\nafter  {after}");
            }
            finally
            {
                _engine.DropTenant(a);
                _engine.DropTenant(b);
            }
        });

    private static Arbitrary<string[]> AttackerScripts()
    {
        Gen<string> template =
            from t in Gen.Elements(Templates)
            from n in Gen.Choose(0, 1000)
            select t.Replace("{n}", n.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Gen<string> garbage =
            from chars in Gen.ArrayOf(Gen.Elements("abcdeftxyz_0123456789 ;'\"()*,.=-/\\\n".ToCharArray()))
            select new string(chars);
        Gen<string> spliced =
            from first in template
            from second in template
            from cut in Gen.Choose(0, 20)
            select first[..Math.Min(cut, first.Length)] + second;
        Gen<string> statement = Gen.Frequency((6, template), (1, garbage), (1, spliced));
        return Arb.From(Gen.Sized(size => Gen.ArrayOf(statement, Math.Min(size, 15))));
    }

    private static void RunHostile(TenantSession session, string sql)
    {
        ReadOnlySpan<char> rest = sql;
        try
        {
            while (session.PrepareNext(ref rest) is { } statement)
            {
                using (statement)
                {
                    statement.ExecuteNonQuery();
                }
            }
        }
        catch (TenantDbException)
        {
            // Hostile SQL is expected to fail; only the victim's data matters here.
        }
    }

    private string Snapshot(string tenant)
    {
        using TenantSession session = _engine.OpenSession(tenant);
        using TenantStatement select = session.Prepare(
            "SELECT id, x, typeof(x) FROM data ORDER BY id");
        using TenantReader reader = select.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add($"{reader.GetValue(0)}|{reader.GetValue(1)}|{reader.GetString(2)}");
        }

        using TenantStatement schema = session.Prepare("SELECT type, name, sql FROM sqlite_schema ORDER BY name");
        using TenantReader schemaReader = schema.ExecuteReader();
        while (schemaReader.Read())
        {
            rows.Add($"{schemaReader.GetString(0)}:{schemaReader.GetString(1)}:{schemaReader.GetString(2)}");
        }

        return string.Join("; ", rows);
    }

    private static void Execute(TenantSession session, string sql)
    {
        using TenantStatement statement = session.Prepare(sql);
        statement.ExecuteNonQuery();
    }
}
