using System.Net;
using System.Net.Sockets;
using TenantDb.TestKit;

namespace TenantDb.Cluster.Tests.EndToEnd;

/// <summary>
/// A throwaway PostgreSQL 15 server for the membership table: initdb into a temporary directory,
/// started on a free loopback port, stopped and deleted on dispose. Run as the postgres user when the
/// tests run as root (initdb refuses root). Skips the test when the server programs are not installed.
/// </summary>
internal sealed class TemporaryPostgres : IDisposable
{
    private const string BinDirectory = "/usr/lib/postgresql/15/bin";
    private const string Password = "membership";
    private readonly string _directory;
    private readonly string _data;

    private TemporaryPostgres(string directory, int port)
    {
        _directory = directory;
        _data = Path.Combine(directory, "pg");
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=tenantdb;Password={Password};Database=postgres;Timeout=15";

    public static TemporaryPostgres Start()
    {
        if (OperatingSystem.IsWindows()) throw new Xunit.SkipException("the temporary PostgreSQL server is set up for Linux only");
        var initdb = Path.Combine(BinDirectory, "initdb");
        if (!File.Exists(initdb))
            throw new Xunit.SkipException($"initdb (PostgreSQL 15 server) not found in {BinDirectory}; install: apt-get install postgresql-15 (or run: bash .ci/install-deps)");
        var directory = Directory.CreateTempSubdirectory("tenantdb-membership-").FullName;
        // The postgres user creates its data directory inside, and reads the password file.
        File.SetUnixFileMode(directory, (UnixFileMode)0b111_111_111);
        var passwordFile = Path.Combine(directory, "password");
        File.WriteAllText(passwordFile, Password + "\n");
        File.SetUnixFileMode(passwordFile, (UnixFileMode)0b110_100_100);
        var server = new TemporaryPostgres(directory, FreePort());
        try
        {
            server.Run(initdb, "-D", server._data, "-U", "tenantdb", "--pwfile=" + passwordFile, "--auth=scram-sha-256", "-E", "UTF8", "--no-locale");
            server.Run(Path.Combine(BinDirectory, "pg_ctl"), "-D", server._data, "-l", Path.Combine(directory, "server.log"), "-w", "-t", "60",
                "-o", $"-p {server.Port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100", "start");
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (File.Exists(Path.Combine(_data, "postmaster.pid")))
        {
            try
            {
                Run(Path.Combine(BinDirectory, "pg_ctl"), "-D", _data, "-m", "immediate", "stop");
            }
            catch (InvalidOperationException)
            {
                // Already stopped; the directory goes anyway.
            }
        }
        Directory.Delete(_directory, recursive: true);
    }

    private void Run(string program, params string[] args)
    {
        var asRoot = Environment.UserName == "root";
        var result = asRoot
            ? ChildProcess.Run("runuser", ["-u", "postgres", "--", program, .. args], timeoutSeconds: 120)
            : ChildProcess.Run(program, args, timeoutSeconds: 120);
        if (result.ExitCode != 0)
        {
            var log = Path.Combine(_directory, "server.log");
            throw new InvalidOperationException($"{Path.GetFileName(program)} failed ({result.ExitCode}): {result.Stderr}{result.Stdout}"
                + (File.Exists(log) ? "\nserver log:\n" + File.ReadAllText(log) : ""));
        }
    }

    /// <summary>A loopback port nothing listens on now.</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
