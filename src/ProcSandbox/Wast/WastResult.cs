namespace TenantDb.ProcSandbox.Wast;

/// <summary>One failed command of a script: its line and what went wrong.</summary>
public readonly record struct WastFailure(int Line, string Message);

/// <summary>The outcome of running one WAST script.</summary>
public sealed class WastResult(string file)
{
    private readonly List<WastFailure> _failures = [];

    /// <summary>The script's file name (as given to the runner).</summary>
    public string File { get; } = file;

    /// <summary>Commands (modules, actions, assertions) that behaved as the script says.</summary>
    public int Passed { get; internal set; }

    /// <summary>Commands that did not.</summary>
    public int Failed => _failures.Count;

    /// <summary>Commands not run because their line is in the skip list.</summary>
    public int Skipped { get; internal set; }

    /// <summary>Every failure, in script order.</summary>
    public IReadOnlyList<WastFailure> Failures => _failures;

    /// <summary>
    /// Module assertions that failed at the right stage but with a message other than the script's
    /// (informational: the spec's message texts are not normative).
    /// </summary>
    public IReadOnlyList<WastFailure> MessageMismatches => _messageMismatches;

    private readonly List<WastFailure> _messageMismatches = [];

    internal void Fail(int line, string message) => _failures.Add(new WastFailure(line, message));

    internal void NoteMessageMismatch(int line, string message) => _messageMismatches.Add(new WastFailure(line, message));

    /// <inheritdoc/>
    public override string ToString() =>
        $"{File}: {Passed} passed, {Failed} failed, {Skipped} skipped, {MessageMismatches.Count} error messages differ from the script's";
}
