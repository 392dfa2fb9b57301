using TenantDb.ProcSandbox.Module;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>The kind of a structured-control construct.</summary>
internal enum ControlKind : byte { Function, Block, Loop, If }

/// <summary>
/// One open block/loop/if (or the function body) during code generation, with the labels branches
/// to it jump to. Values below <see cref="Height"/> are all in their frame slots while the block is
/// open; a result, when the block has one, is passed to its end in rax (integers) or xmm0 (floats). (The validator's counterpart, which
/// tracks types, is <c>Validation.ControlFrame</c>.) A value type kept in a reused list: opening a
/// block allocates nothing.
/// </summary>
internal struct ControlBlock(ControlKind kind, ValType? result, int height, CodeLabel end)
{
    public readonly ControlKind Kind { get; } = kind;
    public readonly ValType? Result { get; } = result;
    public readonly int Height { get; } = height;
    public CodeLabel End = end;
    public CodeLabel Head;
    public CodeLabel Else;
    public bool ElseSeen;
}
