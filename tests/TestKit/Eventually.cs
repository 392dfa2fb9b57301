namespace TenantDb.TestKit;

/// <summary>
/// Waits for a condition with a deadline instead of sleeping a guessed time: the wait ends as soon
/// as the condition holds, and a condition that never holds fails the test with a message saying
/// what was awaited and what was seen instead (a <see cref="TimeoutException"/>).
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(25);

    public static async Task TrueAsync(Func<bool> condition, TimeSpan timeout, Func<string> describe)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"not reached within {timeout.TotalSeconds} s: {describe()}");
            await Task.Delay(s_pollInterval);
        }
    }

    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> describe)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"not reached within {timeout.TotalSeconds} s: {describe()}");
            await Task.Delay(s_pollInterval);
        }
    }

    /// <summary>The blocking form, for tests that have no asynchronous context.</summary>
    public static void True(Func<bool> condition, TimeSpan timeout, Func<string> describe)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"not reached within {timeout.TotalSeconds} s: {describe()}");
            Thread.Sleep(s_pollInterval);
        }
    }

    /// <summary>
    /// Repeats <paramref name="action"/> until <paramref name="operation"/> completes. For a request
    /// that only takes effect while the operation is running (a cancel, an interrupt): the first
    /// attempt may arrive before the operation has started, so it is sent again until it lands.
    /// </summary>
    public static async Task RepeatUntilCompletedAsync(Task operation, Action action, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (await Task.WhenAny(operation, Task.Delay(s_pollInterval)) != operation)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{what}: the operation was still running after {timeout.TotalSeconds} s");
            action();
        }
    }
}
