using TenantDb.ProcSandbox.Runtime;

namespace TenantDb.Engine.Procedures;

/// <summary>
/// Binds the <c>tenantdb</c> imports of docs/abi.md to the host side of a call. The linker is
/// built once and shared by every instance; each call finds its <see cref="ProcedureCallContext"/>
/// in the instance's state, so no per-call allocation happens here.
/// </summary>
internal static class ProcedureAbi
{
    public static Linker Linker { get; } = Build();

    private static Linker Build()
    {
        string m = AbiImports.ModuleName;
        return new Linker()
            .DefineFunction(m, "read", AbiImports.Read, static (call, a, r) =>
                r[0] = WasmValue.I32(Context(call).Read(call.Memory, a[0].AsI32, a[1].AsI32, a[2].AsI32)))
            .DefineFunction(m, "row_size", AbiImports.RowSize, static (call, a, r) =>
                r[0] = WasmValue.I32(Context(call).RowSize(a[0].AsI32)))
            .DefineFunction(m, "query", AbiImports.Query, static (call, a, r) =>
                r[0] = WasmValue.I32(Context(call).Query(call.Memory, a[0].AsI32, a[1].AsI32, a[2].AsI32, a[3].AsI32)))
            .DefineFunction(m, "exec", AbiImports.Exec, static (call, a, r) =>
                r[0] = WasmValue.I64(Context(call).Exec(call.Memory, a[0].AsI32, a[1].AsI32, a[2].AsI32, a[3].AsI32)))
            .DefineFunction(m, "emit", AbiImports.Emit, static (call, a, r) =>
                r[0] = WasmValue.I32(Context(call).Emit(call.Memory, a[0].AsI32, a[1].AsI32)))
            .DefineFunction(m, "close", AbiImports.Close, static (call, a, r) =>
                r[0] = WasmValue.I32(Context(call).Close(a[0].AsI32)))
            .DefineFunction(m, "log", AbiImports.Log, static (call, a, r) =>
                r[0] = WasmValue.I32(Context(call).Log(call.Memory, a[0].AsI32, a[1].AsI32)))
            .DefineFunction(m, "fail", AbiImports.Fail, static (call, a, r) =>
                r[0] = WasmValue.I32(Context(call).Fail(call.Memory, a[0].AsI32, a[1].AsI32)))
            .DefineFunction(m, "error", AbiImports.Error, static (call, a, r) =>
                r[0] = WasmValue.I32(Context(call).Error(call.Memory, a[0].AsI32, a[1].AsI32)));
    }

    private static ProcedureCallContext Context(HostCall call) =>
        call.State as ProcedureCallContext ?? throw HostCall.Trap("procedure called outside a procedure call");
}
