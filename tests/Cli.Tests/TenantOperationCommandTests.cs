using System.Text.Json;
using TenantDb.Engine;

namespace TenantDb.Cli.Tests;

/// <summary>`tenantdb tenant backup|restore|fork|stats` against a data directory.</summary>
public sealed class TenantOperationCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tenantdb-ops-cli-").FullName;

    public TenantOperationCommandTests() => Assert.Equal(0, Invoke("init").Exit);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private (int Exit, string Output, string Error) Invoke(params string[] args) => CliRun.Run([.. args, "--data-dir", _dir]);

    private void Exec(string tenant, string sql)
    {
        using var engine = TenantDbEngine.Open(_dir);
        using TenantSession session = engine.OpenSession(tenant);
        using TenantStatement statement = session.Prepare(sql);
        statement.ExecuteNonQuery();
    }

    [Fact]
    public void Backs_up_restores_forks_and_reports_usage()
    {
        Assert.Equal(0, Invoke("tenant", "create", "shop").Exit);
        Exec("shop", "CREATE TABLE t (v)");
        Exec("shop", "INSERT INTO t VALUES (1), (2), (3)");
        string file = Path.Combine(_dir, "shop.backup");

        var backup = Invoke("tenant", "backup", "shop", file);
        Assert.Equal(0, backup.Exit);
        Assert.StartsWith("backed up tenant shop to ", backup.Output, StringComparison.Ordinal);

        var restore = Invoke("tenant", "restore", "copy", file);
        Assert.Equal(0, restore.Exit);
        Assert.Contains("restored tenant copy", restore.Output, StringComparison.Ordinal);
        var again = Invoke("tenant", "restore", "copy", file);
        Assert.Equal(1, again.Exit);
        Assert.Contains("already exists", again.Error, StringComparison.Ordinal);
        Assert.Equal(0, Invoke("tenant", "restore", "copy", file, "--replace").Exit);

        Assert.Equal(0, Invoke("tenant", "fork", "shop", "branch").Exit);
        Assert.Contains("branch", Invoke("tenant", "list").Output, StringComparison.Ordinal);

        var json = Invoke("tenant", "stats", "shop", "--json");
        Assert.Equal(0, json.Exit);
        using (JsonDocument document = JsonDocument.Parse(json.Output))
        {
            Assert.Equal("shop", document.RootElement.GetProperty("tenant").GetString());
            Assert.Equal(2, document.RootElement.GetProperty("statements").GetInt64());
            Assert.Equal(3, document.RootElement.GetProperty("rows_written").GetInt64());
            Assert.True(document.RootElement.GetProperty("storage_bytes").GetInt64() > 0);
        }

        var table = Invoke("tenant", "stats");
        Assert.Equal(0, table.Exit);
        string[] lines = table.Output.TrimEnd('\n').Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("tenant", lines[0], StringComparison.Ordinal);
        Assert.Contains("rows_written", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_refused_restore_exits_1_with_the_reason()
    {
        string file = Path.Combine(_dir, "junk.db");
        File.WriteAllText(file, "not a database at all, just text long enough to look like a file header");
        var (exit, output, error) = Invoke("tenant", "restore", "victim", file);
        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.Contains("restore refused", error, StringComparison.Ordinal);
        Assert.DoesNotContain("victim", Invoke("tenant", "list").Output, StringComparison.Ordinal);
    }
}
