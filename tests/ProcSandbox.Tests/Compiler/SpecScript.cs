using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using TenantDb.ProcSandbox.Module;
using TenantDb.ProcSandbox.Runtime;
using TenantDb.TestKit;

namespace TenantDb.ProcSandbox.Tests.Compiler;

/// <summary>
/// Executes a spec .wast script against the compiler and runtime, using wabt's wast2json for the
/// text (independent of the project's WAT/WAST parser, so compiler bugs are found even while the
/// text layer changes). Validation-only commands (assert_invalid/malformed) are the front end's.
/// Without wabt the calling test is skipped.
/// </summary>
internal sealed partial class SpecScript
{
    private readonly Dictionary<string, Instance> _named = [];
    private readonly Linker _linker = new();
    private Instance? _current;

    public int Passed { get; private set; }
    public List<string> Failures { get; } = [];

    public SpecScript() => DefineSpectest(_linker);

    public static SpecScript Run(string wastPath, string workDir)
    {
        var script = new SpecScript();
        string source = Preprocess(File.ReadAllText(wastPath));
        string wast = Path.Combine(workDir, Path.GetFileName(wastPath));
        File.WriteAllText(wast, source);
        string json = Path.Combine(workDir, "script.json");
        var converted = WasmToolchain.Wast2Json(wast, json);
        if (converted.ExitCode != 0)
        {
            script.Failures.Add("wast2json: " + converted.Stderr.Split('\n')[0]);
            return script;
        }
        using var document = JsonDocument.Parse(File.ReadAllBytes(json));
        foreach (var command in document.RootElement.GetProperty("commands").EnumerateArray())
        {
            int line = command.GetProperty("line").GetInt32();
            try
            {
                string? problem = script.Execute(command, workDir);
                if (problem is null) script.Passed++;
                else if (problem.Length > 0) script.Failures.Add($"line {line}: {problem}");
            }
            catch (Exception e)
            {
                script.Failures.Add($"line {line}: {e.GetType().Name}: {e.Message}");
            }
        }
        return script;
    }

    /// <summary>Returns null when the command passed, "" when it is not this layer's to check, else the problem.</summary>
    private string? Execute(JsonElement command, string dir)
    {
        string type = command.GetProperty("type").GetString()!;
        switch (type)
        {
            case "module":
            {
                var instance = Instantiate(Path.Combine(dir, command.GetProperty("filename").GetString()!));
                _current = instance;
                if (command.TryGetProperty("name", out var name)) _named[name.GetString()!] = instance;
                return null;
            }
            case "register":
            {
                var instance = command.TryGetProperty("name", out var name) ? _named[name.GetString()!] : _current!;
                _linker.DefineInstance(command.GetProperty("as").GetString()!, instance);
                return null;
            }
            case "action":
                Perform(command.GetProperty("action"));
                return null;
            case "assert_return":
            {
                var actual = Perform(command.GetProperty("action"));
                var expected = command.GetProperty("expected");
                for (int i = 0; i < expected.GetArrayLength(); i++)
                {
                    if (!Matches(expected[i], actual[i])) return $"expected {expected[i]}, got {actual[i]}";
                }
                return null;
            }
            case "assert_trap":
            case "assert_exhaustion":
            {
                string text = command.GetProperty("text").GetString()!;
                if (text.StartsWith(NanMarker, StringComparison.Ordinal))
                {
                    var value = Perform(command.GetProperty("action"))[0];
                    string pattern = "nan:" + text[NanMarker.Length..];
                    var expected = JsonDocument.Parse($"{{\"type\":\"{(value.Type == ValType.F32 ? "f32" : "f64")}\",\"value\":\"{pattern}\"}}").RootElement;
                    return Matches(expected, value) ? null : $"expected {pattern}, got {value} (0x{value.Bits:x})";
                }
                try
                {
                    var result = Perform(command.GetProperty("action"));
                    return $"expected trap \"{text}\", got {string.Join(", ", result)}";
                }
                catch (WasmTrapException trap)
                {
                    return trap.Message.StartsWith(text, StringComparison.Ordinal) || TrapMessages.Of(trap.Kind).StartsWith(text, StringComparison.Ordinal)
                        ? null : $"expected trap \"{text}\", got \"{trap.Message}\"";
                }
            }
            case "assert_unlinkable":
            case "assert_uninstantiable":
            {
                try
                {
                    Instantiate(Path.Combine(dir, command.GetProperty("filename").GetString()!));
                    return "instantiation succeeded";
                }
                catch (WasmLinkException) when (type == "assert_unlinkable")
                {
                    return null;
                }
                catch (WasmTrapException) when (type == "assert_uninstantiable")
                {
                    return null;
                }
            }
            default:
                return "";
        }
    }

    private Instance Instantiate(string path)
    {
        return Instance.Instantiate(Wasm.Compile(File.ReadAllBytes(path)), _linker);
    }

