using System.Data.Common;
using System.Globalization;

namespace TenantDb.Reliability.Tests;

/// <summary>What one tenant database held compared with what its writers were told.</summary>
internal sealed record TenantVerdict(
    int AcknowledgedFound,
    int InFlightCommitted,
    int InFlightAbsent,
    int Lost,
    int Partial,
    string Integrity,
    IReadOnlyList<string> Failures);

/// <summary>
/// Checks one tenant database against its journal through any ADO.NET connection, so the same checks
/// run over the wire (Npgsql, after the server restarted) and on the files themselves (Microsoft.Data.Sqlite).
/// </summary>
internal static class CrashVerifier
{
    public static async Task<TenantVerdict> VerifyAsync(DbConnection connection, TxnJournal journal)
    {
        var failures = new List<string>();
        var ledger = new Dictionary<long, (string Kind, long Rows)>();
        await foreach (var r in QueryAsync(connection, "SELECT txn, kind, rows FROM ledger"))
            ledger[Convert.ToInt64(r[0], CultureInfo.InvariantCulture)] = ((string)r[1], Convert.ToInt64(r[2], CultureInfo.InvariantCulture));
        var items = await CountsAsync(connection, "SELECT txn, count(*) FROM items GROUP BY txn");
        var solo = await CountsAsync(connection, "SELECT txn, count(*) FROM solo GROUP BY txn");
        long total = 0, accounts = 0;
        await foreach (var r in QueryAsync(connection, "SELECT sum(balance), count(*) FROM accounts"))
            (total, accounts) = (Convert.ToInt64(r[0], CultureInfo.InvariantCulture), Convert.ToInt64(r[1], CultureInfo.InvariantCulture));
        var integrity = new List<string>();
        await foreach (var r in QueryAsync(connection, "PRAGMA integrity_check")) integrity.Add((string)r[0]);

        int partial = 0;
        foreach (var (txn, (kind, rows)) in ledger)
        {
            items.TryGetValue(txn, out long found);
            if (!journal.TryGet(txn, out var record)) failures.Add($"ledger has txn {txn} that no writer started");
            else if (record.Kind == TxnKind.RolledBack) failures.Add($"rolled-back txn {txn} is visible");
            else if (record.Rows != rows || record.Kind.ToString() != kind) failures.Add($"txn {txn}: ledger says {kind}/{rows}, the writer wrote {record.Kind}/{record.Rows}");
            if (found != rows)
            {
                partial++;
                failures.Add($"partial txn {txn}: ledger says {rows} rows, items has {found}");
            }
        }
        foreach (var (txn, count) in items)
        {
            if (!ledger.ContainsKey(txn))
            {
                partial++;
                failures.Add($"partial txn {txn}: {count} items rows without a ledger row");
            }
        }
        foreach (var (txn, count) in solo)
        {
            if (!journal.TryGet(txn, out var record) || record.Kind != TxnKind.Autocommit) failures.Add($"solo has txn {txn} that no autocommit writer started");
            else if (count != record.Rows)
            {
                partial++;
                failures.Add($"partial autocommit txn {txn}: {count} of {record.Rows} rows");
            }
        }
        if (accounts != CrashSchema.Accounts || total != CrashSchema.Accounts * CrashSchema.OpeningBalance)
            failures.Add($"accounts: {accounts} rows holding {total}, expected {CrashSchema.Accounts} holding {CrashSchema.Accounts * CrashSchema.OpeningBalance} (a transfer was applied by halves)");

        int acknowledgedFound = 0, inFlightCommitted = 0, inFlightAbsent = 0, lost = 0;
        foreach (var record in journal.Records)
        {
            if (record.Kind == TxnKind.RolledBack) continue;
            bool present = record.Kind == TxnKind.Autocommit ? solo.ContainsKey(record.Id) : ledger.ContainsKey(record.Id);
            if (record.Acknowledged && present) acknowledgedFound++;
            else if (record.Acknowledged)
            {
                lost++;
                failures.Add($"LOST acknowledged {record.Kind} txn {record.Id}");
            }
            else if (present) inFlightCommitted++;
            else inFlightAbsent++;
        }
        var integrityText = string.Join("; ", integrity);
        if (integrityText != "ok") failures.Add("integrity_check: " + integrityText);
        return new TenantVerdict(acknowledgedFound, inFlightCommitted, inFlightAbsent, lost, partial, integrityText, failures);
    }

    private static async Task<Dictionary<long, long>> CountsAsync(DbConnection connection, string sql)
    {
        var counts = new Dictionary<long, long>();
        await foreach (var r in QueryAsync(connection, sql))
            counts[Convert.ToInt64(r[0], CultureInfo.InvariantCulture)] = Convert.ToInt64(r[1], CultureInfo.InvariantCulture);
        return counts;
    }

    private static async IAsyncEnumerable<object[]> QueryAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            yield return row;
        }
    }
}
