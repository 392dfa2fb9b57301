using TenantDb.ProcSandbox.Runtime;

namespace TenantDb.ProcSandbox.Tests.Runtime;

/// <summary>
/// An instance runs one call at a time: a call from a second thread while it runs (directly or
/// through an instance that imports it) is refused before it writes anything into the context.
/// </summary>
public class ConcurrentUseTests
{
    private const string Spinner = """
        (module
          (global $entered (export "entered") (mut i32) (i32.const 0))
          (func (export "spin") (global.set $entered (i32.const 1)) (loop $l (br $l)))
          (func (export "one") (result i32) (i32.const 1)))
        """;

    private const string Importer = """
        (module
          (import "s" "one" (func $one (result i32)))
          (func (export "one") (result i32) (call $one)))
        """;

    [Fact]
    public void A_second_thread_cannot_enter_a_running_instance()
    {
        using var spinner = Wasm.Instantiate(Spinner);
        using var importer = Instance.Instantiate(Wasm.Compile(Importer), new Linker().DefineInstance("s", spinner));
        WasmTrapException? spinTrap = null;
        var worker = new Thread(() => spinTrap = Assert.Throws<WasmTrapException>(() => spinner.Invoke("spin")));
        worker.Start();
        var entered = spinner.GetExportedGlobal("entered")!;
        SpinWait.SpinUntil(() => entered.Value.AsI32 == 1, TimeSpan.FromSeconds(30));
        Assert.Equal(1, entered.Value.AsI32);

        Assert.Throws<InvalidOperationException>(() => spinner.Invoke("one"));
        var trap = Assert.Throws<WasmTrapException>(() => importer.Invoke("one"));
        Assert.Equal(TrapKind.HostError, trap.Kind);
        Assert.IsType<InvalidOperationException>(trap.InnerException);

        spinner.RequestStop();
        worker.Join();
        Assert.Equal(TrapKind.DeadlineExceeded, spinTrap!.Kind);
        Assert.Equal(1, spinner.Call("one").AsI32);
        Assert.Equal(1, importer.Call("one").AsI32);
    }
}
