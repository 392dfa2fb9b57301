using TenantDb.ProcSandbox.Module;
using TenantDb.ProcSandbox.Runtime;

namespace TenantDb.ProcSandbox.Tests.Runtime;

public class WasmValueTests
{
    [Fact]
    public void Factories_keep_type_and_exact_bits()
    {
        Assert.Equal(-5, WasmValue.I32(-5).AsI32);
        Assert.Equal(0xFFFF_FFFBUL, WasmValue.I32(-5).Bits);
        Assert.Equal(long.MinValue, WasmValue.I64(long.MinValue).AsI64);
        Assert.Equal(0x7FC0_0001u, (uint)WasmValue.F32Bits(0x7FC0_0001).Bits);
        Assert.Equal(-0.0, WasmValue.F64(-0.0).AsF64);
        Assert.True(double.IsNegative(WasmValue.F64(-0.0).AsF64));
        Assert.Equal(ValType.F32, WasmValue.F32(1.5f).Type);
    }

    [Fact]
    public void FromBits_truncates_32_bit_types()
    {
        Assert.Equal(0xFFFF_FFFFUL, WasmValue.FromBits(ValType.I32, ulong.MaxValue).Bits);
        Assert.Equal(ulong.MaxValue, WasmValue.FromBits(ValType.I64, ulong.MaxValue).Bits);
    }

    [Fact]
    public void Memory_grows_within_its_limits_and_reads_back_zero()
    {
        using var memory = new WasmMemory(1, 3);
        Assert.Equal(65536, memory.Span.Length);
        memory.Span[65535] = 7;
        Assert.Equal(1, memory.Grow(1));
        Assert.Equal(0, memory.Span[65536]);
        Assert.Equal(-1, memory.Grow(2));
        Assert.Equal(2, memory.Grow(1));
        Assert.Equal(3u, memory.Pages);
    }
}