    private WasmValue[] Perform(JsonElement action)
    {
        var instance = action.TryGetProperty("module", out var name) ? _named[name.GetString()!] : _current!;
        string field = action.GetProperty("field").GetString()!;
        if (action.GetProperty("type").GetString() == "get")
        {
            Assert.True(instance.TryGetExportedGlobal(field, out var value));
            return [value];
        }
        var args = action.GetProperty("args");
        var values = new WasmValue[args.GetArrayLength()];
        for (int i = 0; i < values.Length; i++) values[i] = Parse(args[i]);
        return instance.Invoke(field, values);
    }

    private static ValType TypeOf(string type) => type switch
    {
        "i32" => ValType.I32,
        "i64" => ValType.I64,
        "f32" => ValType.F32,
        _ => ValType.F64,
    };

    private static WasmValue Parse(JsonElement value) =>
        WasmValue.FromBits(TypeOf(value.GetProperty("type").GetString()!), ulong.Parse(value.GetProperty("value").GetString()!, CultureInfo.InvariantCulture));

    private static bool Matches(JsonElement expected, WasmValue actual)
    {
        var type = TypeOf(expected.GetProperty("type").GetString()!);
        if (actual.Type != type) return false;
        string text = expected.GetProperty("value").GetString()!;
        if (text.StartsWith("nan:", StringComparison.Ordinal))
        {
            ulong quiet = type == ValType.F32 ? 0x0040_0000UL : 0x0008_0000_0000_0000UL;
            ulong payload = type == ValType.F32 ? actual.Bits & 0x007F_FFFF : actual.Bits & 0x000F_FFFF_FFFF_FFFF;
            bool isNan = type == ValType.F32 ? float.IsNaN(actual.AsF32) : double.IsNaN(actual.AsF64);
            return isNan && (text == "nan:canonical" ? payload == quiet : (payload & quiet) != 0);
        }
        return actual.Bits == ulong.Parse(text, CultureInfo.InvariantCulture);
    }

    private static void DefineSpectest(Linker linker)
    {
        static void Ignore(HostCall call, ReadOnlySpan<WasmValue> args, Span<WasmValue> results) { }
        linker.DefineFunction("spectest", "print", new FuncType([], []), Ignore);
        linker.DefineFunction("spectest", "print_i32", new FuncType([ValType.I32], []), Ignore);
        linker.DefineFunction("spectest", "print_i64", new FuncType([ValType.I64], []), Ignore);
        linker.DefineFunction("spectest", "print_f32", new FuncType([ValType.F32], []), Ignore);
        linker.DefineFunction("spectest", "print_f64", new FuncType([ValType.F64], []), Ignore);
        linker.DefineFunction("spectest", "print_i32_f32", new FuncType([ValType.I32, ValType.F32], []), Ignore);
        linker.DefineFunction("spectest", "print_f64_f64", new FuncType([ValType.F64, ValType.F64], []), Ignore);
        linker.DefineGlobal("spectest", "global_i32", new WasmGlobal(ValType.I32, false, WasmValue.I32(666)));
        linker.DefineGlobal("spectest", "global_i64", new WasmGlobal(ValType.I64, false, WasmValue.I64(666)));
        linker.DefineGlobal("spectest", "global_f32", new WasmGlobal(ValType.F32, false, WasmValue.F32(666.6f)));
        linker.DefineGlobal("spectest", "global_f64", new WasmGlobal(ValType.F64, false, WasmValue.F64(666.6)));
        linker.DefineTable("spectest", "table", new WasmTable(10, 20));
        linker.DefineMemory("spectest", "memory", new WasmMemory(1, 2));
    }

    /// <summary>
    /// Rewrites the 2019 NaN assertions, which the installed wabt no longer reads, as assert_trap
    /// with a marker text (the form does not name the result type); <see cref="Execute"/> checks them as NaN results.
    /// </summary>
    private static string Preprocess(string text)
    {
        var result = new System.Text.StringBuilder(text.Length);
        int i = 0;
        while (true)
        {
            var match = NanAssertion().Match(text, i);
            if (!match.Success) break;
            result.Append(text, i, match.Index - i);
            int depth = 0, j = match.Index;
            do
            {
                if (text[j] == '(') depth++;
                else if (text[j] == ')') depth--;
                j++;
            }
            while (depth > 0 && j < text.Length);
            string action = text[(match.Index + match.Length)..(j - 1)];
            result.Append("(assert_trap ").Append(action).Append(" \"").Append(NanMarker).Append(match.Groups[1].Value).Append("\")");
            i = j;
        }
        result.Append(text, i, text.Length - i);
        return ElemWithTable().Replace(result.ToString(), "(elem (table $1) ");
    }

    private const string NanMarker = "NAN:";

    [GeneratedRegex(@"\(assert_return_(canonical|arithmetic)_nan\s")]
    private static partial Regex NanAssertion();

    [GeneratedRegex(@"\(elem\s+(\$\w+|\d+)\s+(?=\()")]
    private static partial Regex ElemWithTable();
}
