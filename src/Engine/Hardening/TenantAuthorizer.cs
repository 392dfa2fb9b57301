// SAFETY-CRITICAL: the authorizer is what stops tenant SQL from attaching other files, loading native
// code, changing connection-level safety settings or touching the engine's reserved objects.
using SQLitePCL;
using TenantDb.Engine.Tenants;

namespace TenantDb.Engine.Hardening;

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

    // The utf8z form of the callback: the names are decoded through the connection's cache
    // (AuthorizerNames) instead of into new strings on every call.
    private static readonly delegate_authorizer s_callback = Authorize;

    /// <summary>Installs the authorizer on <paramref name="db"/>, with <paramref name="guard"/> as its state.</summary>
    public static void Install(sqlite3 db, ConnectionGuard guard) => raw.sqlite3_set_authorizer(db, s_callback, guard);

    /// <summary>True when <paramref name="name"/> is reserved for the engine.</summary>
    public static bool IsReserved(string? name) =>
        name is not null && (name.StartsWith(ReservedPrefix, StringComparison.OrdinalIgnoreCase)
            || string.Equals(name, TenantSchema.ProceduresView, StringComparison.OrdinalIgnoreCase)
            || string.Equals(name, Usage.UsageView.Name, StringComparison.OrdinalIgnoreCase));

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
                // The usage view shows the reading tenant's own figures only; every column may be read.
                return IsReserved(p0) && !IsListableProcedureColumn(p0, p1)
                    && !string.Equals(p0, Usage.UsageView.Name, StringComparison.OrdinalIgnoreCase) ? Deny : Ok;
            case AlterTable:
                // p0 is the schema name, p1 the table.
                return IsReserved(p1) ? Deny : Ok;
            default:
                return Ok;
        }
    }

    private static int Authorize(object userData, int action, utf8z p0Bytes, utf8z p1Bytes, utf8z dbNameBytes, utf8z triggerBytes)
    {
        var guard = (ConnectionGuard)userData;
        var names = guard.AuthorizerNames;
        string? p0 = names.Get(p0Bytes), p1 = names.Get(p1Bytes), dbName = names.Get(dbNameBytes), trigger = names.Get(triggerBytes);
        string? denial = guard.Trusted
            ? DenialForTrusted(action, p0, p1, trigger)
            : DenialForTenant(guard, action, p0, p1);
        if (denial is not null)
        {
            guard.LastDenial = denial;
            return Deny;
        }

        if (action == Function && Ddl.SequenceFunctions.IsWriting(p1))
        {
            guard.PreparedCallsWritingFunction = true;
        }

        if (!guard.Trusted && ChangesConnectionState(action, p0, p1, dbName))
        {
            guard.SessionStateChanged = true;
        }

        return Ok;
    }

    // The engine's own statements name only reserved tables, schema-qualified; nothing a tenant wrote
    // (a trigger, reached directly or through a foreign-key action, or a view) may run inside them,
    // because it would run with the engine's rights.
    private static string? DenialForTrusted(int action, string? p0, string? p1, string? trigger)
    {
        if (trigger is not null)
        {
            return $"permission denied: \"{trigger}\" cannot run inside a TenantDb statement";
        }

        return Decide(trusted: true, action, p0, p1) == Deny ? DescribeDenial(action, p0, p1) : null;
    }

    private static string? DenialForTenant(ConnectionGuard guard, int action, string? p0, string? p1)
    {
        if (guard.ProcedureMode && action is Transaction or Savepoint)
        {
            return "permission denied: a procedure cannot control transactions";
        }

        // SQLite tells the authorizer the old name of a renamed table, never the new one. The new name
        // is spelled out in the statement's text (SQLite identifiers have no escapes that could hide
        // it), so an ALTER TABLE whose text mentions a reserved name at all is refused.
        if (action == AlterTable && MentionsReservedName(guard.PreparingText))
        {
            return "permission denied: ALTER TABLE may not use a name reserved for TenantDb (\"_tenantdb...\", \"tenantdb_procedures\")";
        }

        return Decide(trusted: false, action, p0, p1) == Deny ? DescribeDenial(action, p0, p1) : null;
    }

    /// <summary>
    /// True when <paramref name="sqlText"/> could name a reserved object anywhere (or is unknown). A
    /// reserved name's characters always appear contiguously in the text that names it, whatever the
    /// quoting, so a substring test over-approximates soundly.
    /// </summary>
    public static bool MentionsReservedName(string? sqlText) =>
        sqlText is null
        || sqlText.Contains(ReservedPrefix, StringComparison.OrdinalIgnoreCase)
        || sqlText.Contains(TenantSchema.ProceduresView, StringComparison.OrdinalIgnoreCase)
        || sqlText.Contains(Usage.UsageView.Name, StringComparison.OrdinalIgnoreCase);

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

    // What stays on the connection after the statement and would be seen by the next session given the
    // connection: a pragma setting, a TEMP object created or dropped, and a change to the rows or the
    // shape of a TEMP table (the PostgreSQL catalog's tables among them, which the tenant may change to
    // fool itself but never the next session).
    private static bool ChangesConnectionState(int action, string? p0, string? p1, string? dbName) => action switch
    {
        Pragma => p1 is not null,
        CreateTempIndex or CreateTempTable or CreateTempTrigger or CreateTempView => true,
        DropTempIndex or DropTempTable or DropTempTrigger or DropTempView => true,
        Insert or Update or Delete => string.Equals(dbName, "temp", StringComparison.OrdinalIgnoreCase),
        AlterTable => string.Equals(p0, "temp", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };
}
