using System.Reflection;
using TenantDb.Engine;
using TenantDb.ProcSandbox;
using TenantDb.ProcSandbox.Module;
using TenantDb.Wire.Hosting;

namespace TenantDb.Cli.Tests;

/// <summary>
/// The layering of the built assemblies (ProcSandbox, then Engine, then Wire, then the command line):
/// the assembly references the compiler emitted, which name only what a layer really uses. The build
/// itself rejects forbidden project and package references (Directory.Build.targets); this checks the result.
/// </summary>
public sealed class LayeringTests
{
    private static IReadOnlyList<string> ReferencesOf(Assembly assembly) =>
        [.. assembly.GetReferencedAssemblies().Select(a => a.Name!)];

    private static bool IsSqlite(string name) =>
        name.StartsWith("Microsoft.Data.Sqlite", StringComparison.Ordinal) || name.StartsWith("SQLitePCLRaw", StringComparison.Ordinal);

    [Fact]
    public void Wire_uses_neither_sqlite_nor_the_sandbox_nor_the_command_line()
    {
        var references = ReferencesOf(typeof(ServerSettings).Assembly);
        Assert.Contains("TenantDb.Engine", references);
        Assert.DoesNotContain(references, IsSqlite);
        Assert.DoesNotContain("TenantDb.ProcSandbox", references);
        Assert.DoesNotContain("tenantdb", references);
    }

    [Fact]
    public void The_sandbox_uses_nothing_above_it()
    {
        var references = ReferencesOf(typeof(WasmModule).Assembly);
        Assert.DoesNotContain(references, IsSqlite);
        Assert.DoesNotContain(references, r => r is "TenantDb.Engine" or "TenantDb.Wire" or "tenantdb");
    }

    [Fact]
    public void The_engine_uses_neither_wire_nor_the_command_line()
    {
        var references = ReferencesOf(typeof(TenantDbEngine).Assembly);
        Assert.Contains("TenantDb.ProcSandbox", references);
        Assert.Contains(references, IsSqlite);
        Assert.DoesNotContain(references, r => r is "TenantDb.Wire" or "tenantdb");
    }
}
