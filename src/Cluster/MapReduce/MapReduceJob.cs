using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace TenantDb.Cluster.MapReduce;

/// <summary>
/// In-situ map over many tenants: calls the map once per tenant (in a cluster, on the node owning
/// that tenant), at most <c>parallelism</c> calls in flight, and streams each tenant's result as it
/// completes. A tenant that fails is a result with an error, never the end of the job; canceling the
/// token stops starting new calls and cancels the running ones.
/// </summary>
public static class MapReduceJob
{
    /// <summary>Runs one tenant's map; must report failures in its result rather than throw.</summary>
    public delegate Task<TenantMapResult> MapOne(string tenant, CancellationToken cancellationToken);

    public static async IAsyncEnumerable<TenantMapResult> RunAsync(IReadOnlyList<string> tenants, MapOne map, int parallelism,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        var results = Channel.CreateUnbounded<TenantMapResult>(new UnboundedChannelOptions { SingleReader = true });
        using var slots = new SemaphoreSlim(parallelism);
        var producer = StartAllAsync(tenants, map, slots, results.Writer, cancellationToken);
        await foreach (var result in results.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false)) yield return result;
        await producer.ConfigureAwait(false);
    }

    private static async Task StartAllAsync(IReadOnlyList<string> tenants, MapOne map, SemaphoreSlim slots,
        ChannelWriter<TenantMapResult> results, CancellationToken cancellationToken)
    {
        var running = new List<Task>(tenants.Count);
        try
        {
            foreach (var tenant in tenants)
            {
                await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                running.Add(RunOneAsync(tenant, map, slots, results, cancellationToken));
            }
            await Task.WhenAll(running).ConfigureAwait(false);
        }
        finally
        {
            results.TryComplete();
        }
    }

    private static async Task RunOneAsync(string tenant, MapOne map, SemaphoreSlim slots, ChannelWriter<TenantMapResult> results, CancellationToken cancellationToken)
    {
        try
        {
            TenantMapResult result;
            try
            {
                result = await map(tenant, cancellationToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // a tenant whose owner cannot be reached is one row of the error table, not the end of the job
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                result = TenantMapResult.Failed(tenant, "Unavailable", ex.Message);
            }
            results.TryWrite(result);
        }
        finally
        {
            slots.Release();
        }
    }
}
