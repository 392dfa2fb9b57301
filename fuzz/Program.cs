using SharpFuzz;
using TenantDb.Fuzz.Mutation;
using TenantDb.Fuzz.Targets;

// Usage:
//   TenantDb.Fuzz <target>                 AFL mode: SharpFuzz fork server reading inputs from afl-fuzz
//   TenantDb.Fuzz <target> --libfuzzer     libFuzzer mode (libfuzzer-dotnet driver)
//   TenantDb.Fuzz <target> --mutate N SECONDS [SEED]
//                                          in-process mutation loop over the corpus (no coverage feedback)
//   TenantDb.Fuzz <target> FILE...         runs each file once and reports the outcome (reproduce a finding)
if (args.Length == 0 || FuzzTargets.Find(args[0]) is not { } target)
{
    Console.Error.WriteLine("usage: TenantDb.Fuzz <target> [--libfuzzer | --mutate N SECONDS [SEED] | FILE...]");
    Console.Error.WriteLine("targets: " + string.Join(", ", FuzzTargets.All.Select(t => t.Name)));
    return 2;
}

if (args.Length == 1)
{
    Fuzzer.Run(stream =>
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        target.Run(copy.GetBuffer().AsSpan(0, (int)copy.Length));
    });
    return 0;
}

if (args[1] == "--libfuzzer")
{
    Fuzzer.LibFuzzer.Run(input => target.Run(input));
    return 0;
}

if (args[1] == "--mutate" && args.Length >= 4)
{
    var fuzzDirectory = FuzzInputs.FindFuzzDirectory(AppContext.BaseDirectory);
    var seeds = FuzzInputs.CorpusFiles(fuzzDirectory, target.Name).Select(File.ReadAllBytes).ToList();
    int seed = args.Length > 4 ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 1;
    var result = MutationLoop.Run(target, seeds, seed, int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture),
        TimeSpan.FromSeconds(double.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture)));
    Console.WriteLine($"{target.Name}: {result.Executions} executions in {result.Elapsed.TotalSeconds:F1} s " +
        $"({result.Executions / Math.Max(result.Elapsed.TotalSeconds, 0.001):F0}/s), slowest {result.SlowestExecution.TotalMilliseconds:F0} ms");
    if (result.Failure is null) return 0;
    Console.WriteLine($"FINDING: {result.Failure}\ninput: {Convert.ToHexString(result.FailingInput!)}");
    return 1;
}

int failures = 0;
foreach (var file in args.Skip(1))
{
    try
    {
        target.Run(File.ReadAllBytes(file));
        Console.WriteLine($"ok     {file}");
    }
#pragma warning disable CA1031 // reproducing a finding means reporting whatever escaped
    catch (Exception ex)
#pragma warning restore CA1031
    {
        failures++;
        Console.WriteLine($"FINDING {file}: {ex}");
    }
}
return failures == 0 ? 0 : 1;
