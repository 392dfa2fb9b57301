using Microsoft.Extensions.Logging;

namespace TenantDb.Fuzz.Wire;

/// <summary>
/// Logger factory for the in-process server that keeps the first Error or Critical entry. The server
/// catches whatever a connection throws that is not an I/O or cancellation error and logs it as an
/// error ("connection N failed") so the server survives; for the fuzzer that entry is the finding.
/// </summary>
internal sealed class FindingLoggerFactory : ILoggerFactory, ILogger
{
    private Exception? _finding;

    /// <summary>Returns and clears the recorded finding.</summary>
    public Exception? TakeFinding() => Interlocked.Exchange(ref _finding, null);

    public ILogger CreateLogger(string categoryName) => this;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (logLevel < LogLevel.Error) return;
        var finding = exception ?? new InvalidOperationException(formatter(state, exception));
        Interlocked.CompareExchange(ref _finding, finding, null);
    }
}
