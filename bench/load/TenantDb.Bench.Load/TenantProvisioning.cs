using TenantDb.Engine;

namespace TenantDb.Bench.Load;

/// <summary>Creates tenants (each with one user) straight in a data directory before the server starts.</summary>
internal static class TenantProvisioning
{
    /// <summary>The user every provisioned tenant gets.</summary>
    public const string User = "app";

    /// <summary>Its password.</summary>
    public const string Password = "app-secret";

    /// <summary>Creates <paramref name="names"/> in <paramref name="dataDirectory"/>; no server may run on it yet.</summary>
    public static void Create(string dataDirectory, IEnumerable<string> names)
    {
        Directory.CreateDirectory(dataDirectory);
        using var engine = TenantDbEngine.Open(dataDirectory);
        foreach (var name in names)
        {
            engine.CreateTenant(name);
            engine.SetPassword(name, User, Password);
        }
    }
}
