using TenantDb.ProcSandbox.Binary;
using TenantDb.ProcSandbox.Errors;
using TenantDb.ProcSandbox.Module;

namespace TenantDb.ProcSandbox.Tests.Frontend;

public class DecoderTests
{
    private static readonly byte[] Header = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00];

    private static byte[] Module(params byte[][] sections) => [.. Header, .. sections.SelectMany(s => s)];

    private static string Malformed(byte[] bytes) => Assert.Throws<WasmMalformedException>(() => WasmDecoder.Decode(bytes)).Reason;

    [Fact]
    public void Decodes_the_add_module()
    {
        var module = WasmDecoder.Decode(ValidModules.Add);
        var type = Assert.Single(module.Types);
        Assert.Equal([ValType.I32, ValType.I32], type.Parameters);
        Assert.Equal([ValType.I32], type.Results);
        Assert.Equal([0u], module.Functions);
        var export = Assert.Single(module.Exports);
        Assert.Equal(new Export("add", ExternalKind.Function, 0), export);
        var body = Assert.Single(module.Bodies);
        Assert.Empty(body.Locals);
        Assert.Equal(new byte[] { 0x20, 0x00, 0x20, 0x01, 0x6A, 0x0B }, body.Code.ToArray());
    }

    [SkippableFact]
    public void Decodes_the_bench_kernels()
    {
        TenantDb.TestKit.ExternalTool.Wat2Wasm.Require();
        Assert.NotEmpty(ValidModules.Kernels);
        foreach (var (name, bytes) in ValidModules.Kernels)
        {
            var module = WasmDecoder.Decode(bytes);
            Assert.True(module.Bodies.Count > 0, name);
        }
    }

    [Theory]
    [InlineData(new byte[] { }, "unexpected end")]
    [InlineData(new byte[] { 0x00, 0x61, 0x73 }, "unexpected end")]
    [InlineData(new byte[] { 0x61, 0x73, 0x6D, 0x00 }, "magic header not detected")]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x01 }, "unexpected end")]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00 }, "unknown binary version")]
    public void Rejects_bad_headers(byte[] bytes, string reason) => Assert.Equal(reason, Malformed(bytes));

    [Fact]
    public void Rejects_unknown_section_id() => Assert.Equal("invalid section id", Malformed(Module([0x0D, 0x00])));

    [Fact]
    public void Rejects_sections_out_of_order() =>
        Assert.Equal("junk after last section", Malformed(Module([0x03, 0x01, 0x00], [0x01, 0x01, 0x00])));

    [Fact]
    public void Rejects_duplicate_sections() =>
        Assert.Equal("junk after last section", Malformed(Module([0x01, 0x01, 0x00], [0x01, 0x01, 0x00])));

    [Fact]
    public void Rejects_section_size_mismatch() =>
        Assert.Equal("section size mismatch", Malformed(Module([0x01, 0x02, 0x00, 0x00])));

    [Fact]
    public void Rejects_section_larger_than_module() =>
        Assert.Equal("length out of bounds", Malformed(Module([0x01, 0x05, 0x00])));

    [Fact]
    public void Rejects_giant_counts_without_allocating() =>
        Assert.Equal("length out of bounds", Malformed(Module([0x01, 0x05, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F])));

    [Fact]
    public void Rejects_function_without_code() =>
        Assert.Equal("function and code section have inconsistent lengths",
            Malformed(Module([0x01, 0x04, 0x01, 0x60, 0x00, 0x00], [0x03, 0x02, 0x01, 0x00])));

    [Fact]
    public void Keeps_custom_sections_anywhere()
    {
        var module = WasmDecoder.Decode(Module([0x00, 0x03, 0x01, 0x61, 0x42], [0x01, 0x01, 0x00], [0x00, 0x02, 0x01, 0x62]));
        Assert.Equal(2, module.CustomSections.Count);
        Assert.Equal("a", module.CustomSections[0].Name);
        Assert.Equal(new byte[] { 0x42 }, module.CustomSections[0].Content.ToArray());
        Assert.Equal("b", module.CustomSections[1].Name);
    }

    [Fact]
    public void Rejects_invalid_utf8_names() =>
        Assert.Equal("invalid UTF-8 encoding", Malformed(Module([0x00, 0x02, 0x01, 0xFF])));

    [Fact]
    public void Rejects_unknown_opcode_in_body() =>
        Assert.Equal("unknown operator", Malformed(Module(
            [0x01, 0x04, 0x01, 0x60, 0x00, 0x00], [0x03, 0x02, 0x01, 0x00], [0x0A, 0x05, 0x01, 0x03, 0x00, 0xFF, 0x0B])));

    [Fact]
    public void Rejects_body_without_final_end() =>
        Assert.Throws<WasmMalformedException>(() => WasmDecoder.Decode(Module(
            [0x01, 0x04, 0x01, 0x60, 0x00, 0x00], [0x03, 0x02, 0x01, 0x00], [0x0A, 0x05, 0x01, 0x03, 0x00, 0x02, 0x40])));

    [Fact]
    public void Rejects_too_many_locals() =>
        Assert.Equal("too many locals", Malformed(Module(
            [0x01, 0x04, 0x01, 0x60, 0x00, 0x00], [0x03, 0x02, 0x01, 0x00],
            [0x0A, 0x0C, 0x01, 0x0A, 0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x7F, 0x02, 0x7E, 0x0B])));

    [Fact]
    public void Data_count_must_match_data_section() =>
        Assert.Equal("data count and data section have inconsistent lengths", Malformed(Module([0x0C, 0x01, 0x01])));

    [Fact]
    public void Const_expressions_that_are_not_constant_decode_for_the_validator_to_reject()
    {
        // (global i32 (i32.add (i32.const 1) (i32.const 2)))
        var module = WasmDecoder.Decode(Module([0x06, 0x09, 0x01, 0x7F, 0x00, 0x41, 0x01, 0x41, 0x02, 0x6A, 0x0B]));
        Assert.Equal(ConstExprKind.NotConstant, module.Globals[0].Init.Kind);
    }
}
