using System.Text.Json;
using System.Text.RegularExpressions;
using TenantDb.TestKit;
using Xunit.Abstractions;

namespace TenantDb.ProcSandbox.Tests.Frontend;

/// <summary>
/// Widens the validator's spec coverage beyond the few binary forms: wabt's wast2json (installed
/// with wat2wasm) turns each spec script's text modules into binaries without checking them,
/// and we expect top-level modules to validate and assert_invalid modules to be rejected by the
/// validator. Text-level assert_malformed cases belong to the WAT parser and are not run here.
/// Known failures, and scripts the installed wabt cannot convert, are in spec-binary-skips.txt.
/// </summary>
public partial class SpecTextModulesTests(ITestOutputHelper output)
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        if (!Directory.Exists(RepoPaths.SpecSuite)) return data;
        foreach (string path in Directory.GetFiles(RepoPaths.SpecSuite, "*.wast").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(path));
        }
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(Files))]
    public void Text_modules_of_spec_file_via_wast2json(string file)
    {
        ExternalTool.Wast2Json.Require();
        using var outDir = new TempDirectory($"tenantdb-frontend-wast2json-{Path.GetFileNameWithoutExtension(file)}-");
        RunFile(file, outDir.Path);
    }

    private void RunFile(string file, string outDir)
    {
        var skips = SpecSkipList.Entries;
        string json = Path.Combine(outDir, "script.json");
        // The installed wabt no longer knows the 2019 NaN assertions; they hold no modules, so drop them.
        string wast = Path.Combine(outDir, file);
        string script = DropForms(File.ReadAllText(Path.Combine(RepoPaths.SpecSuite, file)), ["(assert_return_canonical_nan", "(assert_return_arithmetic_nan"]);
        File.WriteAllText(wast, ExplicitElemTables(script));
        string? error = Wast2Json(wast, json);
        if (error is not null)
        {
            output.WriteLine($"{file}: not converted by the installed wast2json: {error}");
            Assert.True(skips.ContainsKey($"{file}:*"), $"wast2json failed on {file} and the file is not in the skip list: {error}");
            return;
        }
        Assert.False(skips.ContainsKey($"{file}:*"), $"{file} now converts: remove {file}:* from the skip list");

        using var document = JsonDocument.Parse(File.ReadAllBytes(json));
        int passed = 0, skipped = 0;
        var failures = new List<string>();
        var stale = new List<string>();
        var kinds = new SortedDictionary<SpecExpectation, int>();
        foreach (var command in document.RootElement.GetProperty("commands").EnumerateArray())
        {
            string type = command.GetProperty("type").GetString()!;
            if (!command.TryGetProperty("filename", out var fileName)) continue;
            string moduleType = command.TryGetProperty("module_type", out var mt) ? mt.GetString()! : "binary";
            if (moduleType != "binary") continue;
            var expectation = type switch
            {
                "module" => SpecExpectation.Valid,
                "assert_invalid" => SpecExpectation.Invalid,
                "assert_malformed" => SpecExpectation.Malformed,
                _ => SpecExpectation.OtherCommand,
            };
            kinds[expectation] = kinds.GetValueOrDefault(expectation) + 1;
            int line = command.GetProperty("line").GetInt32();
            byte[] bytes = File.ReadAllBytes(Path.Combine(outDir, fileName.GetString()!));
            string message = command.TryGetProperty("text", out var text) ? text.GetString()! : "";
            var module = new SpecBinaryModule(file, line, expectation, bytes, message);
            string key = $"{file}:{line}";
            string? problem = SpecBinaryTests.Check(module);
            bool listed = skips.ContainsKey(key);
            if (problem is null)
            {
                passed++;
                if (listed) stale.Add(key);
            }
            else if (listed) skipped++;
            else failures.Add($"{key} [{type}] expected \"{message}\": {problem}");
        }
        output.WriteLine($"{file}: ({string.Join(", ", kinds.Select(k => $"{k.Key} {k.Value}"))}), {passed} passed, {skipped} skipped, {failures.Count} failed");
        foreach (string failure in failures) output.WriteLine("  " + failure);
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.True(stale.Count == 0, "now passing, remove from skip list: " + string.Join(", ", stale));
    }

    /// <summary>Removes every parenthesized form starting with one of <paramref name="heads"/> (no strings with parentheses inside them).</summary>
    private static string DropForms(string text, string[] heads)
    {
        var result = new System.Text.StringBuilder(text.Length);
        int i = 0;
        while (i < text.Length)
        {
            int next = -1;
            foreach (string head in heads)
            {
                int at = text.IndexOf(head, i, StringComparison.Ordinal);
                if (at >= 0 && (next < 0 || at < next)) next = at;
            }
            if (next < 0) { result.Append(text, i, text.Length - i); break; }
            result.Append(text, i, next - i);
            int depth = 0;
            int j = next;
            do
            {
                if (text[j] == '(') depth++;
                else if (text[j] == ')') depth--;
                j++;
            }
            while (depth > 0 && j < text.Length);
            i = j;
        }
        return result.ToString();
    }

    /// <summary>
    /// Rewrites the 2019 form <c>(elem $t (offset) $f...)</c>, where <c>$t</c> is a table, into
    /// <c>(elem (table $t) (offset) func $f...)</c>: newer wabt reads a bare identifier there as the segment's own name.
    /// </summary>
    private static string ExplicitElemTables(string text)
    {
        var result = new System.Text.StringBuilder(text.Length);
        int i = 0;
        foreach (Match match in ElemWithTable().Matches(text))
        {
            if (match.Index < i) continue;
            result.Append(text, i, match.Index - i).Append("(elem (table ").Append(match.Groups[1].Value).Append(") ");
            int j = match.Index + match.Length;
            int depth = 0;
            int k = j;
            do
            {
                if (text[k] == '(') depth++;
                else if (text[k] == ')') depth--;
                k++;
            }
            while (depth > 0 && k < text.Length);
            result.Append(text, j, k - j).Append(" func");
            i = k;
        }
        result.Append(text, i, text.Length - i);
        return result.ToString();
    }

    [GeneratedRegex(@"\(elem\s+(\$\w+|\d+)\s+(?=\()")]
    private static partial Regex ElemWithTable();

    /// <summary>Runs wast2json; returns null on success, else its error output.</summary>
    private static string? Wast2Json(string wast, string json)
    {
        var (exitCode, _, stderr) = WasmToolchain.Wast2Json(wast, json);
        if (exitCode == 0) return null;
        int newline = stderr.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? stderr : stderr[..newline];
    }
}
