using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace TenantDb.Cli.Hosting;

/// <summary>
/// The opt-in HTTP endpoint of `tenantdb serve --metrics`: <c>/metrics</c> in Prometheus text format
/// (prometheus-net's exposition of the TenantDb meter, fed by <see cref="MeterBridge"/>, plus the process's CPU, memory and GC figures),
/// <c>/healthz</c> (200 while the process runs) and <c>/readyz</c> (200 while the server accepts
/// connections and the tenant catalog can be read, 503 otherwise). It serves only GET and HEAD, at
/// most <see cref="MaxConcurrentRequests"/> requests at once (others get 503 at once), and gives up on
/// a client that does not read its answer within <see cref="ResponseTimeout"/>, so a misbehaving
/// scraper cannot hold the server's threads.
/// </summary>
internal sealed class MetricsEndpoint : IAsyncDisposable
{
    /// <summary>Requests served at the same time; a scrape takes milliseconds.</summary>
    public const int MaxConcurrentRequests = 4;

    /// <summary>How long one response may take to send.</summary>
    public static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(10);

    private readonly HttpListener _listener;
    private readonly CollectorRegistry _registry;
    private readonly MeterBridge _bridge;
    private readonly Func<bool> _ready;
    private readonly ILogger _log;
    private readonly SemaphoreSlim _slots = new(MaxConcurrentRequests, MaxConcurrentRequests);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private MetricsEndpoint(HttpListener listener, IPEndPoint endPoint, Func<bool> ready, ILogger log)
    {
        _listener = listener;
        EndPoint = endPoint;
        _ready = ready;
        _log = log;
        _registry = Metrics.NewCustomRegistry();
        DotNetStats.Register(_registry);
        _bridge = new MeterBridge(_registry, MeterBridge.DurationBuckets);
        _loop = AcceptLoopAsync();
    }

    /// <summary>The address the endpoint listens on (with the real port when 0 was asked for).</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>
    /// Starts listening on <paramref name="requested"/> (port 0 picks a free port). <paramref name="ready"/>
    /// answers <c>/readyz</c>.
    /// </summary>
    /// <exception cref="HttpListenerException">The address cannot be listened on.</exception>
    public static MetricsEndpoint Start(IPEndPoint requested, Func<bool> ready, ILogger log)
    {
        // HttpListener cannot bind port 0 itself: ask the system for a free port, then take it (retried,
        // since another process may take it in between).
        for (int attempt = 0; ; attempt++)
        {
            int port = requested.Port == 0 ? FreePort(requested.Address) : requested.Port;
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://{Host(requested.Address)}:{port}/");
            try
            {
                listener.Start();
                return new MetricsEndpoint(listener, new IPEndPoint(requested.Address, port), ready, log);
            }
            catch (HttpListenerException) when (requested.Port == 0 && attempt < 5)
            {
                listener.Close();
            }
        }
    }

    /// <summary>Stops listening and unsubscribes from the meter.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        await _loop.ConfigureAwait(false);
        _listener.Close();
        _bridge.Dispose();
        _stop.Dispose();
    }

    private static string Host(IPAddress address) =>
        address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) ? "+"
        : address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]"
        : address.ToString();

    private static int FreePort(IPAddress address)
    {
        var probe = new TcpListener(address, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private async Task AcceptLoopAsync()
    {
        var running = new List<Task>();
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                if (_stop.IsCancellationRequested) break;
                _log.LogWarning("metrics endpoint: accept failed: {Message}", e.Message);
                continue;
            }

            running.RemoveAll(t => t.IsCompleted);
            if (!_slots.Wait(0))
            {
                Answer(context.Response, HttpStatusCode.ServiceUnavailable, "busy\n");
                continue;
            }

            running.Add(ServeAsync(context));
        }

        await Task.WhenAll(running).ConfigureAwait(false);
    }

    private async Task ServeAsync(HttpListenerContext context)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(ResponseTimeout);
        HttpListenerResponse response = context.Response;
        try
        {
            HttpListenerRequest request = context.Request;
            if (request.HttpMethod is not ("GET" or "HEAD"))
            {
                response.AddHeader("Allow", "GET, HEAD");
                Answer(response, HttpStatusCode.MethodNotAllowed, "only GET and HEAD\n");
                return;
            }

            switch (request.Url?.AbsolutePath)
            {
                case "/metrics":
                    response.StatusCode = (int)HttpStatusCode.OK;
                    response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
                    if (request.HttpMethod == "GET")
                    {
                        await _registry.CollectAndExportAsTextAsync(response.OutputStream, timeout.Token).ConfigureAwait(false);
                    }

                    response.Close();
                    break;
                case "/healthz":
                    Answer(response, HttpStatusCode.OK, "ok\n");
                    break;
                case "/readyz":
                    bool ready = IsReady();
                    Answer(response, ready ? HttpStatusCode.OK : HttpStatusCode.ServiceUnavailable, ready ? "ready\n" : "not ready\n");
                    break;
                default:
                    Answer(response, HttpStatusCode.NotFound, "not found: try /metrics, /healthz or /readyz\n");
                    break;
            }
        }
        catch (Exception e) when (e is HttpListenerException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The scraper went away or was too slow: drop its connection, nothing else is affected.
            _log.LogDebug("metrics endpoint: response not sent: {Message}", e.Message);
            response.Abort();
        }
        finally
        {
            _slots.Release();
        }
    }

    private bool IsReady()
    {
        try
        {
            return _ready();
        }
        catch (ObjectDisposedException)
        {
            return false; // shutting down
        }
    }

    private static void Answer(HttpListenerResponse response, HttpStatusCode status, string text)
    {
        byte[] body = System.Text.Encoding.UTF8.GetBytes(text);
        response.StatusCode = (int)status;
        response.ContentType = "text/plain; charset=utf-8";
        response.ContentLength64 = body.Length;
        response.Close(body, willBlock: false);
    }
}
