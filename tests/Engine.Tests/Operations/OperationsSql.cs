using TenantDb.Engine;

namespace TenantDb.Engine.Tests.Operations;

/// <summary>One-line SQL helpers for the operations tests.</summary>
internal static class OperationsSql
{
    public static void Exec(TenantSession session, string sql)
    {
        using TenantStatement statement = session.Prepare(sql);
        statement.ExecuteNonQuery();
    }

    public static long Scalar(TenantSession session, string sql)
    {
        using TenantStatement statement = session.Prepare(sql);
        using TenantReader reader = statement.ExecuteReader();
        Assert.True(reader.Read());
        return reader.GetInt64(0);
    }

    public static void Exec(TenantDbEngine engine, string tenant, string sql)
    {
        using TenantSession session = engine.OpenSession(tenant);
        Exec(session, sql);
    }

    public static long Scalar(TenantDbEngine engine, string tenant, string sql)
    {
        using TenantSession session = engine.OpenSession(tenant);
        return Scalar(session, sql);
    }
}
