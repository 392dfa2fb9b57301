namespace TenantDb.ProcSandbox.Binary;

/// <summary>What follows an opcode byte in the binary; drives <see cref="InstructionReader"/>.</summary>
internal enum ImmediateKind : byte
{
    /// <summary>Not an opcode of the supported instruction set.</summary>
    Unknown = 0,
    None,
    BlockType,
    Index,
    BrTable,
    CallIndirect,
    MemArg,
    ZeroByte,
    I32,
    I64,
    F32,
    F64,
}

/// <summary>Per-opcode-byte immediate layout, built once from the opcode ranges of the spec.</summary>
internal static class OpcodeImmediates
{
    private static readonly ImmediateKind[] s_kinds = Build();

    /// <summary>The immediate kind of opcode byte <paramref name="opcode"/>, or Unknown.</summary>
    public static ImmediateKind Of(byte opcode) => s_kinds[opcode];

    private static ImmediateKind[] Build()
    {
        var kinds = new ImmediateKind[256];
        kinds[0x00] = ImmediateKind.None; // unreachable
        kinds[0x01] = ImmediateKind.None; // nop
        kinds[0x02] = ImmediateKind.BlockType;
        kinds[0x03] = ImmediateKind.BlockType;
        kinds[0x04] = ImmediateKind.BlockType;
        kinds[0x05] = ImmediateKind.None; // else
        kinds[0x0B] = ImmediateKind.None; // end
        kinds[0x0C] = ImmediateKind.Index; // br
        kinds[0x0D] = ImmediateKind.Index; // br_if
        kinds[0x0E] = ImmediateKind.BrTable;
        kinds[0x0F] = ImmediateKind.None; // return
        kinds[0x10] = ImmediateKind.Index; // call
        kinds[0x11] = ImmediateKind.CallIndirect;
        kinds[0x1A] = ImmediateKind.None; // drop
        kinds[0x1B] = ImmediateKind.None; // select
        for (int op = 0x20; op <= 0x24; op++) kinds[op] = ImmediateKind.Index; // local/global get/set/tee
        for (int op = 0x28; op <= 0x3E; op++) kinds[op] = ImmediateKind.MemArg; // loads and stores
        kinds[0x3F] = ImmediateKind.ZeroByte; // memory.size
        kinds[0x40] = ImmediateKind.ZeroByte; // memory.grow
        kinds[0x41] = ImmediateKind.I32;
        kinds[0x42] = ImmediateKind.I64;
        kinds[0x43] = ImmediateKind.F32;
        kinds[0x44] = ImmediateKind.F64;
        for (int op = 0x45; op <= 0xC4; op++) kinds[op] = ImmediateKind.None; // numeric, incl. sign extension
        return kinds;
    }
}
