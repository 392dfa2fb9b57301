using TenantDb.ProcSandbox.Binary;
using TenantDb.ProcSandbox.Errors;
using TenantDb.ProcSandbox.Module;
using TenantDb.ProcSandbox.Validation;

namespace TenantDb.ProcSandbox.Tests.Frontend;

/// <summary>Each section decoded from hand-written bytes into the model.</summary>
public class SectionTests
{
    private static WasmModule Decode(params (byte Id, byte[] Content)[] sections)
    {
        var builder = new ModuleBuilder();
        foreach (var (id, content) in sections) builder.Section(id, [.. content]);
        return WasmDecoder.Decode(builder.ToArray());
    }

    private static string Malformed(params (byte Id, byte[] Content)[] sections)
    {
        var builder = new ModuleBuilder();
        foreach (var (id, content) in sections) builder.Section(id, [.. content]);
        return Assert.Throws<WasmMalformedException>(() => WasmDecoder.Decode(builder.ToArray())).Reason;
    }

    private static readonly (byte, byte[]) VoidType = (1, [0x01, 0x60, 0x00, 0x00]);

    [Fact]
    public void Type_section()
    {
        var module = Decode((1, [0x02, 0x60, 0x01, 0x7C, 0x00, 0x60, 0x00, 0x01, 0x7E]));
        Assert.Equal(new FuncType([ValType.F64], []), module.Types[0]);
        Assert.Equal(new FuncType([], [ValType.I64]), module.Types[1]);
        Assert.Equal("malformed function type", Malformed((1, [0x01, 0x61, 0x00, 0x00])));
        Assert.Equal("invalid value type", Malformed((1, [0x01, 0x60, 0x01, 0x70, 0x00])));
    }

    [Fact]
    public void Import_section_all_kinds()
    {
        var module = Decode(VoidType, (2,
        [
            0x04,
            0x01, (byte)'m', 0x01, (byte)'f', 0x00, 0x00,
            0x01, (byte)'m', 0x01, (byte)'t', 0x01, 0x70, 0x01, 0x01, 0x02,
            0x01, (byte)'m', 0x01, (byte)'M', 0x02, 0x00, 0x03,
            0x01, (byte)'m', 0x01, (byte)'g', 0x03, 0x7D, 0x01,
        ]));
        Assert.Equal(new Import("m", "f", ExternalKind.Function) { FunctionTypeIndex = 0 }, module.Imports[0]);
        Assert.Equal(new TableType(ValType.FuncRef, new Limits(1, 2)), module.Imports[1].Table);
        Assert.Equal(new MemoryType(new Limits(3, null)), module.Imports[2].Memory);
        Assert.Equal(new GlobalType(ValType.F32, true), module.Imports[3].Global);
        Assert.Equal((1, 1, 1, 1), (module.ImportedFunctionCount, module.ImportedTableCount, module.ImportedMemoryCount, module.ImportedGlobalCount));
        Assert.Equal("malformed import kind", Malformed((2, [0x01, 0x01, (byte)'m', 0x01, (byte)'f', 0x04, 0x00])));
        Assert.Equal("invalid mutability", Malformed((2, [0x01, 0x01, (byte)'m', 0x01, (byte)'g', 0x03, 0x7F, 0x02])));
    }

    [Fact]
    public void Table_memory_global_export_start_sections()
    {
        var module = Decode(
            VoidType,
            (3, [0x01, 0x00]),
            (4, [0x01, 0x70, 0x00, 0x05]),
            (5, [0x01, 0x01, 0x01, 0x02]),
            (6, [0x01, 0x7E, 0x00, 0x42, 0x7F, 0x0B]),
            (7, [0x02, 0x01, (byte)'f', 0x00, 0x00, 0x01, (byte)'g', 0x03, 0x00]),
            (8, [0x00]),
            (10, [0x01, 0x02, 0x00, 0x0B]));
        Assert.Equal(new TableType(ValType.FuncRef, new Limits(5, null)), module.Tables[0]);
        Assert.Equal(new MemoryType(new Limits(1, 2)), module.Memories[0]);
        Assert.Equal(new Global(new GlobalType(ValType.I64, false), new ConstExpr(ConstExprKind.I64Const, ulong.MaxValue)), module.Globals[0]);
        Assert.Equal(new Export("g", ExternalKind.Global, 0), module.Exports[1]);
        Assert.Equal(0u, module.Start);
        WasmValidator.Validate(module);
        Assert.Equal("malformed element type", Malformed((4, [0x01, 0x6F, 0x00, 0x01])));
        Assert.Equal("integer too large", Malformed((5, [0x01, 0x02, 0x01])));
        Assert.Equal("malformed export kind", Malformed((7, [0x01, 0x01, (byte)'x', 0x04, 0x00])));
    }

