using TenantDb.ProcSandbox.Binary;
using TenantDb.ProcSandbox.Module;

namespace TenantDb.ProcSandbox.Validation;

/// <summary>Value type and access width in bytes of each load and store opcode (0x28..0x3E).</summary>
internal static class MemoryAccess
{
    /// <summary>The value loaded or stored and the number of bytes accessed.</summary>
    public static (ValType Value, uint Width) Of(Opcode opcode) => opcode switch
    {
        Opcode.I32Load or Opcode.I32Store => (ValType.I32, 4),
        Opcode.I64Load or Opcode.I64Store => (ValType.I64, 8),
        Opcode.F32Load or Opcode.F32Store => (ValType.F32, 4),
        Opcode.F64Load or Opcode.F64Store => (ValType.F64, 8),
        Opcode.I32Load8S or Opcode.I32Load8U or Opcode.I32Store8 => (ValType.I32, 1),
        Opcode.I32Load16S or Opcode.I32Load16U or Opcode.I32Store16 => (ValType.I32, 2),
        Opcode.I64Load8S or Opcode.I64Load8U or Opcode.I64Store8 => (ValType.I64, 1),
        Opcode.I64Load16S or Opcode.I64Load16U or Opcode.I64Store16 => (ValType.I64, 2),
        _ => (ValType.I64, 4), // i64.load32_s/u, i64.store32
    };

    /// <summary>True for the store opcodes (0x36..0x3E).</summary>
    public static bool IsStore(Opcode opcode) => opcode >= Opcode.I32Store;
}
