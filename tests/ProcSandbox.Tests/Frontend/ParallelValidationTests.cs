using System.Text;
using TenantDb.ProcSandbox.Binary;
using TenantDb.ProcSandbox.Concurrency;
using TenantDb.ProcSandbox.Errors;
using TenantDb.ProcSandbox.Text;
using TenantDb.ProcSandbox.Validation;

namespace TenantDb.ProcSandbox.Tests.Frontend;

/// <summary>
/// Bodies are validated in chunks on several threads; the error reported is still the first invalid
/// body's, whichever chunk finishes first.
/// </summary>
public sealed class ParallelValidationTests
{
    /// <summary>200 functions of about 1 KB each (several chunks); the listed ones return an i64 where an i32 is due.</summary>
    private static byte[] Module(params int[] invalid)
    {
        var text = new StringBuilder("(module\n");
        for (int f = 0; f < 200; f++)
        {
            text.Append("(func (result i32)");
            for (int i = 0; i < 300; i++) text.Append(" (drop (i32.const 1))");
            text.Append(invalid.Contains(f) ? " (i64.const 0))\n" : " (i32.const 0))\n");
        }
        return WatParser.ParseModuleBinary(text.Append(')').ToString());
    }

    [Fact]
    public void The_module_spans_several_chunks()
    {
        var module = WasmDecoder.Decode(Module());
        Assert.True(BodyChunks.Partition(module.Bodies, WasmValidator.ChunkWasmBytes).Length > 4);
        WasmValidator.Validate(module);
    }

    [Fact]
    public void The_first_invalid_body_is_reported()
    {
        string first = Assert.Throws<WasmInvalidException>(() => WasmValidator.Validate(WasmDecoder.Decode(Module(20)))).Message;
        string later = Assert.Throws<WasmInvalidException>(() => WasmValidator.Validate(WasmDecoder.Decode(Module(180)))).Message;
        Assert.NotEqual(first, later);
        for (int run = 0; run < 20; run++)
        {
            var error = Assert.Throws<WasmInvalidException>(() => WasmValidator.Validate(WasmDecoder.Decode(Module(20, 180, 199))));
            Assert.Equal(first, error.Message);
        }
    }
}
