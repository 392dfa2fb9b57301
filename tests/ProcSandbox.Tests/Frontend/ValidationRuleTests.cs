using TenantDb.ProcSandbox.Binary;
using TenantDb.ProcSandbox.Errors;
using TenantDb.ProcSandbox.Module;
using TenantDb.ProcSandbox.Validation;

namespace TenantDb.ProcSandbox.Tests.Frontend;

/// <summary>One hand-built module per validation rule, checking the message.</summary>
public class ValidationRuleTests
{
    private static readonly (byte, byte[]) VoidType = (1, [0x01, 0x60, 0x00, 0x00]);
    private static readonly (byte, byte[]) OneFunction = (3, [0x01, 0x00]);

    private static (byte, byte[]) Body(params byte[] code) => (10, [0x01, (byte)(code.Length + 1), 0x00, .. code]);

    private static string Invalid(params (byte Id, byte[] Content)[] sections)
    {
        var builder = new ModuleBuilder();
        foreach (var (id, content) in sections) builder.Section(id, [.. content]);
        var module = WasmDecoder.Decode(builder.ToArray());
        return Assert.Throws<WasmInvalidException>(() => WasmValidator.Validate(module)).Reason;
    }

    [Fact]
    public void Type_mismatch_and_stack_underflow()
    {
        Assert.Equal("type mismatch", Invalid(VoidType, OneFunction, Body(0x41, 0x00, 0x0B)));        // leftover value
        Assert.Equal("type mismatch", Invalid(VoidType, OneFunction, Body(0x6A, 0x1A, 0x0B)));        // i32.add on empty stack
        Assert.Equal("type mismatch", Invalid(VoidType, OneFunction, Body(0x42, 0x00, 0x41, 0x00, 0x6A, 0x1A, 0x0B)));
        Assert.Equal("type mismatch", Invalid(VoidType, OneFunction, Body(0x41, 0x00, 0x04, 0x7F, 0x41, 0x00, 0x0B, 0x1A, 0x0B))); // if (result) without else
    }

    [Fact]
    public void Unreachable_code_is_polymorphic()
    {
        var builder = new ModuleBuilder().Section(1, [0x01, 0x60, 0x00, 0x01, 0x7F]).Section(3, [0x01, 0x00])
            .Section(10, [0x01, 0x05, 0x00, 0x00, 0x6A, 0x45, 0x0B]); // unreachable; i32.add; i32.eqz; end
        var module = WasmDecoder.Decode(builder.ToArray());
        WasmValidator.Validate(module);
        Assert.Equal("type mismatch", Invalid(VoidType, OneFunction, Body(0x00, 0x42, 0x00, 0x6A, 0x1A, 0x0B))); // known i64 still checked
    }

    [Fact]
    public void Index_rules()
    {
        Assert.Equal("unknown local", Invalid(VoidType, OneFunction, Body(0x20, 0x00, 0x1A, 0x0B)));
        Assert.Equal("unknown global", Invalid(VoidType, OneFunction, Body(0x23, 0x00, 0x1A, 0x0B)));
        Assert.Equal("unknown function", Invalid(VoidType, OneFunction, Body(0x10, 0x05, 0x0B)));
        Assert.Equal("unknown label", Invalid(VoidType, OneFunction, Body(0x0C, 0x01, 0x0B)));
        Assert.Equal("unknown table", Invalid(VoidType, OneFunction, Body(0x41, 0x00, 0x11, 0x00, 0x00, 0x0B)));
        Assert.Equal("unknown memory", Invalid(VoidType, OneFunction, Body(0x3F, 0x00, 0x1A, 0x0B)));
        Assert.Equal("unknown memory", Invalid(VoidType, OneFunction, Body(0x41, 0x00, 0x28, 0x02, 0x00, 0x1A, 0x0B)));
        Assert.Equal("unknown type", Invalid(VoidType, (3, [0x01, 0x01]), Body(0x0B)));
    }

