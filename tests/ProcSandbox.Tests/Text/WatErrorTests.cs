using TenantDb.ProcSandbox.Errors;
using TenantDb.ProcSandbox.Text;

namespace TenantDb.ProcSandbox.Tests.Text;

/// <summary>Malformed text is rejected with a WatParseException naming the problem and its position.</summary>
public sealed class WatErrorTests
{
    [Theory]
    [InlineData("(module (func (drop (i32.const0))))", "unknown operator", 1, 22)]
    [InlineData("(module (func br 0drop))", "unknown operator 0drop", 1, 18)]
    [InlineData("(module (func (i32.const 0x100000000) drop))", "i32 constant out of range", 1, 26)]
    [InlineData("(module (func (i64.const 18446744073709551616) drop))", "i64 constant out of range", 1, 26)]
    [InlineData("(module (func (f32.const 1e39) drop))", "f32 constant out of range", 1, 26)]
    [InlineData("(module (func (call $missing)))", "undefined identifier $missing", 1, 21)]
    [InlineData("(module\n  (func $f)\n  (func $f))", "duplicate func $f", 3, 9)]
    [InlineData("(module (func (result i32) (param i32)))", "result before parameter", 1, 28)]
    [InlineData("(module (func) (import \"m\" \"n\" (func)))", "import after function", 1, 16)]
    [InlineData("(module (memory 1) (func (i32.load align=3 (i32.const 0)) drop))", "power of two", 1, 36)]
    [InlineData("(module (func block $a end $b))", "mismatching label", 1, 28)]
    [InlineData("(module (; unclosed", "unclosed block comment", 1, 9)]
    [InlineData("(module (data (i32.const 0) \"\\q\"))", "unknown escape", 1, 30)]
    [InlineData("(module (func)", "unclosed parenthesis", 1, 1)]
    [InlineData("(module (start 0) (start 0))", "multiple start", 1, 19)]
    [InlineData("(module (func (f64.const nan:0x0) drop))", "f64 constant", 1, 26)]
    public void Reports_message_and_position(string text, string message, int line, int column)
    {
        var error = Assert.Throws<WatParseException>(() => WatParser.ParseModuleBinary(text));
        Assert.Contains(message, error.Reason, StringComparison.Ordinal);
        Assert.Equal((line, column), (error.Line, error.Column));
    }
}
