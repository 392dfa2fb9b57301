using TenantDb.ProcSandbox.Runtime;

namespace TenantDb.ProcSandbox.Tests.Runtime;

/// <summary>Linear memories go back to the pool exactly when no instance uses them any more.</summary>
public class MemoryOwnershipTests
{
    // A reservation size no other test uses, so the pool bag is this test class's alone.
    private const string Exporter = """
        (module
          (memory (export "mem") 1 1013)
          (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
          (func (export "load") (param i32) (result i32) (i32.load (local.get 0))))
        """;

    private const string Importer = """
        (module
          (import "exporter" "mem" (memory 1 1013))
          (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
          (func (export "load") (param i32) (result i32) (i32.load (local.get 0))))
        """;

    [Fact]
    public void An_imported_memory_is_not_pooled_while_its_importer_lives()
    {
        var exporterCode = Wasm.Compile(Exporter);
        var exporter = Instance.Instantiate(exporterCode, null);
        // Taken through the public accessor, as a host embedding the runtime would.
        var linker = new Linker().DefineMemory("exporter", "mem", exporter.GetExportedMemory("mem")!);
        using var importer = Instance.Instantiate(Wasm.Compile(Importer), linker);
        importer.Invoke("store", WasmValue.I32(64), WasmValue.I32(0x1234));
        exporter.Dispose();

        // A new instance with the same reservation must not get the memory the importer still uses.
        using var other = Instance.Instantiate(exporterCode, null);
        other.Invoke("store", WasmValue.I32(64), WasmValue.I32(0x5EC7E7));
        Assert.NotSame(importer.LinearMemory, other.LinearMemory);
        Assert.Equal(0x1234, importer.Call("load", WasmValue.I32(64)).AsI32);
        Assert.Equal(0, importer.Call("load", WasmValue.I32(128)).AsI32);
        Assert.Equal(0x5EC7E7, other.Call("load", WasmValue.I32(64)).AsI32);
    }

    [Fact]
    public void A_memory_returns_to_the_pool_when_its_last_user_is_disposed()
    {
        var exporter = Instance.Instantiate(Wasm.Compile(Exporter), null);
        var memory = exporter.LinearMemory!;
        nint mapping = memory.Base;
        var importer = Instance.Instantiate(Wasm.Compile(Importer), new Linker().DefineInstance("exporter", exporter));
        importer.Invoke("store", WasmValue.I32(64), WasmValue.I32(0x1234));
        exporter.Dispose();
        Assert.True(memory.InUse);
        Assert.Equal(0x1234, importer.Call("load", WasmValue.I32(64)).AsI32);
        importer.Dispose();
        Assert.False(memory.InUse);
        Assert.Throws<ObjectDisposedException>(() => memory.Span.Length);

        using var next = Instance.Instantiate(Wasm.Compile(Exporter), null);
        Assert.Equal(mapping, next.LinearMemory!.Base);
        Assert.Equal(0, next.Call("load", WasmValue.I32(64)).AsI32);
    }

    // A funcref table with an element segment once made the instance keep its memory until a finalizer ran.
    private const string WithTable = """
        (module
          (memory 1024 1027)
          (table 2 funcref)
          (elem (i32.const 0) $f $f)
          (type $v (func (result i32)))
          (func $f (result i32) (i32.const 5))
          (func (export "run") (result i32) (local $seen i32)
            (local.set $seen (i32.load (i32.const 65536000)))
            (i32.store (i32.const 65536000) (i32.const 1))
            (i32.add (call_indirect (type $v) (i32.const 1)) (local.get $seen))))
        """;

    [Fact]
    public void An_instance_with_a_table_and_elements_returns_its_memory_on_dispose()
    {
        var compiled = Wasm.Compile(WithTable);
        nint first = 0;
        for (int i = 0; i < 32; i++)
        {
            var instance = Instance.Instantiate(compiled, null);
            var memory = instance.LinearMemory!;
            Assert.Equal(5, instance.Call("run").AsI32); // 5 + what a previous user left (nothing)
            if (first == 0) first = memory.Base;
            // The same mapping every time: each dispose gave it back to the pool at once (zeroed).
            Assert.Equal(first, memory.Base);
            instance.Dispose();
            Assert.False(memory.InUse);
        }
    }
}
