using TenantDb.ProcSandbox.Binary;

namespace TenantDb.ProcSandbox.Validation;

/// <summary>
/// An open block, loop, if/else or the function itself during body validation (the spec's
/// control frame): its result, the operand-stack height at entry, and whether the rest of it is
/// unreachable (after <c>br</c>, <c>return</c>, <c>unreachable</c>), where pops yield the unknown type.
/// </summary>
internal struct ControlFrame
{
    public Opcode Kind;
    public BlockType Type;
    public int Height;
    public bool Unreachable;

    /// <summary>Types a branch to this frame carries: none for a loop (MVP loops take no parameters), else the result.</summary>
    public readonly BlockType LabelType => Kind == Opcode.Loop ? BlockType.Empty : Type;
}
