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

    [Property(MaxTest = 300)]
    public Property Warns_exactly_when_the_worst_case_exceeds_the_limit_and_names_the_largest_count_that_fits(
        PositiveInt connections, PositiveInt startup, PositiveInt openTenants, NonNegativeInt idle, PositiveInt limit)
    {
        var settings = new ServerSettings { MaxConnections = connections.Get % 50_000, MaxStartupConnections = startup.Get % 5_000 };
        var engine = new EngineOptions { MaxOpenTenants = openTenants.Get % 5_000, MaxIdleConnectionsPerTenant = idle.Get % 16 };
        long files = limit.Get % 200_000;
        string text = $"Max open files            {files}                {files}                files";
        bool fits = OpenFileBudget.WorstCase(settings, engine) <= files;
        long supported = OpenFileBudget.SupportedConnections(settings, engine, files);
        bool supportedFits = OpenFileBudget.WorstCase(new ServerSettings { MaxConnections = (int)supported, MaxStartupConnections = settings.MaxStartupConnections }, engine) <= files;
        bool nextDoesNot = OpenFileBudget.WorstCase(new ServerSettings { MaxConnections = (int)supported + 1, MaxStartupConnections = settings.MaxStartupConnections }, engine) > files;
        return ((OpenFileBudget.Warning(settings, engine, text) is null) == fits)
            .Label("a warning exactly when the worst case does not fit")
            .And((supported == 0 || supportedFits) && nextDoesNot)
            .Label("the named count is the largest that fits");
    }
}
