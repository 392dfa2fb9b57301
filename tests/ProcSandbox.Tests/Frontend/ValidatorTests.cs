namespace TenantDb.ProcSandbox.Tests.Frontend;

public class ValidatorTests
{
    [Fact]
    public void Valid_modules_validate_and_record_stack_depths()
    {
        foreach (var (name, bytes) in ValidModules.All)
        {
            var module = Wasm.Module(bytes);
            Assert.True(module.IsValidated, name);
            foreach (var body in module.Bodies) Assert.True(body.MaxControlDepth >= 1, name);
        }
    }

    [SkippableFact]
    public void Clang_compiled_examples_validate()
    {
        TenantDb.TestKit.ExternalTool.Clang14Wasm32.Require();
        Assert.NotEmpty(ValidModules.Examples);
        foreach (var (name, bytes) in ValidModules.Examples)
        {
            var module = Wasm.Module(bytes);
            Assert.True(module.Bodies.Count > 0, name);
        }
    }

    [Fact]
    public void Add_needs_two_operand_slots()
    {
        var module = Wasm.Module(ValidModules.Add);
        Assert.Equal(2, module.Bodies[0].MaxOperandStackDepth);
        Assert.Equal(1, module.Bodies[0].MaxControlDepth);
    }
}
