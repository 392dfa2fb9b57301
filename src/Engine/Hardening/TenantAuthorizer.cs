// SAFETY-CRITICAL: the authorizer is what stops tenant SQL from attaching other files, loading native
// code, changing connection-level safety settings or touching the engine's reserved objects.
using SQLitePCL;

namespace TenantDb.Engine;

/// <summary>The sqlite3_set_authorizer callback applied to every tenant connection.</summary>
internal static class TenantAuthorizer
{
    /// <summary>Objects whose name starts with this (any case) belong to the engine.</summary>
    public const string ReservedPrefix = "_tenantdb";

    private const int Ok = 0;
    private const int Deny = 1;

    // Authorizer action codes from sqlite3.h.
    private const int CreateIndex = 1;
    private const int CreateTable = 2;
    private const int CreateTempIndex = 3;
    private const int CreateTempTable = 4;
    private const int CreateTempTrigger = 5;
    private const int CreateTempView = 6;
    private const int CreateTrigger = 7;
    private const int CreateView = 8;
    private const int Delete = 9;
    private const int DropIndex = 10;
    private const int DropTable = 11;
    private const int DropTempIndex = 12;
    private const int DropTempTable = 13;
    private const int DropTempTrigger = 14;
    private const int DropTempView = 15;
    private const int DropTrigger = 16;
    private const int DropView = 17;
    private const int Insert = 18;
    private const int Pragma = 19;
    private const int Read = 20;
    private const int Update = 23;
    private const int Attach = 24;
    private const int Detach = 25;
    private const int AlterTable = 26;
    private const int Reindex = 27;
    private const int Analyze = 28;
    private const int CreateVtable = 29;
    private const int DropVtable = 30;
    private const int Function = 31;
    private const int Transaction = 22;
    private const int Savepoint = 32;

    private static readonly strdelegate_authorizer s_callback = Authorize;

    /// <summary>Installs the authorizer on <paramref name="db"/>, with <paramref name="guard"/> as its state.</summary>
    public static void Install(sqlite3 db, ConnectionGuard guard) => raw.sqlite3_set_authorizer(db, s_callback, guard);

    /// <summary>True when <paramref name="name"/> is reserved for the engine.</summary>
    public static bool IsReserved(string? name) =>
        name is not null && (name.StartsWith(ReservedPrefix, StringComparison.OrdinalIgnoreCase)
            || string.Equals(name, TenantSchema.ProceduresView, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Tenant SQL may read what the procedures view shows: names and signatures, never the module
    /// bytes. The view's own reads of the reserved table arrive here as reads of these columns.
    /// </summary>
    private static bool IsListableProcedureColumn(string? table, string? column) =>
        string.Equals(table, TenantSchema.ProceduresView, StringComparison.OrdinalIgnoreCase)
        || (string.Equals(table, TenantSchema.ProceduresTable, StringComparison.OrdinalIgnoreCase)
            && column is "name" or "parameters" or "columns" or "created_at");

    /// <summary>The decision, separated from the callback so tests can call it directly.</summary>
    public static int Decide(bool trusted, int action, string? p0, string? p1)
    {
        switch (action)
        {
            // ATTACH, DETACH and VACUUM INTO (which SQLite reports as ATTACH) could reach other files.
            case Attach:
            case Detach:
                return Deny;
            case Pragma:
                return trusted || PragmaAllowList.IsAllowed(p0, p1) ? Ok : Deny;
            case Function:
                return FunctionDenyList.IsDenied(p1) ? Deny : Ok;
            case CreateVtable:
                return !trusted && (IsReserved(p0) || !VirtualTableModules.IsAllowed(p1)) ? Deny : Ok;
        }

        if (trusted)
        {
            return Ok;
        }

        switch (action)
        {
            case CreateIndex:
            case CreateTempIndex:
            case CreateTrigger:
            case CreateTempTrigger:
            case DropIndex:
            case DropTempIndex:
            case DropTrigger:
            case DropTempTrigger:
                // p0 is the index or trigger, p1 the table it belongs to.
                return IsReserved(p0) || IsReserved(p1) ? Deny : Ok;
            case CreateTable:
            case CreateTempTable:
            case CreateView:
            case CreateTempView:
            case Delete:
            case DropTable:
            case DropTempTable:
            case DropView:
            case DropTempView:
            case Insert:
            case Update:
            case Reindex:
            case Analyze:
            case DropVtable:
                return IsReserved(p0) ? Deny : Ok;
            case Read:
                return IsReserved(p0) && !IsListableProcedureColumn(p0, p1) ? Deny : Ok;
            case AlterTable:
                // p0 is the schema name, p1 the table.
                return IsReserved(p1) ? Deny : Ok;
            default:
                return Ok;
        }
    }

    private static int Authorize(object userData, int action, string? p0, string? p1, string? dbName, string? trigger)
    {
        var guard = (ConnectionGuard)userData;
        int decision = guard.ProcedureMode && action is Transaction or Savepoint ? Deny : Decide(guard.Trusted, action, p0, p1);
        if (decision == Deny)
        {
            guard.LastDenial = guard.ProcedureMode && action is Transaction or Savepoint
                ? "permission denied: a procedure cannot control transactions"
                : DescribeDenial(action, p0, p1);
        }
        else if (decision == Ok && !guard.Trusted && ChangesConnectionState(action, p1))
        {
            guard.SessionStateChanged = true;
        }

        return decision;
    }

    /// <summary>A human explanation of a denial, used as the error message instead of "not authorized".</summary>
    public static string DescribeDenial(int action, string? p0, string? p1) => action switch
    {
        Attach => "permission denied: ATTACH and VACUUM INTO are not allowed",
        Detach => "permission denied: DETACH is not allowed",
        Pragma => $"permission denied: PRAGMA {p0}{(p1 is null ? string.Empty : " = " + p1)} is not allowed",
        Function => $"permission denied: function {p1}() is not allowed",
        CreateVtable when !IsReserved(p0) => $"permission denied: virtual table module \"{p1}\" is not allowed",
        _ => $"permission denied: \"{(IsReserved(p0) ? p0 : p1)}\" is reserved for TenantDb",
    };

    private static bool ChangesConnectionState(int action, string? p1) => action switch
    {
        Pragma => p1 is not null,
        CreateTempIndex or CreateTempTable or CreateTempTrigger or CreateTempView => true,
        _ => false,
    };
}
