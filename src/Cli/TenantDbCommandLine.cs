using System.CommandLine;
using System.Net.Sockets;
using TenantDb.Cli.Hosting;
using TenantDb.Engine;
using TenantDb.Engine.Errors;
using TenantDb.Wire.Hosting;

namespace TenantDb.Cli;

/// <summary>
/// The `tenantdb` command line: one registration line per command (each lives in src/Cli), and the
/// one place that turns failures into a single line on standard error and an exit code from
/// <see cref="CliExitCode"/>. A user mistake never shows a stack trace.
/// </summary>
internal static class TenantDbCommandLine
{
    /// <summary>Builds the root command with every subcommand.</summary>
    public static RootCommand CreateRoot() => new("TenantDb: multi-tenant SQLite database server speaking the PostgreSQL v3 protocol.")
    {
        ServeCommand.Create(),
        InitCommand.Create(),
        TenantCommand.Create(),
        WasmCommand.Create(),
        ProcedureCommand.Create(),
        MapReduceCommand.Create(),
        NodeCommand.Create(),
    };

    /// <summary>Parses and runs <paramref name="args"/>; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        error ??= Console.Error;
        ParseResult parse = CreateRoot().Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var problem in parse.Errors) await error.WriteLineAsync($"error: {problem.Message}").ConfigureAwait(false);
            await error.WriteLineAsync("run `tenantdb --help` (or `tenantdb COMMAND --help`) for usage").ConfigureAwait(false);
            return CliExitCode.Usage;
        }

        var configuration = new InvocationConfiguration
        {
            // SIGTERM and Ctrl+C cancel the command; the server then bounds its own shutdown
            // (shutdown_timeout_seconds, at most ServerSettings.MaxShutdownTimeout). The library's forced
            // exit comes only after that bound, so it never cuts a drain short.
            ProcessTerminationTimeout = ServerSettings.MaxShutdownTimeout + TimeSpan.FromSeconds(30),
            EnableDefaultExceptionHandler = false,
        };
        if (output is not null) configuration.Output = output;
        configuration.Error = error;

        try
        {
            return await parse.InvokeAsync(configuration).ConfigureAwait(false);
        }
        catch (Exception e) when (Describe(e) is { } failure)
        {
            await error.WriteLineAsync($"error: {failure.Message}").ConfigureAwait(false);
            if (failure.ExitCode == CliExitCode.Internal && ShowsStackTraces()) await error.WriteLineAsync(e.ToString()).ConfigureAwait(false);
            return failure.ExitCode;
        }
    }

    private static (int ExitCode, string Message)? Describe(Exception e) => e switch
    {
        CliException cli => (cli.ExitCode, cli.Message),
        SettingsException settings => (CliExitCode.Usage, settings.Message),
        // A server started with exclusive_files holds its open tenants' files locked against other processes.
        TenantDbException { Kind: TenantDbErrorKind.Busy } busy => (CliExitCode.Failed,
            $"{busy.Message} (a server started with exclusive_files holds the tenants it has open; run this while the tenant is not open there, or stop the server)"),
        TenantDbException engine => (CliExitCode.Failed, engine.Message),
        SocketException socket when socket.SocketErrorCode == SocketError.AddressAlreadyInUse =>
            (CliExitCode.Environment, "the port is already in use: stop the other server or choose another port with --port (or TENANTDB_PORT)"),
        SocketException socket when socket.SocketErrorCode == SocketError.AccessDenied =>
            (CliExitCode.Environment, "not allowed to listen on that port (ports below 1024 need privileges): choose another with --port"),
        SocketException socket when socket.SocketErrorCode == SocketError.AddressNotAvailable =>
            (CliExitCode.Environment, "the listen address is not an address of this machine: fix --listen (or TENANTDB_LISTEN)"),
        // The engine's API refuses out-of-range arguments (a quota below its minimum) this way.
        ArgumentException argument => (CliExitCode.Failed, argument.Message.Replace($" (Parameter '{argument.ParamName}')", string.Empty, StringComparison.Ordinal)),
        UnauthorizedAccessException access => (CliExitCode.Environment, access.Message),
        IOException io => (CliExitCode.Environment, io.Message),
        OperationCanceledException => (CliExitCode.Failed, "canceled"),
        _ => (CliExitCode.Internal, $"internal error ({e.GetType().Name}): {e.Message}; set TENANTDB_LOG_LEVEL=debug for details"),
    };

    private static bool ShowsStackTraces() =>
        Environment.GetEnvironmentVariable("TENANTDB_LOG_LEVEL") is { } level
        && (level.Equals("debug", StringComparison.OrdinalIgnoreCase) || level.Equals("trace", StringComparison.OrdinalIgnoreCase));
}
