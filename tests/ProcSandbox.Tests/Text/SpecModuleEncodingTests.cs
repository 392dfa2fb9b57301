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
        string wast2json = ExternalTool.Wast2Json.Require();
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
        string dir = Directory.CreateTempSubdirectory("tenantdb-wast2json-").FullName;
        try
        {
            // wabt 1.0.32 no longer knows the legacy NaN assertions; their results do not matter here.
            string script = Path.Combine(dir, file);
            File.WriteAllText(script, text
                .Replace("assert_return_canonical_nan", "assert_return", StringComparison.Ordinal)
                .Replace("assert_return_arithmetic_nan", "assert_return", StringComparison.Ordinal));
            RunWast2Json(wast2json, script, Path.Combine(dir, "out.json"));
            using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "out.json")));
            foreach (var command in json.RootElement.GetProperty("commands").EnumerateArray())
            {
                if (!command.TryGetProperty("filename", out var fileName) || !fileName.GetString()!.EndsWith(".wasm", StringComparison.Ordinal)) continue;
                if (command.GetProperty("type").GetString() == "assert_malformed") continue;
                int line = command.GetProperty("line").GetInt32();
                Assert.True(ours.TryGetValue(line, out var module), $"{file}:{line}: no module command here");
                byte[] expected = File.ReadAllBytes(Path.Combine(dir, fileName.GetString()!));
                byte[] actual = module!.Encode();
                Assert.True(expected.AsSpan().SequenceEqual(actual),
                    $"{file}:{line}: encoding differs\nwabt: {Convert.ToHexString(expected)}\nours: {Convert.ToHexString(actual)}");
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void RunWast2Json(string wast2json, string script, string output)
    {
        var result = ChildProcess.Run(wast2json,
            ["--disable-bulk-memory", "--disable-reference-types", "--disable-multi-value", "--disable-saturating-float-to-int", "--no-check", script, "-o", output],
            workingDirectory: Path.GetDirectoryName(output)!);
        if (result.ExitCode != 0) throw new InvalidOperationException($"wast2json failed on {script}: {result.Stderr}");
    }
}
