using System.Diagnostics;

namespace TenantDb.Bench.Load;

/// <summary>
/// Processor time the target and this driver used during the measured part of a run, and the driver's
/// own garbage collections: the driver shares the machine with the server, so its share and its
/// pauses (which delay the timestamps it takes) belong next to the latencies it reports.
/// </summary>
internal sealed record ProcessorUse(TimeSpan? Target, TimeSpan Driver, TimeSpan DriverGcPause, int DriverGen0, int DriverGen1, int DriverGen2, long DriverAllocated)
{
    /// <summary>Starts measuring; <see cref="Mark.Stop"/> gives the use since.</summary>
    public static Mark Start(LoadTarget target) => new(target, target.CpuTime(), Process.GetCurrentProcess().TotalProcessorTime, GC.GetTotalPauseDuration(),
        GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalAllocatedBytes());

    /// <summary>Readings at the start of the measured part.</summary>
    internal sealed record Mark(LoadTarget Target, TimeSpan? TargetCpu, TimeSpan DriverCpu, TimeSpan Pause, int Gen0, int Gen1, int Gen2, long Allocated)
    {
        public ProcessorUse Stop() => new(
            Target.CpuTime() - TargetCpu,
            Process.GetCurrentProcess().TotalProcessorTime - DriverCpu,
            GC.GetTotalPauseDuration() - Pause,
            GC.CollectionCount(0) - Gen0,
            GC.CollectionCount(1) - Gen1,
            GC.CollectionCount(2) - Gen2,
            GC.GetTotalAllocatedBytes() - Allocated);
    }
}