    [Fact]
    public void Element_and_data_sections()
    {
        var module = Decode(
            VoidType,
            (3, [0x01, 0x00]),
            (4, [0x01, 0x70, 0x00, 0x02]),
            (5, [0x01, 0x00, 0x01]),
            (9, [0x01, 0x00, 0x41, 0x01, 0x0B, 0x01, 0x00]),
            (12, [0x01]),
            (10, [0x01, 0x02, 0x00, 0x0B]),
            (11, [0x01, 0x00, 0x41, 0x10, 0x0B, 0x03, 0x61, 0x62, 0x63]));
        var element = module.Elements[0];
        Assert.Equal((0u, new ConstExpr(ConstExprKind.I32Const, 1)), (element.TableIndex, element.Offset));
        Assert.Equal([0u], element.FunctionIndices);
        var data = module.Data[0];
        Assert.Equal(new ConstExpr(ConstExprKind.I32Const, 16), data.Offset);
        Assert.Equal("abc"u8.ToArray(), data.Bytes.ToArray());
        Assert.Equal(1u, module.DataCount);
        WasmValidator.Validate(module);
    }

    [Fact]
    public void Code_section_locals_and_body()
    {
        var module = Decode(VoidType, (3, [0x01, 0x00]), (10, [0x01, 0x07, 0x02, 0x02, 0x7F, 0x01, 0x7C, 0x01, 0x0B]));
        var body = module.Bodies[0];
        Assert.Equal([new LocalRun(2, ValType.I32), new LocalRun(1, ValType.F64)], body.Locals);
        Assert.Equal(3, body.LocalCount);
        Assert.Equal(new byte[] { 0x01, 0x0B }, body.Code.ToArray());
        Assert.Equal(0x01, module.ToBytesForTest()[body.CodeOffset]);
    }

    [Fact]
    public void Code_section_structure_errors()
    {
        (byte, byte[]) Body(params byte[] code) => (10, [0x01, (byte)(code.Length + 1), 0x00, .. code]);
        Assert.Equal("else without matching if", Malformed(VoidType, (3, [0x01, 0x00]), Body(0x05, 0x0B)));
        Assert.Equal("else without matching if", Malformed(VoidType, (3, [0x01, 0x00]), Body(0x41, 0x00, 0x04, 0x40, 0x05, 0x05, 0x0B, 0x0B)));
        Assert.Equal("section size mismatch", Malformed(VoidType, (3, [0x01, 0x00]), Body(0x0B, 0x0B)));
        Assert.Equal("unexpected end of section or function", Malformed(VoidType, (3, [0x01, 0x00]), Body(0x02, 0x40, 0x0B)));
    }

    [Fact]
    public void Const_expression_shapes()
    {
        Assert.Equal(ConstExprKind.NotSingleValue, Decode((6, [0x01, 0x7F, 0x00, 0x0B])).Globals[0].Init.Kind);
        Assert.Equal(ConstExprKind.NotSingleValue, Decode((6, [0x01, 0x7F, 0x00, 0x41, 0x00, 0x41, 0x00, 0x0B])).Globals[0].Init.Kind);
        Assert.Equal(ConstExprKind.NotConstant, Decode((6, [0x01, 0x7F, 0x00, 0x01, 0x41, 0x00, 0x0B])).Globals[0].Init.Kind);
        Assert.Equal(new ConstExpr(ConstExprKind.GlobalGet, 3), Decode((6, [0x01, 0x7F, 0x00, 0x23, 0x03, 0x0B])).Globals[0].Init);
        Assert.Equal(new ConstExpr(ConstExprKind.F64Const, 0x7FF8_0000_0000_0001), Decode((6, [0x01, 0x7C, 0x00, 0x44, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF8, 0x7F, 0x0B])).Globals[0].Init);
    }
}

internal static class ModuleTestExtensions
{
    /// <summary>The module binary the bodies are slices of (all bodies share one backing array).</summary>
    public static byte[] ToBytesForTest(this WasmModule module)
    {
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(module.Bodies[0].Code, out var segment);
        return segment.Array!;
    }
}
