using Iced.Intel;

namespace TenantDb.ProcSandbox.Compiler;

/// <summary>The kind of a structured-control construct.</summary>
internal enum ControlKind : byte { Function, Block, Loop, If }

/// <summary>
/// One open block/loop/if (or the function body). Values below <see cref="Height"/> are all in
/// their frame slots while the frame is open; a result, when the frame has one, is passed to its
/// end in the slot at position <see cref="Height"/> (in rax/xmm0 for the function frame).
/// </summary>
internal sealed class ControlFrame(ControlKind kind, ValType? result, int height, Label end)
{
    public ControlKind Kind { get; } = kind;
    public ValType? Result { get; } = result;
    public int Height { get; } = height;
    public Label End = end;
    public Label Head;
    public Label Else;
    public bool ElseSeen;
}
