using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using TenantDb.Wire.Protocol;

namespace TenantDb.Wire.Hosting;

/// <summary>Runs `tenantdb serve`: opens the data directory, listens, and stops cleanly when canceled.</summary>
internal static class ServerHost
{
    /// <summary>Serves until <paramref name="cancellationToken"/> fires (Ctrl+C / SIGTERM); returns the exit code.</summary>
    public static async Task<int> RunAsync(ServerSettings settings, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var log = loggerFactory.CreateLogger("TenantDb.Wire");
        Directory.CreateDirectory(settings.DataDirectory);
        log.LogInformation("data directory {DataDirectory}", settings.DataDirectory);
        // Until the engine lands, the listener answers every startup with a clear FATAL error.
        var listener = new TcpListener(settings.ListenAddress, settings.Port);
        listener.Start();
        log.LogInformation("listening on {EndPoint}", listener.LocalEndpoint);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                using var socket = await listener.AcceptSocketAsync(cancellationToken).ConfigureAwait(false);
                using var writer = new PgMessageWriter();
                writer.WriteErrorResponse(PgError.Fatal(SqlState.FeatureNotSupported, "the TenantDb engine is not available in this build yet"));
                await socket.SendAsync(writer.Written, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            listener.Stop();
        }
        log.LogInformation("stopped");
        return 0;
    }

    /// <summary>True for 127.0.0.0/8 and ::1: only there is a demo tenant with a well-known password acceptable.</summary>
    public static bool IsLoopback(IPAddress address) => IPAddress.IsLoopback(address);
}
