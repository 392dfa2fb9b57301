using TenantDb.ProcSandbox.Errors;
using TenantDb.ProcSandbox.Module;
using TenantDb.ProcSandbox.Runtime;
using TenantDb.ProcSandbox.Runtime.Native;

namespace TenantDb.ProcSandbox.Tests.Runtime;

/// <summary>The process-wide signature table holds a signature only while a compiled module uses it.</summary>
public class SignatureTableTests
{
    /// <summary>A module with signatures no other test uses: <paramref name="count"/> functions of 40 + i i64 parameters.</summary>
    private static string ManySignatures(int salt, int count, string result = "f64")
    {
        var text = new System.Text.StringBuilder("(module");
        for (int i = 0; i < count; i++)
        {
            text.Append(" (type (func (param");
            for (int p = 0; p < 40 + i; p++) text.Append(" i64");
            text.Append($" f32) (result {result})))");
        }
        text.Append($" (func (export \"salt\") (result i32) (i32.const {salt})))");
        return text.ToString();
    }

    private static FuncType Signature(int i, ValType result = ValType.F64)
    {
        var parameters = new ValType[40 + i + 1];
        Array.Fill(parameters, ValType.I64);
        parameters[^1] = ValType.F32;
        return new FuncType(parameters, [result]);
    }

    [Fact]
    public void Disposing_a_module_drops_the_signatures_only_it_used()
    {
        var first = Wasm.Compile(ManySignatures(1, 20));
        var second = Wasm.Compile(ManySignatures(2, 20));
        int id = FuncTypeIds.Of(Signature(7));
        first.Dispose();
        Assert.Equal(id, FuncTypeIds.Of(Signature(7))); // still held by the second module
        second.Dispose();
        Assert.False(Holds(Signature(7)));
        using var instance = Instance.Instantiate(Wasm.Compile("(module (func (export \"f\") (result i32) (i32.const 3)))"), null);
        Assert.Equal(3, instance.Call("f").AsI32);
    }

    [Fact]
    public void Uploading_many_distinct_signatures_repeatedly_does_not_grow_the_table()
    {
        // Warm up, then many compile/dispose rounds of modules whose signatures nobody else holds.
        Wasm.Compile(ManySignatures(0, 50)).Dispose();
        for (int round = 0; round < 20; round++)
        {
            var module = Wasm.Compile(ManySignatures(round, 50));
            Assert.True(Holds(Signature(49)));
            module.Dispose();
            Assert.False(Holds(Signature(49)));
        }
    }

    [Fact]
    public void Collected_modules_give_their_signatures_back()
    {
        CompileAndDrop();
        for (int i = 0; i < 5 && Holds(Signature(61, ValType.I32)); i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        Assert.False(Holds(Signature(61, ValType.I32)));

        static void CompileAndDrop() => Wasm.Compile(ManySignatures(3, 62, "i32"));
    }

    [Fact]
    public void Past_the_cap_acquiring_fails_cleanly_and_holds_nothing()
    {
        var table = new SignatureTable(maxSignatures: 4, maxValueTypes: 100);
        using var kept = table.Acquire([Signature(0), Signature(1)]); // 83 value types
        var error = Assert.Throws<WasmLimitException>(() => table.Acquire([Signature(2)]));
        Assert.Equal(100, error.Maximum);
        Assert.False(table.IsHeld(Signature(2)));
        var small = new FuncType([ValType.I32], []);
        using (table.Acquire([small, small])) Assert.True(table.IsHeld(small));
        Assert.False(table.IsHeld(small));
        Assert.Throws<WasmLimitException>(() => table.Acquire([small, new FuncType([], []), new FuncType([ValType.F32], []), new FuncType([ValType.F64], [])]));
        Assert.False(table.IsHeld(small));
        kept.Dispose();
        using var later = table.Acquire([Signature(2)]);
        Assert.True(table.IsHeld(Signature(2)));
    }

    [Fact]
    public void Ids_are_reused_only_after_release_and_equal_signatures_share_one()
    {
        var table = new SignatureTable(maxSignatures: 100, maxValueTypes: 10_000);
        var lease = table.Acquire([Signature(0)]);
        int id = table.Of(Signature(0));
        using var other = table.Acquire([Signature(1), Signature(0)]);
        Assert.Equal(id, table.Of(new FuncType([.. Signature(0).Parameters], [ValType.F64])));
        Assert.NotEqual(id, table.Of(Signature(1)));
        lease.Dispose();
        Assert.Equal(id, table.Of(Signature(0))); // the other lease still holds it
    }

    private static bool Holds(FuncType type) => FuncTypeIds.Shared.IsHeld(type);
}
