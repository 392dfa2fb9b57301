using TenantDb.ProcSandbox.Module;

namespace TenantDb.ProcSandbox.Binary;

/// <summary>
/// The type of a <c>block</c>, <c>loop</c> or <c>if</c> in WebAssembly 1.0: no result or one value.
/// The value is the binary encoding (0x40 or a value type byte).
/// </summary>
public enum BlockType : byte
{
    /// <summary>No result.</summary>
    Empty = 0x40,
    /// <summary>One i32 result.</summary>
    I32 = ValType.I32,
    /// <summary>One i64 result.</summary>
    I64 = ValType.I64,
    /// <summary>One f32 result.</summary>
    F32 = ValType.F32,
    /// <summary>One f64 result.</summary>
    F64 = ValType.F64,
}
