namespace TenantDb.Wire.Tests.Exhaustion;

/// <summary>Waits for a condition with a deadline instead of sleeping a guessed time.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, TimeSpan timeout, Func<string> describe)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"not reached within {timeout.TotalSeconds} s: {describe()}");
            await Task.Delay(25);
        }
    }
}
