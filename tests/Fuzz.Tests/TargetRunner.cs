using TenantDb.Fuzz.Targets;

namespace TenantDb.Fuzz.Tests;

/// <summary>Runs one input through a target and turns any finding into a test failure that shows the input.</summary>
internal static class TargetRunner
{
    /// <summary>Longest a single input may take before it counts as a hang.</summary>
    public static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(10);

    public static async Task AssertAllowedOutcome(IFuzzTarget target, byte[] input, string origin)
    {
        try
        {
            await Task.Run(() => target.Run(input)).WaitAsync(HangLimit);
        }
        catch (TimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"{target.Name}: input {origin} hangs (> {HangLimit.TotalSeconds} s)\ninput (hex): {Convert.ToHexString(input)}");
        }
#pragma warning disable CA1031 // whatever escaped the target is the finding to report
        catch (Exception ex)
#pragma warning restore CA1031
        {
            throw new Xunit.Sdk.XunitException($"{target.Name}: input {origin} ended with {ex}\ninput (hex): {Convert.ToHexString(input)}");
        }
    }
}
