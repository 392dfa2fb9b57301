using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Npgsql;
using TenantDb.Engine;
using TenantDb.TestKit;
using TenantDb.Wire.Hosting;
using TenantDb.Wire.Server;

namespace TenantDb.Wire.Tests.Logging;

/// <summary>What an operator sees in the log: every line about a connection names it and its client.</summary>
public sealed class ConnectionLogTests
{
    [Fact]
    public async Task Connection_lines_carry_id_and_client_address_at_sensible_levels()
    {
        using var engine = TenantDbEngine.OpenInMemory();
        engine.CreateTenant("shop");
        engine.SetPassword("shop", "app", "right");
        var capture = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(capture).SetMinimumLevel(LogLevel.Trace));
        await using var server = new PgServer(new ServerSettings { ListenAddress = IPAddress.Loopback, Port = 0 }, engine, factory);
        int port = server.Start().Port;
        string Connection(string password) => $"Host=127.0.0.1;Port={port};Database=shop;Username=app;Password={password};Pooling=false;Timeout=15";

        await using (var wrong = new NpgsqlConnection(Connection("wrong")))
        {
            await Assert.ThrowsAsync<PostgresException>(() => wrong.OpenAsync());
        }

        await using (var right = new NpgsqlConnection(Connection("right")))
        {
            await right.OpenAsync();
            await using var bad = new NpgsqlCommand("SELECT no_such_column FROM no_such_table", right);
            await Assert.ThrowsAsync<PostgresException>(() => bad.ExecuteNonQueryAsync());
        }

        await WaitFor(() =>
            capture.Lines.Count(l => l.Message.StartsWith("connection closed", StringComparison.Ordinal)) == capture.Lines.Count(l => l.Message == "connection opened"));
        var lines = capture.Lines.ToArray();

        // Npgsql may try a failed login twice; each attempt is its own connection and its own line.
        var failed = lines.Where(l => l.Message == "authentication failed for user app on tenant shop").ToArray();
        Assert.NotEmpty(failed);
        Assert.All(failed, l => Assert.Equal(LogLevel.Warning, l.Level));
        Assert.All(failed, l => Assert.Matches(@"conn=\d+ client=127\.0\.0\.1:\d+", l.Scopes));

        var authenticated = Assert.Single(lines, l => l.Message == "authenticated user app on tenant shop");
        Assert.Equal(LogLevel.Information, authenticated.Level);

        var error = Assert.Single(lines, l => l.Message.StartsWith("ERROR 42P01:", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Debug, error.Level);
        Assert.Equal(authenticated.Scopes, error.Scopes);

        // Opened and closed, each in its connection's scope; every connection has its own id.
        var opened = lines.Where(l => l.Message == "connection opened").ToArray();
        Assert.Equal(failed.Length + 1, opened.Length);
        Assert.Equal(opened.Length, opened.Select(l => l.Scopes).Distinct().Count());
        Assert.All(lines, l => Assert.Matches(@"conn=\d+ client=127\.0\.0\.1:\d+", l.Scopes));
    }

    [Theory]
    [InlineData("57014", LogLevel.Information)]
    [InlineData("53300", LogLevel.Warning)]
    [InlineData("54000", LogLevel.Warning)]
    [InlineData("28P01", LogLevel.Warning)]
    [InlineData("XX000", LogLevel.Error)]
    [InlineData("42601", LogLevel.Debug)]
    [InlineData("23505", LogLevel.Debug)]
    public void Errors_are_logged_at_a_level_chosen_by_their_sqlstate_class(string sqlState, LogLevel level) =>
        Assert.Equal(level, ConnectionLog.LevelOf(sqlState));

    private static Task WaitFor(Func<bool> condition) =>
        Eventually.TrueAsync(condition, TimeSpan.FromSeconds(5), () => "the expected log lines did not arrive");
}
