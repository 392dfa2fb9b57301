using System.Diagnostics;
using System.Globalization;
using Npgsql;
using TenantDb.TestKit;

namespace TenantDb.Wire.Tests.Exhaustion;

/// <summary>
/// The victim: one already-connected client of another tenant that runs a small query over and over
/// while an attack goes on. Every answer must be right and arrive within <see cref="Bound"/> (a
/// generous bound meaning "still served", not a performance figure).
/// </summary>
internal sealed class VictimLoop : IAsyncDisposable
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private readonly NpgsqlConnection _connection;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _answers;
    private TimeSpan _slowest;
    private Exception? _failure;

    private VictimLoop(NpgsqlConnection connection)
    {
        _connection = connection;
        _loop = Task.Run(RunAsync);
    }

    public static async Task<VictimLoop> StartAsync(ExhaustionServer server)
    {
        var loop = new VictimLoop(await server.OpenAsync(ExhaustionServer.Victim));
        await loop.WaitForAnswersAsync(1);
        return loop;
    }

    public long Answers => Interlocked.Read(ref _answers);

    /// <summary>Waits until the victim got <paramref name="more"/> further answers (proof it is served now).</summary>
    public async Task WaitForAnswersAsync(int more)
    {
        var target = Answers + more;
        await Eventually.TrueAsync(() => Answers >= target || _failure is not null, Bound * 2, () => $"victim answered {Answers}, wanted {target}");
        ThrowIfFailed();
    }

    /// <summary>Stops the loop and asserts every answer was right and in time.</summary>
    public async Task StopAndCheckAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        ThrowIfFailed();
        Assert.True(Answers > 0, "the victim got no answer at all");
        Assert.True(_slowest < Bound, $"the victim waited {_slowest.TotalSeconds:0.0} s for an answer");
    }

    private void ThrowIfFailed()
    {
        if (_failure is not null) throw new InvalidOperationException($"the victim failed after {Answers} answers", _failure);
    }

    private async Task RunAsync()
    {
        var n = 0L;
        while (!_stop.IsCancellationRequested)
        {
            var watch = Stopwatch.StartNew();
            try
            {
                using var timeout = new CancellationTokenSource(Bound);
                await using var cmd = new NpgsqlCommand($"SELECT {n} + 1", _connection);
                var answer = Convert.ToInt64(await cmd.ExecuteScalarAsync(timeout.Token), CultureInfo.InvariantCulture);
                if (answer != n + 1) throw new InvalidOperationException($"victim got {answer} for {n} + 1");
            }
            catch (Exception ex) when (!_stop.IsCancellationRequested)
            {
                _failure = ex;
                return;
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            if (watch.Elapsed > _slowest) _slowest = watch.Elapsed;
            n++;
            Interlocked.Increment(ref _answers);
            await Task.Delay(5); // a steady client, not a spinning one: the machine is shared
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested) await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (Exception) when (_failure is not null)
        {
        }
        await _connection.DisposeAsync();
        _stop.Dispose();
    }
}
