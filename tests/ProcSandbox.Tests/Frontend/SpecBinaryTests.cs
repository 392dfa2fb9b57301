using System.Text.RegularExpressions;
using TenantDb.ProcSandbox.Binary;
using TenantDb.ProcSandbox.Errors;
using TenantDb.ProcSandbox.Module;
using TenantDb.ProcSandbox.Validation;
using Xunit.Abstractions;

namespace TenantDb.ProcSandbox.Tests.Frontend;

/// <summary>
/// Runs every <c>(module binary ...)</c> form of the spec suite through the decoder and validator:
/// top-level modules must be accepted, assert_malformed ones rejected by the decoder, and
/// assert_invalid ones rejected by the validator. Known failures are listed with a reason in
/// spec-binary-skips.txt; a listed case that starts passing fails the test so the list stays honest.
/// </summary>
public partial class SpecBinaryTests(ITestOutputHelper output)
{
    [GeneratedRegex(@"\(module\s+(\$\S+\s+)?binary")]
    private static partial Regex BinaryModuleForm();

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        if (!Directory.Exists(RepoPaths.SpecSuite)) return data;
        foreach (string path in Directory.GetFiles(RepoPaths.SpecSuite, "*.wast").Order(StringComparer.Ordinal))
        {
            if (BinaryModuleForm().IsMatch(File.ReadAllText(path))) data.Add(Path.GetFileName(path));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Binary_modules_of_spec_file(string file)
    {
        var modules = SpecBinaryModules.Extract(Path.Combine(RepoPaths.SpecSuite, file));
        int passed = 0, skipped = 0;
        var failures = new List<string>();
        var staleSkips = new List<string>();
        foreach (var module in modules)
        {
            string key = $"{module.File}:{module.Line}";
            string? problem = Check(module);
            bool listed = SpecSkipList.Entries.ContainsKey(key);
            if (problem is null)
            {
                passed++;
                if (listed) staleSkips.Add(key);
            }
            else if (listed)
            {
                skipped++;
            }
            else
            {
                failures.Add($"{key} [{module.Expectation}] expected \"{module.ExpectedMessage}\": {problem}");
            }
        }
        string kinds = string.Join(", ", modules.GroupBy(m => m.Expectation).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}"));
        output.WriteLine($"{file}: {modules.Count} binary modules ({kinds}), {passed} passed, {skipped} skipped, {failures.Count} failed");
        foreach (string failure in failures) output.WriteLine("  " + failure);
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.True(staleSkips.Count == 0, "now passing, remove from skip list: " + string.Join(", ", staleSkips));
    }

    /// <summary>Null when the decoder and validator do what the script expects, else what went wrong.</summary>
    internal static string? Check(SpecBinaryModule module)
    {
        WasmModule decoded;
        try
        {
            decoded = WasmDecoder.Decode(module.Bytes);
        }
        catch (WasmMalformedException e)
        {
            return module.Expectation == SpecExpectation.Malformed ? null : "decoder rejected: " + e.Message;
        }
        if (module.Expectation == SpecExpectation.Malformed) return "decoder accepted a malformed module";
        try
        {
            WasmValidator.Validate(decoded);
        }
        catch (WasmInvalidException e)
        {
            return module.Expectation == SpecExpectation.Invalid ? null : "validator rejected: " + e.Message;
        }
        return module.Expectation == SpecExpectation.Invalid ? "validator accepted an invalid module" : null;
    }
}
