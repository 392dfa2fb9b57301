using System.Globalization;
using System.Text;
using Npgsql;

namespace TenantDb.Reliability.Tests;

/// <summary>
/// One client connection writing transactions of every <see cref="TxnKind"/> to one tenant until the
/// server dies under it. A transaction is recorded as acknowledged only after its COMMIT (or its
/// autocommit statement or CALL) returned successfully to the client.
/// </summary>
internal sealed class CrashWriter(string connectionString, TxnJournal journal, int seed)
{
    private const int BigRows = 800;
    private readonly Random _random = new(seed);
    private readonly List<string> _serverErrors = [];

    /// <summary>Transactions this writer saw acknowledged.</summary>
    public int Acknowledged => Volatile.Read(ref _acknowledged);

    private int _acknowledged;

    /// <summary>Errors the server reported (a killed server reports none: its socket just closes).</summary>
    public IReadOnlyList<string> ServerErrors => _serverErrors;

    /// <summary>
    /// Transactions refused with 40001. Transactions are serializable (docs/transactions.md): a client
    /// retries them, and a refused transaction must leave nothing behind, which the verifier checks
    /// like any other unacknowledged one.
    /// </summary>
    public int SerializationFailures { get; private set; }

    /// <summary>Writes until the connection breaks or <paramref name="stop"/> fires.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(CancellationToken.None);
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await RunOneAsync(connection);
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.SerializationFailure)
                {
                    SerializationFailures++;
                    if (connection.State != System.Data.ConnectionState.Open) return;
                    // A failed BEGIN ... COMMIT sent as one query leaves its block aborted until ROLLBACK.
                    await using var rollback = new NpgsqlCommand("ROLLBACK", connection);
                    await rollback.ExecuteNonQueryAsync();
                }
                catch (PostgresException e)
                {
                    _serverErrors.Add($"{e.SqlState}: {e.MessageText}");
                    if (connection.State != System.Data.ConnectionState.Open) return;
                }
            }
        }
        catch (NpgsqlException)
        {
            // The server was killed: the socket closed mid-transaction. That transaction's outcome is unknown.
        }
        catch (IOException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private Task RunOneAsync(NpgsqlConnection connection)
    {
        int roll = _random.Next(100);
        int rows = _random.Next(1, 9);
        if (_random.Next(200) == 0) return ReplaceProcedureAsync(connection);
        return roll switch
        {
            < 1 => BigAsync(connection, journal.Begin(TxnKind.Big, BigRows)),
            < 25 => ExtendedAsync(connection, journal.Begin(TxnKind.Extended, rows)),
            < 45 => PipelinedAsync(connection, journal.Begin(TxnKind.Pipelined, rows)),
            < 60 => ImplicitBatchAsync(connection, journal.Begin(TxnKind.ImplicitBatch, rows)),
            < 72 => AutocommitAsync(connection, journal.Begin(TxnKind.Autocommit, rows)),
            < 90 => CallAsync(connection, journal.Begin(TxnKind.Call, rows)),
            _ => RolledBackAsync(connection, journal.Begin(TxnKind.RolledBack, rows)),
        };
    }

    private async Task ExtendedAsync(NpgsqlConnection connection, TxnRecord txn)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        await WriteRowByRowAsync(connection, txn);
        await transaction.CommitAsync();
        Acknowledge(txn);
    }

    private async Task BigAsync(NpgsqlConnection connection, TxnRecord txn)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var insert = new NpgsqlCommand(
            "WITH RECURSIVE s(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM s WHERE k + 1 < $2) INSERT INTO items (txn, k, pad) SELECT $1, k, randomblob(1200) FROM s", connection))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = txn.Id });
            insert.Parameters.Add(new NpgsqlParameter { Value = (long)txn.Rows });
            await insert.ExecuteNonQueryAsync();
        }
        await TransferAndLedgerAsync(connection, txn);
        await transaction.CommitAsync();
        Acknowledge(txn);
    }

    /// <summary>Replaces the procedure with the same code while others call it: a kill must never leave it missing.</summary>
    private static async Task ReplaceProcedureAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand($"CREATE OR REPLACE PROCEDURE crash_txn(txn int8, rows int8) AS {TenantDb.Bench.Load.ProcedureSource.Literal(CrashSchema.ProcedureWat)}", connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task RolledBackAsync(NpgsqlConnection connection, TxnRecord txn)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        await WriteRowByRowAsync(connection, txn);
        await transaction.RollbackAsync();
    }

    private async Task WriteRowByRowAsync(NpgsqlConnection connection, TxnRecord txn)
    {
        for (int k = 0; k < txn.Rows; k++)
        {
            await using var insert = new NpgsqlCommand("INSERT INTO items (txn, k, pad) VALUES ($1, $2, $3)", connection);
            insert.Parameters.Add(new NpgsqlParameter { Value = txn.Id });
            insert.Parameters.Add(new NpgsqlParameter { Value = (long)k });
            insert.Parameters.Add(new NpgsqlParameter { Value = Pad() });
            await insert.ExecuteNonQueryAsync();
        }
        await TransferAndLedgerAsync(connection, txn);
    }

    private static async Task TransferAndLedgerAsync(NpgsqlConnection connection, TxnRecord txn)
    {
        foreach (var sql in new[] { "UPDATE accounts SET balance = balance - $2 WHERE id = $1 % 10 + 1", "UPDATE accounts SET balance = balance + $2 WHERE id = ($1 + 3) % 10 + 1" })
        {
            await using var transfer = new NpgsqlCommand(sql, connection);
            transfer.Parameters.Add(new NpgsqlParameter { Value = txn.Id });
            transfer.Parameters.Add(new NpgsqlParameter { Value = (long)txn.Rows });
            await transfer.ExecuteNonQueryAsync();
        }
        await using var ledger = new NpgsqlCommand("INSERT INTO ledger (txn, kind, rows) VALUES ($1, $2, $3)", connection);
        ledger.Parameters.Add(new NpgsqlParameter { Value = txn.Id });
        ledger.Parameters.Add(new NpgsqlParameter { Value = txn.Kind.ToString() });
        ledger.Parameters.Add(new NpgsqlParameter { Value = (long)txn.Rows });
        await ledger.ExecuteNonQueryAsync();
    }

    private async Task PipelinedAsync(NpgsqlConnection connection, TxnRecord txn)
    {
        // One command text, many statements: Npgsql sends them back to back and reads the answers after.
        var sql = new StringBuilder("BEGIN;");
        for (int k = 0; k < txn.Rows; k++)
            sql.Append(CultureInfo.InvariantCulture, $" INSERT INTO items (txn, k, pad) VALUES ({txn.Id}, {k}, x'{Convert.ToHexString(Pad())}');");
        sql.Append(CultureInfo.InvariantCulture, $" UPDATE accounts SET balance = balance - {txn.Rows} WHERE id = {txn.Id % 10 + 1};");
        sql.Append(CultureInfo.InvariantCulture, $" UPDATE accounts SET balance = balance + {txn.Rows} WHERE id = {(txn.Id + 3) % 10 + 1};");
        sql.Append(CultureInfo.InvariantCulture, $" INSERT INTO ledger (txn, kind, rows) VALUES ({txn.Id}, 'Pipelined', {txn.Rows}); COMMIT");
        await using var command = new NpgsqlCommand(sql.ToString(), connection);
        await command.ExecuteNonQueryAsync();
        Acknowledge(txn);
    }

    private async Task ImplicitBatchAsync(NpgsqlConnection connection, TxnRecord txn)
    {
        await using var batch = new NpgsqlBatch(connection);
        for (int k = 0; k < txn.Rows; k++)
            batch.BatchCommands.Add(Statement("INSERT INTO items (txn, k, pad) VALUES ($1, $2, $3)", txn.Id, (long)k, Pad()));
        batch.BatchCommands.Add(Statement("UPDATE accounts SET balance = balance - $2 WHERE id = $1 % 10 + 1", txn.Id, (long)txn.Rows));
        batch.BatchCommands.Add(Statement("UPDATE accounts SET balance = balance + $2 WHERE id = ($1 + 3) % 10 + 1", txn.Id, (long)txn.Rows));
        batch.BatchCommands.Add(Statement("INSERT INTO ledger (txn, kind, rows) VALUES ($1, $2, $3)", txn.Id, txn.Kind.ToString(), (long)txn.Rows));
        await batch.ExecuteNonQueryAsync();
        Acknowledge(txn);
    }

    private static NpgsqlBatchCommand Statement(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var v in values) command.Parameters.Add(new NpgsqlParameter { Value = v });
        return command;
    }

    private async Task AutocommitAsync(NpgsqlConnection connection, TxnRecord txn)
    {
        var values = string.Join(", ", Enumerable.Range(0, txn.Rows).Select(k => string.Create(CultureInfo.InvariantCulture, $"($1, {k})")));
        await using var command = new NpgsqlCommand($"INSERT INTO solo (txn, k) VALUES {values}", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = txn.Id });
        await command.ExecuteNonQueryAsync();
        Acknowledge(txn);
    }

    private async Task CallAsync(NpgsqlConnection connection, TxnRecord txn)
    {
        await using var command = new NpgsqlCommand("CALL crash_txn($1, $2)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = txn.Id });
        command.Parameters.Add(new NpgsqlParameter { Value = (long)txn.Rows });
        await command.ExecuteNonQueryAsync();
        Acknowledge(txn);
    }

    private void Acknowledge(TxnRecord txn)
    {
        txn.Acknowledge();
        Interlocked.Increment(ref _acknowledged);
    }

    private byte[] Pad()
    {
        var pad = new byte[_random.Next(100, 1500)];
        _random.NextBytes(pad);
        return pad;
    }
}
