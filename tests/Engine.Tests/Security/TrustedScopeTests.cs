using TenantDb.Engine.Errors;

namespace TenantDb.Engine.Tests.Security;

/// <summary>The engine's trusted statements end untrusted, and a trusted step nested in another keeps the outer one trusted.</summary>
public sealed class TrustedScopeTests
{
    [Fact]
    public void Trust_is_restored_after_nested_trusted_statements_and_never_outlives_them()
    {
        using var engine = TenantDbEngine.OpenInMemory();
        engine.CreateTenant("t");
        using TenantSession session = engine.OpenSession("t");

        using (session.Guard.EnterTrusted())
        {
            session.ExecuteTrusted("CREATE TABLE main._tenantdb_scope_probe (x)");
            Assert.True(session.Guard.Trusted);

            // Still trusted after the nested step: the reserved table is reachable.
            Assert.Empty(session.QueryTrusted("SELECT x FROM main._tenantdb_scope_probe"));
            session.ExecuteTrusted("INSERT INTO main._tenantdb_scope_probe VALUES (1)");
            Assert.True(session.Guard.Trusted);
        }

        Assert.False(session.Guard.Trusted);
        var denied = Assert.Throws<TenantDbException>(() => session.Prepare("SELECT x FROM main._tenantdb_scope_probe"));
        Assert.Equal(TenantDbErrorKind.Denied, denied.Kind);
    }
}
