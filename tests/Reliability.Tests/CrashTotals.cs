namespace TenantDb.Reliability.Tests;

/// <summary>Running figures of a crash run, reported at the end and asserted on.</summary>
internal sealed class CrashTotals
{
    public int Cycles { get; set; }
    public int StartupKills { get; set; }
    public long Acknowledged { get; set; }
    public int ServerChecks { get; set; }
    public int FileChecks { get; set; }
    public long Lost { get; set; }
    public long Partial { get; set; }
    public int IntegrityFailures { get; set; }
    public List<string> Failures { get; } = [];
    public List<string> ServerErrors { get; } = [];
    public TenantVerdict? LastVerdict { get; set; }

    public void Add(string where, TenantVerdict verdict)
    {
        Lost += verdict.Lost;
        Partial += verdict.Partial;
        if (verdict.Integrity != "ok") IntegrityFailures++;
        foreach (var f in verdict.Failures.Take(20)) Failures.Add($"{where}: {f}");
    }

    public override string ToString() =>
        $"cycles={Cycles} (of which killed during startup: {StartupKills}), transactions acknowledged={Acknowledged}, "
        + $"checks through the restarted server={ServerChecks}, checks of the killed files={FileChecks}, "
        + $"lost={Lost}, partial={Partial}, integrity failures={IntegrityFailures}, server errors={ServerErrors.Count}";
}
