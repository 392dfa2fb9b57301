using TenantDb.ProcSandbox.Module;

namespace TenantDb.ProcSandbox.Runtime;

/// <summary>
/// A callable function as generated code sees it: machine-code address and the vmctx it must run
/// with. <see cref="Owner"/> keeps that code and context alive while the reference exists.
/// </summary>
internal sealed class FunctionRef(FuncType type, int typeId, nint code, nint context, Instance owner, string? name)
{
    public FuncType Type { get; } = type;
    public int TypeId { get; } = typeId;
    public nint Code { get; } = code;
    public nint Context { get; } = context;
    public Instance Owner { get; } = owner;
    public string? Name { get; } = name;
}
