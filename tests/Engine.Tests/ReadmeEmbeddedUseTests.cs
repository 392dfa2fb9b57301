using Dapper;
using TenantDb.Engine;
using TenantDb.Engine.Values;

namespace TenantDb.Engine.Tests;

/// <summary>The README's "Embedded use" example, verbatim between the markers, so it cannot rot.</summary>
public sealed class ReadmeEmbeddedUseTests
{
    [Fact]
    public void Readme_example_runs()
    {
        // README:BEGIN
        using var engine = TenantDbEngine.OpenInMemory();   // or TenantDbEngine.Open("./data")
        engine.CreateTenant("acme");

        using TenantSession session = engine.OpenSession("acme");
        session.Connection.Execute("CREATE TABLE todo (id INTEGER PRIMARY KEY, title TEXT NOT NULL, done INTEGER NOT NULL)");

        session.Begin();
        session.Connection.Execute("INSERT INTO todo (title, done) VALUES (@title, 0)", new { title = "write docs" });
        session.Commit();

        using TenantStatement open = session.Prepare("SELECT id, title FROM todo WHERE done = ?");
        open.Bind(0, SqlValue.Integer(0));
        using TenantReader reader = open.ExecuteReader();   // streams rows; nothing is buffered
        while (reader.Read())
        {
            Console.WriteLine($"{reader.GetInt64(0)}: {reader.GetString(1)}");
        }
        // README:END

        Assert.Equal(1, session.Connection.ExecuteScalar<long>("SELECT count(*) FROM todo"));
    }

    [Fact]
    public void Readme_contains_the_example()
    {
        string root = FindRepositoryRoot();
        string test = File.ReadAllText(Path.Combine(root, "tests/Engine.Tests/ReadmeEmbeddedUseTests.cs"));
        string readme = File.ReadAllText(Path.Combine(root, "README.md"));
        int begin = test.IndexOf("// README:BEGIN", StringComparison.Ordinal);
        int end = test.IndexOf("        // README:END", StringComparison.Ordinal);
        string[] lines = test[(test.IndexOf('\n', begin) + 1)..end].Split('\n');
        string snippet = string.Join('\n', lines.Select(l => l.Length >= 8 ? l[8..] : l.TrimStart())).TrimEnd();
        Assert.Contains(snippet, readme.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    private static string FindRepositoryRoot()
    {
        string? directory = AppContext.BaseDirectory;
        while (directory is not null && !File.Exists(Path.Combine(directory, "TenantDb.sln")))
        {
            directory = Path.GetDirectoryName(directory);
        }

        return directory ?? throw new InvalidOperationException("repository root not found");
    }
}