    [Fact]
    public void Memory_rules()
    {
        (byte, byte[]) memory = (5, [0x01, 0x00, 0x01]);
        Assert.Equal("alignment must not be larger than natural", Invalid(VoidType, OneFunction, memory, Body(0x41, 0x00, 0x28, 0x03, 0x00, 0x1A, 0x0B)));
        Assert.Equal("alignment must not be larger than natural", Invalid(VoidType, OneFunction, memory, Body(0x41, 0x00, 0x2D, 0x01, 0x00, 0x1A, 0x0B)));
        Assert.Equal("size minimum must not be greater than maximum", Invalid((5, [0x01, 0x01, 0x02, 0x01])));
        Assert.Equal("memory size must be at most 65536 pages (4GiB)", Invalid((5, [0x01, 0x00, 0x81, 0x80, 0x04])));
        Assert.Equal("multiple memories", Invalid((5, [0x02, 0x00, 0x00, 0x00, 0x00])));
        Assert.Equal("multiple tables", Invalid((4, [0x02, 0x70, 0x00, 0x00, 0x70, 0x00, 0x00])));
    }

    [Fact]
    public void Global_rules()
    {
        (byte, byte[]) immutable = (6, [0x01, 0x7F, 0x00, 0x41, 0x00, 0x0B]);
        Assert.Equal("global is immutable", Invalid(VoidType, OneFunction, immutable, Body(0x41, 0x00, 0x24, 0x00, 0x0B)));
        Assert.Equal("constant expression required", Invalid((6, [0x01, 0x7F, 0x00, 0x41, 0x00, 0x45, 0x0B])));
        Assert.Equal("type mismatch", Invalid((6, [0x01, 0x7F, 0x00, 0x42, 0x00, 0x0B])));
        Assert.Equal("type mismatch", Invalid((6, [0x01, 0x7F, 0x00, 0x0B])));
        // global.get of a module-defined global is not allowed in 1.0 constant expressions.
        Assert.Equal("unknown global", Invalid((6, [0x02, 0x7F, 0x00, 0x41, 0x00, 0x0B, 0x7F, 0x00, 0x23, 0x00, 0x0B])));
        // ... and an imported one must be immutable.
        Assert.Equal("constant expression required", Invalid(
            (2, [0x01, 0x01, (byte)'m', 0x01, (byte)'g', 0x03, 0x7F, 0x01]), (6, [0x01, 0x7F, 0x00, 0x23, 0x00, 0x0B])));
    }

    [Fact]
    public void Export_start_and_segment_rules()
    {
        Assert.Equal("duplicate export name", Invalid(VoidType, OneFunction, (7, [0x02, 0x01, (byte)'a', 0x00, 0x00, 0x01, (byte)'a', 0x00, 0x00]), Body(0x0B)));
        Assert.Equal("unknown function", Invalid((7, [0x01, 0x01, (byte)'a', 0x00, 0x00])));
        Assert.Equal("start function", Invalid((1, [0x01, 0x60, 0x01, 0x7F, 0x00]), OneFunction, (8, [0x00]), Body(0x0B)));
        Assert.Equal("unknown function", Invalid((8, [0x00])));
        Assert.Equal("unknown table", Invalid((9, [0x01, 0x00, 0x41, 0x00, 0x0B, 0x00])));
        Assert.Equal("unknown memory", Invalid((11, [0x01, 0x00, 0x41, 0x00, 0x0B, 0x00])));
        Assert.Equal("type mismatch", Invalid((5, [0x01, 0x00, 0x01]), (11, [0x01, 0x00, 0x42, 0x00, 0x0B, 0x00])));
        Assert.Equal("invalid result arity", Invalid((1, [0x01, 0x60, 0x00, 0x02, 0x7F, 0x7F])));
    }

    [Fact]
    public void Branch_rules()
    {
        // br_table targets must agree with the default's type (WebAssembly 1.0).
        Assert.Equal("type mismatch", Invalid(VoidType, OneFunction, Body(
            0x02, 0x7F, 0x02, 0x40, 0x41, 0x00, 0x41, 0x00, 0x0E, 0x01, 0x00, 0x01, 0x0B, 0x41, 0x00, 0x0B, 0x1A, 0x0B)));
        // A loop's label carries no values: "loop (result i32) br 0 end drop" is valid.
        var builder = new ModuleBuilder().Section(1, [0x01, 0x60, 0x00, 0x00]).Section(3, [0x01, 0x00])
            .Section(10, [0x01, 0x08, 0x00, 0x03, 0x7F, 0x0C, 0x00, 0x0B, 0x1A, 0x0B]);
        WasmValidator.Validate(WasmDecoder.Decode(builder.ToArray()));
    }

    [Fact]
    public void Hand_assembled_module_without_bodies_is_rejected()
    {
        var module = new WasmModule();
        module.Types.Add(new FuncType([], []));
        module.Functions.Add(0);
        Assert.Throws<WasmInvalidException>(() => WasmValidator.Validate(module));
    }
}
