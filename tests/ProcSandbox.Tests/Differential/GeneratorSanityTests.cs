namespace TenantDb.ProcSandbox.Tests.Differential;

public class GeneratorSanityTests
{
    [Fact]
    public void Generated_modules_are_accepted_by_the_reference_runtime_and_cover_traps_and_values()
    {
        int values = 0, traps = 0;
        for (int seed = 0; seed < 200; seed++)
        {
            var generator = new RandomModuleGenerator(seed);
            string wat = generator.Generate();
            var (a, b, c) = generator.Arguments();
            var outcome = WasmtimeReference.Run(wat, generator.RunResultType, a, b, c);
            if (outcome.Trap == OutcomeTrap.None) values++; else traps++;
            Assert.NotEqual(OutcomeTrap.Other, outcome.Trap);
        }
        // The generator must exercise both paths, or the differential property proves little.
        Assert.True(values > 50, $"only {values} value results");
        Assert.True(traps > 5, $"only {traps} traps");
    }
}
