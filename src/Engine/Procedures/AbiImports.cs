using TenantDb.ProcSandbox;
using TenantDb.ProcSandbox.Module;

namespace TenantDb.Engine.Procedures;

/// <summary>The functions a procedure module may import from module <c>tenantdb</c>, with their exact signatures.</summary>
internal static class AbiImports
{
    public const string ModuleName = "tenantdb";

    private const ValType I32 = ValType.I32, I64 = ValType.I64;

    public static readonly FuncType Read = new([I32, I32, I32], [I32]);
    public static readonly FuncType RowSize = new([I32], [I32]);
    public static readonly FuncType Query = new([I32, I32, I32, I32], [I32]);
    public static readonly FuncType Exec = new([I32, I32, I32, I32], [I64]);
    public static readonly FuncType Emit = new([I32, I32], [I32]);
    public static readonly FuncType Close = new([I32], [I32]);
    public static readonly FuncType Log = new([I32, I32], [I32]);
    public static readonly FuncType Fail = new([I32, I32], [I32]);
    public static readonly FuncType Error = new([I32, I32], [I32]);

    /// <summary>The signature of import <paramref name="name"/>, or null if the ABI has no such import.</summary>
    public static FuncType? Find(string name) => name switch
    {
        "read" => Read,
        "row_size" => RowSize,
        "query" => Query,
        "exec" => Exec,
        "emit" => Emit,
        "close" => Close,
        "log" => Log,
        "fail" => Fail,
        "error" => Error,
        _ => null,
    };
}
