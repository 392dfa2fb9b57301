using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace TenantDb.Bench.Load;

/// <summary>
/// One client connection, held open for the whole run, doing reads, writes and CALLs on one tenant
/// with prepared statements. A broken connection is counted as an error and reopened.
/// </summary>
internal sealed class LoadWorker(int id, string connectionString, LoadOptions options, bool prepare = true) : IAsyncDisposable
{
    private readonly Random _random = new(options.Seed * 7919 + id);
    private readonly string _payload = new('x', 100);
    private NpgsqlConnection? _connection;
    private NpgsqlCommand? _read, _write, _call;

    public LatencyLog Log { get; } = new();

    /// <summary>Opens the connection and prepares the three statements.</summary>
    public async Task OpenAsync()
    {
        await CloseAsync().ConfigureAwait(false);
        _connection = new NpgsqlConnection(connectionString);
        await _connection.OpenAsync().ConfigureAwait(false);
        _read = Command("SELECT k, v FROM kv WHERE k BETWEEN $1 AND $1 + 9", NpgsqlDbType.Bigint);
        _write = Command("INSERT INTO events (k, worker, payload) VALUES ($1, $2, $3)", NpgsqlDbType.Bigint, NpgsqlDbType.Bigint, NpgsqlDbType.Text);
        _call = Command("CALL bump($1)", NpgsqlDbType.Bigint);
        if (prepare)
        {
            foreach (var c in new[] { _read, _write, _call }) await c.PrepareAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs operations until <paramref name="until"/> (a Stopwatch timestamp), recording the latencies of
    /// those that start at <paramref name="measureFrom"/> or later (errors always).
    /// </summary>
    public async Task RunAsync(long measureFrom, long until)
    {
        // Connections start at random points of one think time, so they do not arrive in step.
        if (options.ThinkTime > TimeSpan.Zero) await ThinkAsync(_random.NextDouble() * options.ThinkTime.TotalMilliseconds, until).ConfigureAwait(false);
        while (Stopwatch.GetTimestamp() < until)
        {
            int roll = _random.Next(100);
            var kind = roll < options.ReadPercent ? OperationKind.Read
                : roll < options.ReadPercent + options.WritePercent ? OperationKind.Write
                : OperationKind.Call;
            long key = _random.Next(1, options.Keys - 9);
            long start = Stopwatch.GetTimestamp();
            try
            {
                await RunOneAsync(kind, key).ConfigureAwait(false);
                if (start >= measureFrom) Log.Record(kind, start, Stopwatch.GetTimestamp() - start);
            }
            catch (PostgresException e)
            {
                Log.RecordError(kind, $"{e.SqlState} {e.MessageText}");
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
            {
                Log.RecordError(kind, $"{e.GetType().Name} {e.Message}");
                if (Stopwatch.GetTimestamp() < until) await ReopenAsync(kind).ConfigureAwait(false);
            }
            if (options.ThinkTime > TimeSpan.Zero)
                await ThinkAsync(-Math.Log(1 - _random.NextDouble()) * options.ThinkTime.TotalMilliseconds, until).ConfigureAwait(false);
        }
    }

    private static async Task ThinkAsync(double milliseconds, long until)
    {
        double left = (until - Stopwatch.GetTimestamp()) * 1000.0 / Stopwatch.Frequency;
        double pause = Math.Min(milliseconds, left);
        if (pause > 0) await Task.Delay(TimeSpan.FromMilliseconds(pause)).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync() => await CloseAsync().ConfigureAwait(false);

    private async Task RunOneAsync(OperationKind kind, long key)
    {
        switch (kind)
        {
            case OperationKind.Read:
                _read!.Parameters[0].Value = key;
                await using (var reader = await _read.ExecuteReaderAsync().ConfigureAwait(false))
                {
                    while (await reader.ReadAsync().ConfigureAwait(false)) _ = reader.GetInt64(1);
                }
                break;
            case OperationKind.Write:
                _write!.Parameters[0].Value = key;
                _write.Parameters[1].Value = (long)id;
                _write.Parameters[2].Value = _payload;
                await _write.ExecuteNonQueryAsync().ConfigureAwait(false);
                break;
            default:
                _call!.Parameters[0].Value = key;
                if (await _call.ExecuteScalarAsync().ConfigureAwait(false) is not (long or int)) throw new InvalidOperationException("CALL bump returned no value");
                break;
        }
    }

    private async Task ReopenAsync(OperationKind kind)
    {
        try
        {
            await OpenAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException)
        {
            Log.RecordError(kind, $"reopen: {e.GetType().Name} {e.Message}");
            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    private NpgsqlCommand Command(string sql, params NpgsqlDbType[] types)
    {
        var command = new NpgsqlCommand(sql, _connection);
        foreach (var t in types) command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = t });
        return command;
    }

    private async Task CloseAsync()
    {
        foreach (var c in new[] { _read, _write, _call }) if (c is not null) await c.DisposeAsync().ConfigureAwait(false);
        if (_connection is not null) await _connection.DisposeAsync().ConfigureAwait(false);
        _connection = null;
    }
}
