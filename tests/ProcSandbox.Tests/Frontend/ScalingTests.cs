using TenantDb.ProcSandbox.Binary;
using TenantDb.ProcSandbox.Errors;
using TenantDb.ProcSandbox.Module;
using Xunit.Abstractions;

namespace TenantDb.ProcSandbox.Tests.Frontend;

/// <summary>
/// Shapes that would make a naive validator quadratic (index lookups through the import list) or
/// amplify input (expanding declared locals); each must stay linear in the module size. The bound
/// checked is the memory the decoder and validator allocate per byte of module, which does not
/// depend on how busy the machine is.
/// </summary>
public class ScalingTests(ITestOutputHelper output)
{
    /// <summary>Generous for objects per import, function and body; far below what expanding locals or copying lists per lookup would take.</summary>
    private const int BudgetPerModuleByte = 64;

    private WasmModule DecodeAndValidateWithinBudget(byte[] bytes)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var module = Wasm.Module(bytes);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine($"{bytes.Length:N0} bytes of module, {allocated:N0} bytes allocated");
        Assert.True(allocated < (long)bytes.Length * BudgetPerModuleByte, $"{allocated:N0} bytes allocated for a module of {bytes.Length:N0} bytes");
        return module;
    }

    [Fact]
    public void Many_imports_and_exports_validate_in_linear_time()
    {
        const int n = 30_000;
        var types = new List<byte> { 0x01, 0x60, 0x00, 0x00 };
        var imports = new List<byte>();
        ModuleBuilder.AppendU32(imports, n);
        for (int i = 0; i < n; i++)
        {
            ModuleBuilder.AppendName(imports, "m");
            ModuleBuilder.AppendName(imports, "f" + i);
            imports.Add(0x00);
            imports.Add(0x00);
        }
        var exports = new List<byte>();
        ModuleBuilder.AppendU32(exports, n);
        for (int i = 0; i < n; i++)
        {
            ModuleBuilder.AppendName(exports, "e" + i);
            exports.Add(0x00);
            ModuleBuilder.AppendU32(exports, (uint)(n - 1 - i));
        }
        byte[] bytes = new ModuleBuilder().Section(1, types).Section(2, imports).Section(7, exports).ToArray();
        var module = DecodeAndValidateWithinBudget(bytes);
        Assert.Equal(n, module.FunctionSignatures.Count);
        // Once validated, index-space lookups are O(1): a compiler may ask per function.
        for (uint i = 0; i < n; i++) Assert.Same(module.Types[0], module.GetFunctionType(i));
        Assert.Equal(n, module.ImportedFunctionCount);
    }

    [Fact]
    public void Many_functions_with_the_most_locals_validate_without_expanding_them()
    {
        const int functions = 20_000;
        var types = new List<byte> { 0x01, 0x60, 0x00, 0x00 };
        var funcs = new List<byte>();
        ModuleBuilder.AppendU32(funcs, functions);
        for (int i = 0; i < functions; i++) funcs.Add(0x00);
        var code = new List<byte>();
        ModuleBuilder.AppendU32(code, functions);
        var body = new List<byte> { 0x01 };
        ModuleBuilder.AppendU32(body, ImplementationLimits.MaxFunctionLocals);
        body.AddRange([0x7F, 0x20, 0x00, 0x1A, 0x0B]); // local.get 0; drop; end
        for (int i = 0; i < functions; i++)
        {
            ModuleBuilder.AppendU32(code, (uint)body.Count);
            code.AddRange(body);
        }
        byte[] bytes = new ModuleBuilder().Section(1, types).Section(3, funcs).Section(10, code).ToArray();
        var module = DecodeAndValidateWithinBudget(bytes);
        Assert.Equal(ImplementationLimits.MaxFunctionLocals, module.Bodies[0].LocalCount);
    }

    [Fact]
    public void Locals_beyond_the_limit_are_rejected()
    {
        var types = new List<byte> { 0x01, 0x60, 0x00, 0x00 };
        var funcs = new List<byte> { 0x01, 0x00 };
        var body = new List<byte> { 0x02 };
        ModuleBuilder.AppendU32(body, ImplementationLimits.MaxFunctionLocals);
        body.Add(0x7F);
        body.AddRange([0x01, 0x7E, 0x0B]);
        var code = new List<byte> { 0x01 };
        ModuleBuilder.AppendU32(code, (uint)body.Count);
        code.AddRange(body);
        byte[] bytes = new ModuleBuilder().Section(1, types).Section(3, funcs).Section(10, code).ToArray();
        var error = Assert.Throws<WasmLimitException>(() => WasmDecoder.Decode(bytes));
        Assert.Equal(ImplementationLimits.MaxFunctionLocals, error.Maximum);
        Assert.Equal(ImplementationLimits.MaxFunctionLocals + 1L, error.Actual);
    }
}
