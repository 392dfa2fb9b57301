using TenantDb.ProcSandbox.Errors;
using TenantDb.ProcSandbox.Runtime;
using TenantDb.ProcSandbox.Text;

namespace TenantDb.ProcSandbox.Wast;

/// <summary>
/// Runs WAST scripts (the WebAssembly spec test-suite format) against TenantDb's own pipeline:
/// WAT parser, decoder, validator, compiler and runtime. Every command counts as passed or failed;
/// commands whose line is in the caller's skip set are counted as skipped and not run.
/// </summary>
public sealed partial class WastRunner : IDisposable
{
    private readonly Linker _linker = new();
    private readonly List<IDisposable> _owned = [];
    private readonly Dictionary<string, Instance> _named = new(StringComparer.Ordinal);
    private readonly WastResult _result;
    private readonly Func<InstanceLimits> _limits;
    private Instance? _current;
    /// <summary>Why the latest module failed to load (then commands addressed to it fail with this).</summary>
    private string? _currentFailure;

    private WastRunner(string file, Func<InstanceLimits> limits)
    {
        _result = new WastResult(file);
        _limits = limits;
        SpectestModule.Define(_linker, _owned);
    }

    /// <summary>Runs the script in <paramref name="path"/>.</summary>
    public static WastResult RunFile(string path, IReadOnlySet<int>? skippedLines = null) =>
        Run(File.ReadAllText(path), Path.GetFileName(path), skippedLines);

    /// <summary>
    /// Runs <paramref name="script"/>. Calls get a 10-second deadline and the default stack limit, so
    /// a runaway test ends as a failure rather than a hang.
    /// </summary>
    public static WastResult Run(string script, string fileName, IReadOnlySet<int>? skippedLines = null)
    {
        ArgumentNullException.ThrowIfNull(script);
        using var runner = new WastRunner(fileName, static () => new InstanceLimits { Timeout = TimeSpan.FromSeconds(10) });
        List<WastCommand> commands;
        try
        {
            commands = WastParser.Parse(script);
        }
        catch (WatParseException e)
        {
            runner._result.Fail(e.Line, "script does not parse: " + e.Message);
            return runner._result;
        }
        foreach (var command in commands)
        {
            if (skippedLines is not null && skippedLines.Contains(command.Line))
            {
                runner._result.Skipped++;
                // A skipped module still becomes the current one (as a failed load) so later
                // commands do not silently run against the previous module.
                if (command.Kind == WastCommandKind.Module) runner.SetCurrent(null, command.Module!.Name, $"module at line {command.Line} skipped");
                continue;
            }
            string? failure = runner.Execute(command);
            if (failure is null) runner._result.Passed++;
            else runner._result.Fail(command.Line, failure);
        }
        return runner._result;
    }

    /// <summary>Runs one command; returns null when it behaved as expected, else why not.</summary>
    private string? Execute(WastCommand command)
    {
        try
        {
            return command.Kind switch
            {
                WastCommandKind.Module => DefineModule(command.Module!),
                WastCommandKind.Register => Register(command),
                WastCommandKind.Action => Describe(Perform(command.Action!), out _),
                WastCommandKind.AssertReturn => AssertReturn(command),
                WastCommandKind.AssertTrap when command.Module is not null => AssertModuleFails(command, LoadStage.Start),
                WastCommandKind.AssertTrap => AssertTrap(command, TrapKind.StackExhausted, exhaustion: false),
                WastCommandKind.AssertExhaustion => AssertTrap(command, TrapKind.StackExhausted, exhaustion: true),
                WastCommandKind.AssertInvalid => AssertModuleFails(command, LoadStage.Validate),
                WastCommandKind.AssertMalformed => AssertModuleFails(command, LoadStage.Parse),
                WastCommandKind.AssertUnlinkable => AssertModuleFails(command, LoadStage.Link),
                _ => AssertModuleFails(command, LoadStage.Start),
            };
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug in the pipeline (not a WasmException the assertions expect) fails this one
            // command and the script goes on, so one crash-free bug does not hide all other results.
            return $"internal error: {e.GetType().Name}: {e.Message}";
        }
    }

    private string? DefineModule(WastModule module)
    {
        var (instance, stage, error) = Load(module);
        if (instance is null)
        {
            string message = $"module failed at {stage}: {error!.Message}";
            SetCurrent(null, module.Name, message);
            return message;
        }
        SetCurrent(instance, module.Name, null);
        return null;
    }

    private void SetCurrent(Instance? instance, string? name, string? failure)
    {
        _current = instance;
        _currentFailure = failure;
        if (name is null) return;
        if (instance is null) _named.Remove(name);
        else _named[name] = instance;
    }

    private string? Register(WastCommand command)
    {
        var instance = Resolve(command.InstanceName, out string? failure);
        if (instance is null) return failure;
        _linker.DefineInstance(command.Text, instance);
        return null;
    }

    private Instance? Resolve(string? name, out string? failure)
    {
        failure = null;
        if (name is null)
        {
            if (_current is null) failure = _currentFailure ?? "no module defined";
            return _current;
        }
        if (_named.TryGetValue(name, out var instance)) return instance;
        failure = $"unknown module {name}";
        return null;
    }

    /// <summary>Performs an action: its results, or the exception it ended with, or a failure text.</summary>
    private ActionOutcome Perform(WastAction action)
    {
        var instance = Resolve(action.ModuleName, out string? failure);
        if (instance is null) return new ActionOutcome(null, null, failure);
        if (action.Kind == WastActionKind.Get)
        {
            return instance.TryGetExportedGlobal(action.Name, out var value)
                ? new ActionOutcome([value], null, null)
                : new ActionOutcome(null, null, $"no exported global \"{action.Name}\"");
        }
        var type = instance.GetFunctionType(action.Name);
        if (type is null) return new ActionOutcome(null, null, $"no exported function \"{action.Name}\"");
        try
        {
            return new ActionOutcome(instance.Invoke(action.Name, action.Arguments), null, null);
        }
        catch (WasmTrapException trap)
        {
            return new ActionOutcome(null, trap, null);
        }
    }

    private static string? Describe(ActionOutcome outcome, out WasmValue[] results)
    {
        results = outcome.Results ?? [];
        if (outcome.Failure is not null) return outcome.Failure;
        if (outcome.Trap is not null) return "unexpected trap: " + outcome.Trap.Message;
        return null;
    }

    /// <summary>What an action ended with: results, a trap, or a failure of the runner itself.</summary>
    private readonly record struct ActionOutcome(WasmValue[]? Results, WasmTrapException? Trap, string? Failure);

    /// <summary>Releases the spectest memory and table.</summary>
    public void Dispose()
    {
        foreach (var owned in _owned) owned.Dispose();
    }
}
