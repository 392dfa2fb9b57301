using System.Diagnostics;
using TenantDb.Fuzz.Targets;

namespace TenantDb.Fuzz.Mutation;

/// <summary>What one bounded mutation run did, and the first finding if there was one.</summary>
internal sealed record MutationLoopResult(
    int Executions, TimeSpan Elapsed, TimeSpan SlowestExecution, byte[]? SlowestInput, byte[]? FailingInput, Exception? Failure);

/// <summary>
/// Runs a target over mutated seeds, in process, for at most a number of executions or a time
/// budget, whichever ends first; the inputs depend only on the seeds and the random seed.
/// </summary>
internal static class MutationLoop
{
    public static MutationLoopResult Run(IFuzzTarget target, IReadOnlyList<byte[]> seeds, int randomSeed, int maxExecutions, TimeSpan budget)
    {
        var mutator = new ByteMutator(randomSeed);
        var total = Stopwatch.StartNew();
        var one = new Stopwatch();
        var slowest = TimeSpan.Zero;
        byte[]? slowestInput = null;
        int executions = 0;
        while (executions < maxExecutions && total.Elapsed < budget)
        {
            var input = mutator.Next(seeds);
            one.Restart();
            try
            {
                target.Run(input);
            }
#pragma warning disable CA1031 // the loop reports whatever escaped the target as a finding
            catch (Exception ex)
#pragma warning restore CA1031
            {
                return new MutationLoopResult(executions + 1, total.Elapsed, slowest, slowestInput, input, ex);
            }
            executions++;
            if (one.Elapsed > slowest)
            {
                slowest = one.Elapsed;
                slowestInput = input;
            }
        }
        return new MutationLoopResult(executions, total.Elapsed, slowest, slowestInput, null, null);
    }
}
