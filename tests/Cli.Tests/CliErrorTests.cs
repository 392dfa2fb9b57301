using System.Net;
using System.Net.Sockets;
using TenantDb.Cli;
using TenantDb.Cli.Hosting;
using TenantDb.Engine;
using TenantDb.Engine.Security;
using TenantDb.TestKit;
using TenantDb.Wire.Hosting;

namespace TenantDb.Cli.Tests;

/// <summary>
/// User mistakes and environment problems: each is one line on standard error naming the setting and
/// the fix, with a documented exit code, and never a stack trace or a side effect.
/// </summary>
public sealed class CliErrorTests : IDisposable
{
    private readonly TempDirectory _root = new("tenantdb-cli-");

    public void Dispose()
    {
        _root.Dispose();
    }

    /// <summary>The data directory the commands are pointed at; not created here, because tests check that commands do not create it.</summary>
    private string DataDirectory => _root.File("data");

    private static string Executable => typeof(ServerHost).Assembly.Location;

    private static void AssertOneLine(string error, string expected)
    {
        string[] lines = error.TrimEnd('\n').Split('\n');
        Assert.True(lines.Length == 1, "expected one line, got:\n" + error);
        Assert.StartsWith("error: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(expected, lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Admin_commands_need_an_existing_data_directory_and_never_create_one()
    {
        foreach (string[] command in new[] { new[] { "tenant", "list" }, ["tenant", "create", "acme"], ["tenant", "drop", "acme"], ["procedure", "list", "--tenant", "acme"] })
        {
            var (exit, output, error) = CliRun.Run([.. command, "--data-dir", DataDirectory]);
            Assert.Equal(CliExitCode.Environment, exit);
            Assert.Empty(output);
            AssertOneLine(error, $"no TenantDb data directory at {DataDirectory}");
            Assert.False(Directory.Exists(DataDirectory), "an admin command created the data directory");
        }

        Assert.Equal(0, CliRun.Run("init", "--data-dir", DataDirectory).Exit);
        Assert.Equal((0, "", ""), CliRun.Run("tenant", "list", "--data-dir", DataDirectory));
    }

    [Theory]
    [InlineData("""{ "port": "abc" }""", "invalid value \"abc\" for \"port\" in")]
    [InlineData("""{ "port": 70000 }""", "expected a whole number from 0 to 65535")]
    [InlineData("""{ "listen": "not-an-address" }""", "for \"listen\" in")]
    [InlineData("""{ "statement_timeout_seconds": "-1" }""", "expected a number of seconds greater than 0")]
    [InlineData("""{ "no_demo": "maybe" }""", "expected true or false")]
    [InlineData("""{ "log_level": "loud" }""", "for \"log_level\" in")]
    [InlineData("""{ "prot": 5433 }""", "unknown setting \"prot\" in")]
    [InlineData("""{ "port": """, "tenantdb.json")]
    public void A_bad_configuration_file_is_one_line_naming_the_setting(string json, string expected)
    {
        Directory.CreateDirectory(DataDirectory);
        string config = Path.Combine(DataDirectory, "tenantdb.json");
        File.WriteAllText(config, json);
        var (exit, output, error) = CliRun.Run("serve", "--config", config, "--data-dir", Path.Combine(DataDirectory, "data"));
        Assert.Equal(CliExitCode.Usage, exit);
        Assert.Empty(output);
        AssertOneLine(error, expected);
        Assert.False(Directory.Exists(Path.Combine(DataDirectory, "data")));
    }

    [Theory]
    [InlineData(new[] { "serve", "--port", "abc" }, "abc")]
    [InlineData(new[] { "serve", "--bogus" }, "--bogus")]
    [InlineData(new[] { "tenant", "frobnicate" }, "frobnicate")]
    [InlineData(new[] { "serve", "--log-format", "xml" }, "expected simple or json")]
    [InlineData(new[] { "serve", "--cluster-id", "c", "--max-routed-connections", "0" }, "--max-routed-connections")]
    public void Bad_flags_are_usage_errors(string[] args, string expected)
    {
        var (exit, _, error) = CliRun.Run([.. args, "--data-dir", DataDirectory]);
        Assert.Equal(CliExitCode.Usage, exit);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_port_in_use_is_one_line_naming_address_and_port()
    {
        using var occupier = new TcpListener(IPAddress.Loopback, 0);
        occupier.Start();
        int port = ((IPEndPoint)occupier.LocalEndpoint).Port;
        var (exit, _, error) = CliRun.Run("serve", "--data-dir", DataDirectory, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--no-demo", "--log-level", "none");
        Assert.Equal(CliExitCode.Environment, exit);
        AssertOneLine(error, $"cannot listen on 127.0.0.1:{port}: the port is already in use");
    }

    [Fact]
    public void An_unreadable_certificate_is_one_line_naming_the_file()
    {
        string missing = Path.Combine(DataDirectory, "missing.pem");
        var (exit, _, error) = CliRun.Run("serve", "--data-dir", DataDirectory, "--port", "0", "--tls-cert", missing, "--log-level", "none");
        Assert.Equal(CliExitCode.Environment, exit);
        AssertOneLine(error, $"cannot use TLS certificate {missing} (tls_cert)");

        Directory.CreateDirectory(DataDirectory);
        string garbage = Path.Combine(DataDirectory, "garbage.pem");
        File.WriteAllText(garbage, "not a certificate");
        (exit, _, error) = CliRun.Run("serve", "--data-dir", DataDirectory, "--port", "0", "--tls-cert", garbage, "--log-level", "none");
        Assert.Equal(CliExitCode.Environment, exit);
        AssertOneLine(error, $"cannot use TLS certificate {garbage} (tls_cert)");
    }

    [Fact]
    public void A_bad_environment_variable_is_one_line_naming_it()
    {
        var result = ChildProcess.Run("dotnet", [Executable, "serve", "--data-dir", DataDirectory], new Dictionary<string, string> { ["TENANTDB_PORT"] = "abc" });
        Assert.Equal(CliExitCode.Usage, result.ExitCode);
        AssertOneLine(result.Stderr.ReplaceLineEndings("\n"), "invalid value \"abc\" for TENANTDB_PORT: expected a whole number from 0 to 65535");
        Assert.False(Directory.Exists(DataDirectory));
    }

    [Fact]
    public void Passwords_come_from_stdin_or_the_environment_not_only_the_command_line()
    {
        Assert.Equal(0, CliRun.Run("init", "--data-dir", DataDirectory).Exit);
        var fromStdin = ChildProcess.Run("dotnet", [Executable, "tenant", "create", "acme", "--user", "app", "--password-stdin", "--data-dir", DataDirectory], standardInput: "from-stdin\n");
        Assert.Equal(0, fromStdin.ExitCode);
        var fromEnvironment = ChildProcess.Run("dotnet", [Executable, "tenant", "passwd", "acme", "--user", "ops", "--data-dir", DataDirectory],
            new Dictionary<string, string> { [PasswordInput.EnvironmentVariable] = "from-env" });
        Assert.Equal(0, fromEnvironment.ExitCode);

        // No source and no terminal: a usage error, and no tenant half-created.
        var none = ChildProcess.Run("dotnet", [Executable, "tenant", "create", "other", "--user", "app", "--data-dir", DataDirectory], standardInput: "");
        Assert.Equal(CliExitCode.Usage, none.ExitCode);
        AssertOneLine(none.Stderr.ReplaceLineEndings("\n"), "no password for user app");

        using var engine = TenantDbEngine.Open(DataDirectory);
        Assert.True(Verifies(engine.FindScramVerifier("acme", "app"), "from-stdin"));
        Assert.True(Verifies(engine.FindScramVerifier("acme", "ops"), "from-env"));
        Assert.False(engine.TenantExists("other"));
    }

    private static bool Verifies(ScramVerifier? verifier, string password) => verifier is not null && verifier.Matches(password);
}
