using System.Globalization;
using TenantDb.ProcSandbox.Binary;
using TenantDb.ProcSandbox.Errors;
using TenantDb.ProcSandbox.Module;
using TenantDb.ProcSandbox.Runtime;
using TenantDb.ProcSandbox.Text;
using TenantDb.ProcSandbox.Validation;

namespace TenantDb.ProcSandbox.Wast;

/// <summary>The assertion commands and the module loading pipeline they observe.</summary>
public sealed partial class WastRunner
{
    /// <summary>The pipeline stage at which loading a module failed.</summary>
    private enum LoadStage
    {
        /// <summary>Text parsing or binary decoding (spec: malformed).</summary>
        Parse,
        /// <summary>Validation (spec: invalid).</summary>
        Validate,
        /// <summary>Compilation (a compiler gap: never expected by a script).</summary>
        Compile,
        /// <summary>Import resolution or segment bounds (spec: unlinkable).</summary>
        Link,
        /// <summary>The start function trapped (spec: uninstantiable / assert_trap on a module).</summary>
        Start,
        /// <summary>Loaded fine.</summary>
        Done,
    }

    private (Instance? Instance, LoadStage Stage, Exception? Error) Load(WastModule module)
    {
        WasmModule decoded;
        try
        {
            decoded = WasmDecoder.Decode(module.Encode());
        }
        catch (WasmException e) when (e is WatParseException or WasmMalformedException)
        {
            return (null, LoadStage.Parse, e);
        }
        catch (WasmLimitException e)
        {
            // An implementation limit, like a compiler gap, is never what a script expects.
            return (null, LoadStage.Compile, e);
        }
        try
        {
            WasmValidator.Validate(decoded);
        }
        catch (WasmInvalidException e)
        {
            return (null, LoadStage.Validate, e);
        }
        catch (WasmLimitException e)
        {
            return (null, LoadStage.Compile, e);
        }
        CompiledModule compiled;
        try
        {
            compiled = CompiledModule.Compile(decoded);
        }
        catch (WasmException e)
        {
            return (null, LoadStage.Compile, e);
        }
        try
        {
            return (Instance.Instantiate(compiled, _linker, _limits()), LoadStage.Done, null);
        }
        catch (WasmLinkException e)
        {
            return (null, LoadStage.Link, e);
        }
        catch (WasmTrapException e)
        {
            return (null, LoadStage.Start, e);
        }
    }

    private string? AssertModuleFails(WastCommand command, LoadStage expected)
    {
        var (instance, stage, error) = Load(command.Module!);
        if (instance is not null)
        {
            // Per the spec, a module that links and then traps in its start function has still
            // written its segments into imported memories/tables; one that loads fully is a failure here.
            return $"module loaded, expected it to fail ({command.Text})";
        }
        if (stage != expected)
        {
            return $"module failed at {stage}, expected {expected} ({command.Text}): {error!.Message}";
        }
        if (stage == LoadStage.Start)
        {
            return TrapMatches(((WasmTrapException)error!).Kind, command.Text)
                ? null
                : $"trapped with \"{error!.Message}\", expected \"{command.Text}\"";
        }
        string reason = error switch
        {
            WasmInvalidException invalid => invalid.Reason,
            WasmMalformedException malformed => malformed.Reason,
            WatParseException parse => parse.Reason,
            _ => error!.Message,
        };
        if (!reason.StartsWith(command.Text, StringComparison.Ordinal) && !reason.Contains(command.Text, StringComparison.Ordinal))
        {
            _result.NoteMessageMismatch(command.Line, $"\"{reason}\" vs \"{command.Text}\"");
        }
        return null;
    }

    private string? AssertReturn(WastCommand command)
    {
        var outcome = Perform(command.Action!);
        string? failure = Describe(outcome, out var results);
        if (failure is not null) return failure;
        var expected = command.Expected;
        if (results.Length != expected.Length) return $"returned {results.Length} values, expected {expected.Length}";
        for (int i = 0; i < results.Length; i++)
        {
            if (!Matches(expected[i], results[i])) return $"result {i}: got {Format(results[i])}, expected {Format(expected[i])}";
        }
        return null;
    }

    private string? AssertTrap(WastCommand command, TrapKind exhaustionKind, bool exhaustion)
    {
        var outcome = Perform(command.Action!);
        if (outcome.Failure is not null) return outcome.Failure;
        if (outcome.Trap is null) return $"returned ({string.Join(", ", (outcome.Results ?? []).Select(Format))}), expected trap \"{command.Text}\"";
        var kind = outcome.Trap.Kind;
        bool ok = exhaustion ? kind == exhaustionKind : TrapMatches(kind, command.Text);
        return ok ? null : $"trapped with \"{outcome.Trap.Message}\", expected \"{command.Text}\"";
    }

    /// <summary>The spec's message and ours agree when one is a prefix of the other.</summary>
    private static bool TrapMatches(TrapKind kind, string expected)
    {
        string actual = TrapMessages.Of(kind);
        return expected.StartsWith(actual, StringComparison.Ordinal) || actual.StartsWith(expected, StringComparison.Ordinal);
    }

    private static bool Matches(WastExpected expected, WasmValue actual)
    {
        switch (expected.Kind)
        {
            case WastExpectedKind.Exact:
                return expected.Value == actual;
            case WastExpectedKind.CanonicalNan:
                return actual.Type switch
                {
                    ValType.F32 => (actual.Bits & 0x7FFF_FFFF) == 0x7FC0_0000,
                    ValType.F64 => (actual.Bits & 0x7FFF_FFFF_FFFF_FFFF) == 0x7FF8_0000_0000_0000,
                    _ => false,
                } && (expected.Value.Type == actual.Type || expected.Value == default);
            default:
                return actual.Type switch
                {
                    ValType.F32 => (actual.Bits & 0x7FC0_0000) == 0x7FC0_0000,
                    ValType.F64 => (actual.Bits & 0x7FF8_0000_0000_0000) == 0x7FF8_0000_0000_0000,
                    _ => false,
                } && (expected.Value.Type == actual.Type || expected.Value == default);
        }
    }

    private static string Format(WastExpected expected) => expected.Kind switch
    {
        WastExpectedKind.Exact => Format(expected.Value),
        WastExpectedKind.CanonicalNan => "nan:canonical",
        _ => "nan:arithmetic",
    };

    private static string Format(WasmValue value) =>
        value.Type is ValType.F32 or ValType.F64
            ? $"{value} (0x{value.Bits.ToString("x", CultureInfo.InvariantCulture)})"
            : value.ToString();
}
