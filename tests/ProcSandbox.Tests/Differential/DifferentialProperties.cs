using FsCheck;
using FsCheck.Xunit;

namespace TenantDb.ProcSandbox.Tests.Differential;

/// <summary>
/// The differential property: random valid modules give the same value (bit-equal, any NaN equal
/// to any NaN) or the same trap kind in TenantDb as in Wasmtime.
/// </summary>
public class DifferentialProperties
{
    [Property(MaxTest = 400)]
    public void Random_modules_behave_as_in_wasmtime(NonNegativeInt seed)
    {
        var generator = new RandomModuleGenerator(seed.Get);
        string wat = generator.Generate();
        var (a, b, c) = generator.Arguments();
        var expected = WasmtimeReference.Run(wat, generator.RunResultType, a, b, c);
        var actual = TenantDbRunner.Run(wat, generator.RunResultType, a, b, c);
        Assert.True(expected.SameAs(actual), $"seed {seed.Get}: wasmtime {expected}, tenantdb {actual}, args ({a}, {b}, {c})\n{wat}");
    }

    [Fact]
    public void First_600_seeds_behave_as_in_wasmtime()
    {
        var failures = new List<string>();
        for (int seed = 0; seed < 600 && failures.Count < 5; seed++)
        {
            var generator = new RandomModuleGenerator(seed, functionCount: 1 + seed % 6);
            string wat = generator.Generate();
            var (a, b, c) = generator.Arguments();
            var expected = WasmtimeReference.Run(wat, generator.RunResultType, a, b, c);
            var actual = TenantDbRunner.Run(wat, generator.RunResultType, a, b, c);
            if (!expected.SameAs(actual)) failures.Add($"seed {seed}: wasmtime {expected}, tenantdb {actual}, args ({a}, {b}, {c})\n{wat}");
        }
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }
}
