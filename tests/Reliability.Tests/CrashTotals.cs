namespace TenantDb.Reliability.Tests;

/// <summary>Running figures of a crash run, reported at the end and asserted on.</summary>
internal sealed class CrashTotals
{
    public int Cycles { get; set; }
    public int CurrentCycle { get; set; }
    public int StartupKills { get; set; }
    public long Acknowledged { get; set; }
    public int ServerChecks { get; set; }
    public int FileChecks { get; set; }
    public long Lost { get; set; }
    public long Partial { get; set; }
    public int IntegrityFailures { get; set; }
    public List<string> Failures { get; } = [];
    public List<string> ServerErrors { get; } = [];
    public int SerializationFailures { get; set; }

    /// <summary>Sums of the latest verdict of each tenant ("final files" checks come last).</summary>
    public string FinalSummary => $"acknowledged and present={_latest.Values.Sum(v => v.AcknowledgedFound)}, "
        + $"unacknowledged but committed={_latest.Values.Sum(v => v.InFlightCommitted)}, unacknowledged and absent={_latest.Values.Sum(v => v.InFlightAbsent)}, "
        + $"lost={_latest.Values.Sum(v => v.Lost)}, partial={_latest.Values.Sum(v => v.Partial)}, integrity={string.Join(",", _latest.Values.Select(v => v.Integrity).Distinct())}";

    private readonly Dictionary<string, TenantVerdict> _latest = [];

    public void Add(string tenant, string where, TenantVerdict verdict)
    {
        _latest[tenant] = verdict;
        Lost += verdict.Lost;
        Partial += verdict.Partial;
        if (verdict.Integrity != "ok") IntegrityFailures++;
        foreach (var f in verdict.Failures.Take(20)) Failures.Add($"{where}: {f}");
    }

    public override string ToString() =>
        $"cycles={Cycles} (of which killed during startup: {StartupKills}), transactions acknowledged={Acknowledged}, "
        + $"checks through the restarted server={ServerChecks}, checks of the killed files={FileChecks}, "
        + $"lost={Lost}, partial={Partial}, integrity failures={IntegrityFailures}, server errors={ServerErrors.Count}, serialization failures (retryable 40001)={SerializationFailures}";
}
