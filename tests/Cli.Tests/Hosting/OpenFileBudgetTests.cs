using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TenantDb.Cli.Hosting;
using TenantDb.Engine;
using TenantDb.Wire.Hosting;

namespace TenantDb.Cli.Tests.Hosting;

public sealed class OpenFileBudgetTests
{
    private const string Limits = """
        Limit                     Soft Limit           Hard Limit           Units
        Max cpu time              unlimited            unlimited            seconds
        Max open files            20000                20000                files
        Max locked memory         8388608              8388608              bytes
        """;

    [Fact]
    public void Reads_the_soft_open_file_limit()
    {
        Assert.Equal(20000, OpenFileBudget.SoftLimit(Limits));
        Assert.Null(OpenFileBudget.SoftLimit("Max open files            unlimited            unlimited            files"));
        Assert.Null(OpenFileBudget.SoftLimit("Max cpu time              unlimited            unlimited            seconds"));
    }

    [Fact]
    public void Defaults_fit_a_common_limit_and_ten_thousand_connections_do_not_fit_twenty_thousand_files()
    {
        var defaults = new ServerSettings();
        Assert.Null(OpenFileBudget.Warning(defaults, EngineOptions.Default, Limits));
        var tenThousand = new ServerSettings { MaxConnections = 10_064 };
        string warning = Assert.IsType<string>(OpenFileBudget.Warning(tenThousand, EngineOptions.Default, Limits));
        Assert.Contains("open-file limit (20000)", warning, StringComparison.Ordinal);
        Assert.Contains("about 4536 connections fit", warning, StringComparison.Ordinal);
        Assert.Null(OpenFileBudget.Warning(tenThousand, EngineOptions.Default, procLimits: null));
    }

    [Fact]
    public void Exclusive_files_count_two_files_per_connection_and_routed_connections_four_descriptors()
    {
        var settings = new ServerSettings { MaxConnections = 1000, MaxStartupConnections = 100 };
        var shared = new EngineOptions { MaxIdleConnectionsPerTenant = 0 };
        var exclusive = new EngineOptions { MaxIdleConnectionsPerTenant = 0, ExclusiveTenantFiles = true };
        Assert.Equal(64 + 100 + 1000 * 4, OpenFileBudget.WorstCase(settings, shared));
        Assert.Equal(64 + 100 + 1000 * 3, OpenFileBudget.WorstCase(settings, exclusive));
        // Two sockets per routed connection, and four pipe ends for each of the first 256 (the spliced ones).
        Assert.Equal(64 + 100 + 1000 * 3 + 1024 * 2 + 256 * 4, OpenFileBudget.WorstCase(settings, exclusive, routedConnections: 1024));
        Assert.Equal(64 + 100 + 1000 * 3 + 10 * 6, OpenFileBudget.WorstCase(settings, exclusive, routedConnections: 10));
        string warning = Assert.IsType<string>(OpenFileBudget.Warning(settings, exclusive,
            "Max open files            4000                4000                files", routedConnections: 1024));
        Assert.Contains("1024 routed connections", warning, StringComparison.Ordinal);
        Assert.Contains("SQLite connection with 2 files", warning, StringComparison.Ordinal);
    }

    [Property(MaxTest = 300)]
    public Property Warns_exactly_when_the_worst_case_exceeds_the_limit_and_names_the_largest_count_that_fits(
        PositiveInt connections, PositiveInt startup, PositiveInt openTenants, NonNegativeInt idle, PositiveInt limit, NonNegativeInt routedSeed, bool exclusiveFiles)
    {
        var settings = new ServerSettings { MaxConnections = connections.Get % 50_000, MaxStartupConnections = startup.Get % 5_000 };
        var engine = new EngineOptions { MaxOpenTenants = openTenants.Get % 5_000, MaxIdleConnectionsPerTenant = idle.Get % 16, ExclusiveTenantFiles = exclusiveFiles };
        int routed = routedSeed.Get % 3_000;
        long files = limit.Get % 200_000;
        string text = $"Max open files            {files}                {files}                files";
        bool fits = OpenFileBudget.WorstCase(settings, engine, routed) <= files;
        long supported = OpenFileBudget.SupportedConnections(settings, engine, files, routed);
        bool supportedFits = OpenFileBudget.WorstCase(new ServerSettings { MaxConnections = (int)supported, MaxStartupConnections = settings.MaxStartupConnections }, engine, routed) <= files;
        bool nextDoesNot = OpenFileBudget.WorstCase(new ServerSettings { MaxConnections = (int)supported + 1, MaxStartupConnections = settings.MaxStartupConnections }, engine, routed) > files;
        return ((OpenFileBudget.Warning(settings, engine, text, routed) is null) == fits)
            .Label("a warning exactly when the worst case does not fit")
            .And((supported == 0 || supportedFits) && nextDoesNot)
            .Label("the named count is the largest that fits");
    }
}
