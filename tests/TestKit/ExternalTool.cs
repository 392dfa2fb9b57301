using Xunit;

namespace TenantDb.TestKit;

/// <summary>
/// A program some tests need that the .NET SDK does not bring (PostgreSQL clients, wabt, clang,
/// AssemblyScript). Found on PATH only. A test calls <see cref="Require"/>: with the tool missing the
/// test is reported as skipped, with a reason naming the tool and the command that installs it.
/// The test must be a [SkippableFact] or [SkippableTheory] for the runner to report the skip.
/// </summary>
public sealed class ExternalTool
{
    private const string InstallAll = "or run: bash .ci/install-deps";

    private readonly Lazy<(string? Path, string? Missing)> _lookup;

    private ExternalTool(string name, Func<(string? Path, string? Missing)> lookup)
    {
        Name = name;
        _lookup = new Lazy<(string?, string?)>(lookup);
    }

    /// <summary>What the skip reason calls the tool.</summary>
    public string Name { get; }

    public bool IsAvailable => _lookup.Value.Path is not null;

    /// <summary>Why the tool cannot be used here, with the install command; null when it is available.</summary>
    public string? MissingReason => _lookup.Value.Missing;

    /// <summary>The program to start; skips the running test when the tool is not installed.</summary>
    public string Require()
    {
        var (path, missing) = _lookup.Value;
        return path ?? throw new SkipException(missing);
    }

    public static ExternalTool Psql { get; } = OnPath("psql", "apt-get install postgresql-client");

    /// <summary>Debian ships pgbench with the server package.</summary>
    public static ExternalTool Pgbench { get; } = OnPath("pgbench", "apt-get install postgresql-15");

    public static ExternalTool Wat2Wasm { get; } = OnPath("wat2wasm", "apt-get install wabt");

    public static ExternalTool Wast2Json { get; } = OnPath("wast2json", "apt-get install wabt");

    /// <summary>clang-14 able to link a wasm32 module (it needs lld-14's wasm-ld beside it).</summary>
    public static ExternalTool Clang14Wasm32 { get; } = new("clang-14", WasmLinkingClang.Find);

    /// <summary>A python3 on PATH that can import psycopg2 (a pyenv or venv python3 first on PATH may not).</summary>
    public static ExternalTool Psycopg2 { get; } = new("python3 + psycopg2", () =>
    {
        const string install = "apt-get install python3 python3-psycopg2";
        var pythons = SearchPath.FindAll("python3").ToList();
        if (pythons.Count == 0) return (null, Missing("python3", install));
        foreach (string python in pythons)
        {
            if (ChildProcess.Run(python, ["-c", "import psycopg2"], timeoutSeconds: 30).ExitCode == 0) return (python, null);
        }
        return (null, Reason($"psycopg2 cannot be imported by any python3 on PATH ({string.Join(", ", pythons)})", install));
    });

    /// <summary>A python3 on PATH that can import psycopg (version 3).</summary>
    public static ExternalTool Psycopg3 { get; } = PythonWith("psycopg", "python3-psycopg");

    /// <summary>A python3 on PATH that can import asyncpg.</summary>
    public static ExternalTool Asyncpg { get; } = PythonWith("asyncpg", "python3-asyncpg");

    private static ExternalTool PythonWith(string module, string debianPackage) => new($"python3 + {module}", () =>
    {
        var install = $"apt-get install python3 {debianPackage}";
        var pythons = SearchPath.FindAll("python3").ToList();
        if (pythons.Count == 0) return (null, Missing("python3", install));
        foreach (string python in pythons)
        {
            if (ChildProcess.Run(python, ["-c", $"import {module}"], timeoutSeconds: 30).ExitCode == 0) return (python, null);
        }
        return (null, Reason($"{module} cannot be imported by any python3 on PATH ({string.Join(", ", pythons)})", install));
    });

    /// <summary>A python3 on PATH with SQLAlchemy (1.4, Debian's) and psycopg2, its default PostgreSQL driver.</summary>
    public static ExternalTool SqlAlchemy { get; } = PythonWith("sqlalchemy, psycopg2", "python3-sqlalchemy python3-psycopg2");

    /// <summary>A python3 on PATH with Django (3.2, Debian's) and psycopg2, its PostgreSQL driver.</summary>
    public static ExternalTool Django { get; } = PythonWith("django, psycopg2", "python3-django python3-psycopg2");

    /// <summary>Debian's PostgreSQL JDBC driver (its jar path is the tool's path) with a java that launches single-file programs.</summary>
    public static ExternalTool JavaJdbc { get; } = new("java + PostgreSQL JDBC", () =>
    {
        const string install = "apt-get install default-jdk-headless libpostgresql-jdbc-java";
        const string jar = "/usr/share/java/postgresql.jar";
        if (SearchPath.Find("java") is null) return (null, Missing("java", install));
        return File.Exists(jar) ? (jar, null) : (null, Reason($"java is installed but the PostgreSQL JDBC driver {jar} is not", install));
    });

    /// <summary>The SDK's pinned AssemblyScript compiler, a node script installed by npm.</summary>
    public static ExternalTool AssemblyScript { get; } = new("asc (AssemblyScript)", () =>
    {
        const string install = "apt-get install nodejs npm && npm ci --prefix sdk/assemblyscript";
        if (SearchPath.Find("node") is null) return (null, Missing("node", install));
        string asc = System.IO.Path.Combine(RepositoryRoot.Path, "sdk", "assemblyscript", "node_modules", ".bin", "asc");
        return File.Exists(asc)
            ? (asc, null)
            : (null, Reason("AssemblyScript compiler sdk/assemblyscript/node_modules/.bin/asc not installed", "npm ci --prefix sdk/assemblyscript"));
    });

    /// <summary>Node.js with node-postgres (pg) installed from the pinned package lock in tests/node-pg; the path is node's.</summary>
    public static ExternalTool NodePg { get; } = new("node + pg (node-postgres)", () =>
    {
        const string install = "apt-get install nodejs npm && npm ci --prefix tests/node-pg";
        if (SearchPath.Find("node") is not { } node) return (null, Missing("node", install));
        string pg = System.IO.Path.Combine(NodePgModules, "pg", "package.json");
        return File.Exists(pg)
            ? (node, null)
            : (null, Reason("node-postgres tests/node-pg/node_modules/pg not installed", "npm ci --prefix tests/node-pg"));
    });

    /// <summary>Where <see cref="NodePg"/>'s packages are installed: the NODE_PATH a script run with it needs.</summary>
    public static string NodePgModules => System.IO.Path.Combine(RepositoryRoot.Path, "tests", "node-pg", "node_modules");

    private static ExternalTool OnPath(string program, string install) =>
        new(program, () => SearchPath.Find(program) is { } path ? (path, null) : (null, Missing(program, install)));

    internal static string Missing(string program, string install) => Reason($"{program} not found on PATH", install);

    internal static string Reason(string problem, string install) => $"{problem}; install: {install} ({InstallAll})";
}
