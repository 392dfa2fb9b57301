namespace TenantDb.ProcSandbox.Tests.Frontend;

public class ValidatorTests
{
    [Fact]
    public void Valid_modules_validate_and_record_stack_depths()
    {
        foreach (var (name, bytes) in ValidModules.All)
        {
            var module = WasmDecoder.Decode(bytes);
            WasmValidator.Validate(module);
            Assert.True(module.IsValidated, name);
            foreach (var body in module.Bodies) Assert.True(body.MaxControlDepth >= 1, name);
        }
    }

    [Fact]
    public void Add_needs_two_operand_slots()
    {
        var module = WasmDecoder.Decode(ValidModules.Add);
        WasmValidator.Validate(module);
        Assert.Equal(2, module.Bodies[0].MaxOperandStackDepth);
        Assert.Equal(1, module.Bodies[0].MaxControlDepth);
    }
}
