namespace TenantDb.TestKit;

/// <summary>
/// The import declarations of the procedure ABI (module "tenantdb", see docs/abi.md) as WAT text,
/// one constant per host function, so test modules declare an import the way the server expects it
/// without each test file restating the signatures. Each binds the function to <c>$name</c>.
/// </summary>
public static class ProcedureImports
{
    public const string Read = """(import "tenantdb" "read" (func $read (param i32 i32 i32) (result i32)))""";
    public const string Query = """(import "tenantdb" "query" (func $query (param i32 i32 i32 i32) (result i32)))""";
    public const string Exec = """(import "tenantdb" "exec" (func $exec (param i32 i32 i32 i32) (result i64)))""";
    public const string Emit = """(import "tenantdb" "emit" (func $emit (param i32 i32) (result i32)))""";
    public const string Fail = """(import "tenantdb" "fail" (func $fail (param i32 i32) (result i32)))""";
    public const string Error = """(import "tenantdb" "error" (func $error (param i32 i32) (result i32)))""";
    public const string Log = """(import "tenantdb" "log" (func $log (param i32 i32) (result i32)))""";
}
