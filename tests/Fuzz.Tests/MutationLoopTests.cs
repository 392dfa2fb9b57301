using Xunit.Abstractions;
using TenantDb.Fuzz.Mutation;
using TenantDb.Fuzz.Targets;
using TenantDb.TestKit;

namespace TenantDb.Fuzz.Tests;

/// <summary>
/// The CI-bounded fuzzing: per target a fixed-seed mutation loop over its seed corpus, at most
/// <see cref="Executions"/> inputs or <see cref="Budget"/>, whichever ends first. Every input must
/// end in an allowed outcome within the hang limit.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Slow)]
public sealed class MutationLoopTests(ITestOutputHelper output)
{
    private const int Executions = 5000;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(12);
    private static readonly string FuzzDirectory = FuzzInputs.FindFuzzDirectory(AppContext.BaseDirectory);

    [Theory]
    [MemberData(nameof(CheckedInInputTests.TargetNames), MemberType = typeof(CheckedInInputTests))]
    public async Task Mutated_corpus_inputs_end_in_allowed_outcomes(string targetName)
    {
        var target = FuzzTargets.Find(targetName)!;
        var seeds = FuzzInputs.CorpusFiles(FuzzDirectory, targetName).Select(File.ReadAllBytes).ToList();
        MutationLoopResult result;
        try
        {
            result = await Task.Run(() => MutationLoop.Run(target, seeds, randomSeed: 20261125, Executions, Budget))
                .WaitAsync(Budget + TargetRunner.HangLimit);
        }
        catch (TimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"{targetName}: the mutation loop hangs");
        }
        output.WriteLine($"{targetName}: {result.Executions} executions in {result.Elapsed.TotalSeconds:F1} s, " +
            $"slowest input {result.SlowestExecution.TotalMilliseconds:F0} ms");
        if (result.Failure is not null)
        {
            Assert.Fail($"{targetName}: execution {result.Executions} ended with {result.Failure}\n" +
                $"input (hex): {Convert.ToHexString(result.FailingInput!)}");
        }
        Assert.True(result.SlowestExecution < TargetRunner.HangLimit,
            $"{targetName}: an input took {result.SlowestExecution}: {Convert.ToHexString(result.SlowestInput!)}");
    }
}
