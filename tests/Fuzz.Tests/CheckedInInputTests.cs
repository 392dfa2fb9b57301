using TenantDb.Fuzz.Mutation;
using TenantDb.Fuzz.Targets;

namespace TenantDb.Fuzz.Tests;

/// <summary>Every seed-corpus file and every regression input of every target ends in an allowed outcome.</summary>
public sealed class CheckedInInputTests
{
    private static readonly string FuzzDirectory = FuzzInputs.FindFuzzDirectory(AppContext.BaseDirectory);

    public static TheoryData<string> TargetNames()
    {
        var data = new TheoryData<string>();
        foreach (var target in FuzzTargets.All) data.Add(target.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(TargetNames))]
    public async Task Seed_corpus_inputs_end_in_allowed_outcomes(string targetName)
    {
        var target = FuzzTargets.Find(targetName)!;
        var files = FuzzInputs.CorpusFiles(FuzzDirectory, targetName);
        Assert.NotEmpty(files);
        foreach (var file in files) await TargetRunner.AssertAllowedOutcome(target, File.ReadAllBytes(file), Path.GetFileName(file));
    }

    [Theory]
    [MemberData(nameof(TargetNames))]
    public async Task Regression_inputs_end_in_allowed_outcomes(string targetName)
    {
        var target = FuzzTargets.Find(targetName)!;
        foreach (var file in FuzzInputs.RegressionFiles(FuzzDirectory, targetName))
            await TargetRunner.AssertAllowedOutcome(target, File.ReadAllBytes(file), Path.GetFileName(file));
    }
}
