// SAFETY-CRITICAL: the authorizer of the connections that inspect a database file handed over for
// restore. Its tenant mode is the tenant authorizer's decision plus the rules only a restore needs.
using SQLitePCL;
using TenantDb.Engine.Hardening;

namespace TenantDb.Engine.Operations;

/// <summary>
/// Authorizes the statements that inspect a restore candidate. In engine mode (the inspector's own
/// reads of the schema table, the reserved rows and <c>integrity_check</c>) nothing the file defines
/// may run: any access from inside one of its triggers or views is refused. In tenant mode (replaying
/// and preparing the file's schema objects) every access must pass <see cref="TenantAuthorizer.Decide"/>
/// as if the tenant had typed it, and raw page access is refused outright: a tenant may read
/// <c>sqlite_dbpage</c> directly, but a schema object built on it has no use except to carry it into
/// another statement.
/// </summary>
internal sealed class RestoreAuthorizer
{
    private const int Ok = 0;
    private const int Deny = 1;
    private const int Read = 20;
    private const int Update = 23;

    private static readonly strdelegate_authorizer s_callback = Authorize;

    /// <summary>True while the inspector runs its own statements; false while it replays tenant objects.</summary>
    public bool EngineMode { get; set; } = true;

    /// <summary>The first denial since the last <see cref="TakeDenial"/>, as an explanation.</summary>
    public string? Denial { get; private set; }

    /// <summary>Installs a new authorizer on <paramref name="db"/>.</summary>
    public static RestoreAuthorizer Install(sqlite3 db)
    {
        var authorizer = new RestoreAuthorizer();
        raw.sqlite3_set_authorizer(db, s_callback, authorizer);
        return authorizer;
    }

    /// <summary>Returns and clears the recorded denial.</summary>
    public string? TakeDenial()
    {
        string? denial = Denial;
        Denial = null;
        return denial;
    }

    /// <summary>True when <paramref name="table"/> exposes raw pages of the database file.</summary>
    public static bool IsRawPageTable(string? table) =>
        string.Equals(table, "sqlite_dbpage", StringComparison.OrdinalIgnoreCase)
        || string.Equals(table, "dbstat", StringComparison.OrdinalIgnoreCase);

    private static int Authorize(object userData, int action, string? p0, string? p1, string? dbName, string? inner)
    {
        var self = (RestoreAuthorizer)userData;
        string? denial = self.EngineMode ? DenialForEngine(inner) : DenialForTenant(action, p0, p1);
        if (denial is null)
        {
            return Ok;
        }

        self.Denial ??= denial;
        return Deny;
    }

    private static string? DenialForEngine(string? inner) =>
        inner is null ? null : $"\"{inner}\" would run inside the restore's own checks";

    private static string? DenialForTenant(int action, string? p0, string? p1)
    {
        if (action is Read or Update && IsRawPageTable(p0))
        {
            return $"a schema object reads raw database pages through \"{p0}\"";
        }

        return TenantAuthorizer.Decide(trusted: false, action, p0, p1) == Deny
            ? TenantAuthorizer.DescribeDenial(action, p0, p1)
            : null;
    }
}
