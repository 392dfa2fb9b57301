using System.Text.Json;
using TenantDb.ProcSandbox.Tests.Frontend;
using TenantDb.ProcSandbox.Text;
using TenantDb.TestKit;

namespace TenantDb.ProcSandbox.Tests.Text;

/// <summary>
/// Every text and binary module of the spec suite encodes to the same bytes as wabt's wast2json
/// makes of it: thousands of modules checking the WAT parser against the reference encoder.
/// </summary>
public sealed class SpecModuleEncodingTests
{
    public static TheoryData<string> Scripts()
    {
        var data = new TheoryData<string>();
        foreach (string path in Directory.GetFiles(RepoPaths.SpecSuite, "*.wast").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(path));
        }
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(Scripts))]
    public void Modules_encode_like_wast2json(string file)
    {
        ExternalTool.Wast2Json.Require();
        string text = File.ReadAllText(Path.Combine(RepoPaths.SpecSuite, file));
        var ours = new Dictionary<int, WastModule>();
        foreach (var command in WastParser.Parse(text))
        {
            if (command.Module is { } module)
            {
                ours[command.Line] = module;
                ours[module.Line] = module;
                ours[module.Expression.Items[0].Line] = module; // wabt counts from the "module" keyword
            }
        }
        using var dir = new TempDirectory("tenantdb-wast2json-");
        // wabt 1.0.32 no longer knows the legacy NaN assertions; their results do not matter here.
        string script = dir.File(file);
        File.WriteAllText(script, text
            .Replace("assert_return_canonical_nan", "assert_return", StringComparison.Ordinal)
            .Replace("assert_return_arithmetic_nan", "assert_return", StringComparison.Ordinal));
        var converted = WasmToolchain.Wast2Json(script, dir.File("out.json"),
            ["--disable-bulk-memory", "--disable-reference-types", "--disable-multi-value", "--disable-saturating-float-to-int"]);
        if (converted.ExitCode != 0) throw new InvalidOperationException($"wast2json failed on {script}: {converted.Stderr}");
        using var json = JsonDocument.Parse(File.ReadAllBytes(dir.File("out.json")));
        foreach (var command in json.RootElement.GetProperty("commands").EnumerateArray())
        {
            if (!command.TryGetProperty("filename", out var fileName) || !fileName.GetString()!.EndsWith(".wasm", StringComparison.Ordinal)) continue;
            if (command.GetProperty("type").GetString() == "assert_malformed") continue;
            int line = command.GetProperty("line").GetInt32();
            Assert.True(ours.TryGetValue(line, out var module), $"{file}:{line}: no module command here");
            byte[] expected = File.ReadAllBytes(dir.File(fileName.GetString()!));
            byte[] actual = module!.Encode();
            Assert.True(expected.AsSpan().SequenceEqual(actual),
                $"{file}:{line}: encoding differs\nwabt: {Convert.ToHexString(expected)}\nours: {Convert.ToHexString(actual)}");
        }
    }
}
