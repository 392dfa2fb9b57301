using TenantDb.ProcSandbox.Errors;
using TenantDb.ProcSandbox.Runtime;

namespace TenantDb.ProcSandbox.Text;

/// <summary>How a script module is written.</summary>
internal enum WastModuleForm : byte
{
    /// <summary><c>(module field*)</c>.</summary>
    Text,
    /// <summary><c>(module binary "...")</c>.</summary>
    Binary,
    /// <summary><c>(module quote "...")</c>.</summary>
    Quote,
}

/// <summary>
/// A module inside a script. It is kept as its S-expression and encoded only when the command runs,
/// so a malformed module fails its own assertion rather than the whole script.
/// </summary>
internal sealed class WastModule(SExpr expression, string? name, WastModuleForm form)
{
    public SExpr Expression { get; } = expression;
    /// <summary>The module's <c>$name</c>, if any.</summary>
    public string? Name { get; } = name;
    public WastModuleForm Form { get; } = form;
    public int Line => Expression.Line;

    /// <summary>The module binary. Throws <see cref="WatParseException"/> for malformed text.</summary>
    public byte[] Encode() => WatParser.EncodeModule(Expression);
}

/// <summary>The kind of an action.</summary>
internal enum WastActionKind : byte
{
    /// <summary><c>(invoke $m? "name" arg*)</c>.</summary>
    Invoke,
    /// <summary><c>(get $m? "name")</c>.</summary>
    Get,
}

/// <summary>An invoke or get, addressed to a named module or the latest one.</summary>
internal sealed record WastAction(WastActionKind Kind, string? ModuleName, string Name, WasmValue[] Arguments, int Line);

/// <summary>How an expected result is matched.</summary>
internal enum WastExpectedKind : byte
{
    /// <summary>Bit-exact value.</summary>
    Exact,
    /// <summary>Any canonical NaN of the type (either sign).</summary>
    CanonicalNan,
    /// <summary>Any arithmetic NaN of the type (quiet bit set).</summary>
    ArithmeticNan,
}

/// <summary>One expected result of <c>assert_return</c>.</summary>
internal readonly record struct WastExpected(WastExpectedKind Kind, WasmValue Value);

/// <summary>The kinds of script commands.</summary>
internal enum WastCommandKind : byte
{
    /// <summary>Define (and instantiate) a module.</summary>
    Module,
    /// <summary>Make an instance's exports importable under a module name.</summary>
    Register,
    /// <summary>A bare invoke or get.</summary>
    Action,
    /// <summary>The action returns the expected values.</summary>
    AssertReturn,
    /// <summary>The action (or the module's instantiation) traps with the message.</summary>
    AssertTrap,
    /// <summary>The action exhausts the call stack.</summary>
    AssertExhaustion,
    /// <summary>The module fails validation.</summary>
    AssertInvalid,
    /// <summary>The module fails to parse or decode.</summary>
    AssertMalformed,
    /// <summary>The module fails to link.</summary>
    AssertUnlinkable,
    /// <summary>The module links but its instantiation (start function) traps.</summary>
    AssertUninstantiable,
}

/// <summary>One command of a WAST script; which properties are set depends on <see cref="Kind"/>.</summary>
internal sealed class WastCommand(WastCommandKind kind, int line)
{
    public WastCommandKind Kind { get; } = kind;
    /// <summary>1-based line of the command in its script: the key of skip-list entries.</summary>
    public int Line { get; } = line;
    public WastModule? Module { get; init; }
    public WastAction? Action { get; init; }
    public WastExpected[] Expected { get; init; } = [];
    /// <summary>register: the instance to register (<c>$name</c>), or null for the latest one.</summary>
    public string? InstanceName { get; init; }
    /// <summary>The expected failure message (assertions) or the registered name (register).</summary>
    public string Text { get; init; } = "";
}
