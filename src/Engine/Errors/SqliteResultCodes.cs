namespace TenantDb.Engine.Errors;

/// <summary>The SQLite result codes the engine looks at (sqlite3.h values).</summary>
internal static class SqliteResultCodes
{
    public const int Ok = 0;
    public const int Error = 1;
    public const int Perm = 3;
    public const int Busy = 5;
    public const int Locked = 6;
    public const int NoMem = 7;
    public const int ReadOnly = 8;
    public const int Interrupt = 9;
    public const int Full = 13;
    public const int TooBig = 18;
    public const int Constraint = 19;
    public const int Misuse = 21;
    public const int Auth = 23;
    public const int Range = 25;
    public const int Row = 100;
    public const int Done = 101;

    /// <summary>SQLITE_BUSY_SNAPSHOT: a WAL read transaction cannot become a write transaction because its snapshot is stale.</summary>
    public const int BusySnapshot = Busy | (2 << 8);

    /// <summary>sqlite3_txn_state: no transaction is open.</summary>
    public const int TxnNone = 0;

    /// <summary>sqlite3_txn_state: a write transaction is open.</summary>
    public const int TxnWrite = 2;
}
