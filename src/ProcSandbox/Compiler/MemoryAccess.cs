using TenantDb.ProcSandbox.Binary;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>Bytes a linear-memory load or store touches.</summary>
internal static class MemoryAccess
{
    /// <summary>The access size of a load or store opcode (i32.load through i64.store32).</summary>
    public static int Size(Opcode op) => op switch
    {
        Opcode.I64Load or Opcode.F64Load or Opcode.I64Store or Opcode.F64Store => 8,
        Opcode.I32Load8S or Opcode.I32Load8U or Opcode.I64Load8S or Opcode.I64Load8U or Opcode.I32Store8 or Opcode.I64Store8 => 1,
        Opcode.I32Load16S or Opcode.I32Load16U or Opcode.I64Load16S or Opcode.I64Load16U or Opcode.I32Store16 or Opcode.I64Store16 => 2,
        _ => 4, // i32/f32 load and store, i64.load32_s/u, i64.store32
    };
}
