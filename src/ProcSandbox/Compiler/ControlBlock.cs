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
    /// <summary>A rotated loop's body, right after its exit test (see <c>FunctionCompiler.LoopRotation</c>).</summary>
    public CodeLabel Body;
    /// <summary>A rotated loop's exit test: body positions [TestStart, TestEnd); TestEnd is 0 when the loop is not rotated.</summary>
    public int TestStart;
    public int TestEnd;
}
