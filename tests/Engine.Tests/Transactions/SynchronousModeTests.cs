using TenantDb.Engine.Errors;
using TenantDb.TestKit;

namespace TenantDb.Engine.Tests.Transactions;

/// <summary>The engine's synchronous setting reaches every tenant connection, and tenant SQL can read it but not change it.</summary>
public sealed class SynchronousModeTests
{
    [Theory]
    [InlineData(SynchronousMode.Normal, 1)]
    [InlineData(SynchronousMode.Full, 2)]
    public void Tenant_connections_run_with_the_configured_synchronous_mode(SynchronousMode mode, long pragmaValue)
    {
        using var directory = TempDirectory.ForDatabases();
        using (var engine = TenantDbEngine.Open(directory.Path, new EngineOptions { Synchronous = mode }))
        {
            engine.CreateTenant("t");
            using TenantSession session = engine.OpenSession("t");
            Assert.Equal(pragmaValue, Synchronous(session));

            var denied = Assert.Throws<TenantDbException>(() => session.Prepare("PRAGMA synchronous = OFF"));
            Assert.Equal(TenantDbErrorKind.Denied, denied.Kind);
            Assert.Equal(pragmaValue, Synchronous(session));
        }
    }

    private static long Synchronous(TenantSession session)
    {
        using TenantStatement statement = session.Prepare("PRAGMA synchronous");
        using TenantReader reader = statement.ExecuteReader();
        Assert.True(reader.Read());
        return reader.GetInt64(0);
    }
}
