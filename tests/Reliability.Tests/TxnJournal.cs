using System.Collections.Concurrent;

namespace TenantDb.Reliability.Tests;

/// <summary>What the client knows about one transaction it started.</summary>
internal sealed class TxnRecord(long id, TxnKind kind, int rows)
{
    private int _acknowledged;

    public long Id { get; } = id;
    public TxnKind Kind { get; } = kind;

    /// <summary>Rows the transaction writes to its data table (items, or solo for autocommit).</summary>
    public int Rows { get; } = rows;

    /// <summary>True once the client saw its COMMIT (or autocommit statement, or CALL) succeed.</summary>
    public bool Acknowledged => Volatile.Read(ref _acknowledged) == 1;

    public void Acknowledge() => Volatile.Write(ref _acknowledged, 1);
}

/// <summary>The ways a crash writer changes data; each must be all-or-nothing.</summary>
internal enum TxnKind
{
    /// <summary>BEGIN, row-by-row inserts and a transfer over the extended protocol, COMMIT.</summary>
    Extended,

    /// <summary>BEGIN ... COMMIT as one pipelined multi-statement command.</summary>
    Pipelined,

    /// <summary>
    /// The same statements as one NpgsqlBatch (extended protocol, one Sync) without BEGIN/COMMIT: the
    /// server runs everything up to Sync as one implicit transaction, as PostgreSQL does.
    /// </summary>
    ImplicitBatch,

    /// <summary>One autocommit multi-row INSERT into solo (no ledger row).</summary>
    Autocommit,

    /// <summary>CALL of a stored procedure that inserts the rows, transfers and writes the ledger.</summary>
    Call,

    /// <summary>BEGIN, one INSERT ... SELECT of about a megabyte (hundreds of WAL frames at COMMIT), transfer, ledger, COMMIT.</summary>
    Big,

    /// <summary>Writes, then ROLLBACK: must never be visible.</summary>
    RolledBack,
}

/// <summary>Every transaction id a tenant's writers started, across all kill cycles.</summary>
internal sealed class TxnJournal
{
    private static long s_nextId;
    private readonly ConcurrentDictionary<long, TxnRecord> _records = new();

    public TxnRecord Begin(TxnKind kind, int rows)
    {
        var record = new TxnRecord(Interlocked.Increment(ref s_nextId), kind, rows);
        _records[record.Id] = record;
        return record;
    }

    public bool TryGet(long id, out TxnRecord record) => _records.TryGetValue(id, out record!);

    public IEnumerable<TxnRecord> Records => _records.Values;
}
