using System.Net;
using System.Net.Sockets;

namespace TenantDb.TestKit;

/// <summary>
/// A throwaway PostgreSQL 15 server: initdb into a temporary directory, started on a free loopback port,
/// stopped and deleted on dispose. Run as the postgres user when the tests run as root (initdb refuses
/// root). Skips the test, naming postgresql-15 and its install command, when the server programs are not
/// installed. Used as the cluster's membership store and as the reference server the catalog is compared with.
/// </summary>
public sealed class TemporaryPostgres : IDisposable
{
    /// <summary>Where Debian's postgresql-15 package puts the server programs.</summary>
    public const string BinDirectory = "/usr/lib/postgresql/15/bin";

    private readonly string _directory;
    private readonly string _data;

    private TemporaryPostgres(string directory, int port, string superuser, string password)
    {
        _directory = directory;
        _data = Path.Combine(directory, "pg");
        Port = port;
        Superuser = superuser;
        Password = password;
    }

    public int Port { get; }

    /// <summary>The bootstrap superuser initdb created (it owns the <c>postgres</c> database).</summary>
    public string Superuser { get; }

    /// <summary>The superuser's password (SCRAM-SHA-256).</summary>
    public string Password { get; }

    /// <summary>An Npgsql connection string for the superuser on the <c>postgres</c> database.</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username={Superuser};Password={Password};Database=postgres;Timeout=15";

    /// <summary>Initializes and starts a server with <paramref name="superuser"/> as its bootstrap superuser.</summary>
    public static TemporaryPostgres Start(string superuser = "tenantdb", string password = "membership")
    {
        if (OperatingSystem.IsWindows()) throw new Xunit.SkipException("the temporary PostgreSQL server is set up for Linux only");
        var initdb = Path.Combine(BinDirectory, "initdb");
        if (!File.Exists(initdb))
            throw new Xunit.SkipException($"initdb (PostgreSQL 15 server, postgresql-15) not found in {BinDirectory}; install: apt-get install postgresql-15 (or run: bash .ci/install-deps)");
        var directory = Directory.CreateTempSubdirectory("tenantdb-postgres-").FullName;
        // The postgres user creates its data directory inside, and reads the password file.
        File.SetUnixFileMode(directory, (UnixFileMode)0b111_111_111);
        var passwordFile = Path.Combine(directory, "password");
        File.WriteAllText(passwordFile, password + "\n");
        File.SetUnixFileMode(passwordFile, (UnixFileMode)0b110_100_100);
        var server = new TemporaryPostgres(directory, FreePort(), superuser, password);
        try
        {
            server.Run(initdb, "-D", server._data, "-U", superuser, "--pwfile=" + passwordFile, "--auth=scram-sha-256", "-E", "UTF8", "--no-locale");
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
