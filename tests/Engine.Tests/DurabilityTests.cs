using Dapper;
using TenantDb.Engine;
using TenantDb.TestKit;

namespace TenantDb.Engine.Tests;

public sealed class DurabilityTests
{
    [Fact]
    public void Committed_data_survives_reopen_and_uncommitted_does_not()
    {
        using var directory = TempDirectory.ForDatabases();
        using (var engine = TenantDbEngine.Open(directory.Path))
        {
            engine.CreateTenant("shop");
            engine.SetPassword("shop", "app", "pw");
            Assert.True(File.Exists(Path.Combine(directory.Path, "tenants", "shop", "tenant.db")));
            using TenantSession session = engine.OpenSession("shop");
            session.Connection.Execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, total REAL)");
            session.Begin();
            session.Connection.Execute("INSERT INTO orders (total) VALUES (9.5)");
            session.Commit();
            session.Connection.Execute("INSERT INTO orders (total) VALUES (1.0)");

            session.Begin();
            session.Connection.Execute("INSERT INTO orders (total) VALUES (100)");

            // Session and engine are disposed with the transaction still open.
        }

        using (var engine = TenantDbEngine.Open(directory.Path))
        {
            Assert.Equal(["shop"], engine.ListTenants());
            Assert.True(engine.FindScramVerifier("shop", "app")!.Matches("pw"));
            using TenantSession session = engine.OpenSession("shop");
            Assert.Equal([9.5, 1.0], session.Connection.Query<double>("SELECT total FROM orders ORDER BY id"));
            string journal = session.Connection.ExecuteScalar<string>("PRAGMA journal_mode")!;
            Assert.Equal("wal", journal);
        }
    }
}
