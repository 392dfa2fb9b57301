using TenantDb.ProcSandbox.Wast;

namespace TenantDb.ProcSandbox.Tests.Spec;

/// <summary>The runner is not vacuous: every kind of wrong expectation is reported as a failure.</summary>
public sealed class WastRunnerTests
{
    private const string Module = """
        (module $m
          (func (export "id") (param i32) (result i32) (local.get 0))
          (func (export "div") (param i32 i32) (result i32) (i32.div_u (local.get 0) (local.get 1)))
          (func (export "nan") (result f32) (f32.const nan))
          (func (export "qnan") (result f64) (f64.const -nan:0x8000000000001))
          (func (export "rec") (call 4))
          (func (export "one") (result f32) (f32.const 1))
          (global (export "g") i32 (i32.const 7)))
        """;

    /// <summary>The line of the first command after the module.</summary>
    private static readonly int s_commandLine = Module.Split('\n').Length + 1;

    private static WastResult Run(string commands) => WastRunner.Run(Module + "\n" + commands, "test.wast");

    [Theory]
    [InlineData("(assert_return (invoke \"id\" (i32.const 5)) (i32.const 5))")]
    [InlineData("(assert_return (invoke \"nan\") (f32.const nan:canonical))")]
    [InlineData("(assert_return (invoke \"nan\") (f32.const nan:arithmetic))")]
    [InlineData("(assert_return (invoke \"qnan\") (f64.const nan:arithmetic))")]
    [InlineData("(assert_return_canonical_nan (invoke \"nan\"))")]
    [InlineData("(assert_return (get \"g\") (i32.const 7))")]
    [InlineData("(assert_return (invoke $m \"id\" (i32.const -1)) (i32.const 0xffffffff))")]
    [InlineData("(assert_trap (invoke \"div\" (i32.const 1) (i32.const 0)) \"integer divide by zero\")")]
    [InlineData("(assert_exhaustion (invoke \"rec\") \"call stack exhausted\")")]
    [InlineData("(assert_invalid (module (func (result i32))) \"type mismatch\")")]
    [InlineData("(assert_malformed (module quote \"(func i32.bogus)\") \"unknown operator\")")]
    [InlineData("(assert_malformed (module binary \"\\00asm\\02\\00\\00\\00\") \"unknown binary version\")")]
    [InlineData("(assert_unlinkable (module (import \"spectest\" \"nope\" (func))) \"unknown import\")")]
    [InlineData("(assert_uninstantiable (module (func $s unreachable) (start $s)) \"unreachable\")")]
    [InlineData("(assert_trap (module (func $s unreachable) (start $s)) \"unreachable\")")]
    [InlineData("(register \"other\" $m) (module (import \"other\" \"id\" (func (param i32) (result i32))))")]
    [InlineData("(module (import \"spectest\" \"print_i32\" (func (param i32))) (import \"spectest\" \"global_i32\" (global i32)) (import \"spectest\" \"memory\" (memory 1)) (import \"spectest\" \"table\" (table 10 funcref)))")]
    public void Right_expectations_pass(string commands)
    {
        var result = Run(commands);
        Assert.True(result.Failed == 0, string.Join("; ", result.Failures));
        Assert.True(result.Passed >= 2);
    }

    [Theory]
    [InlineData("(assert_return (invoke \"id\" (i32.const 5)) (i32.const 6))")]
    [InlineData("(assert_return (invoke \"one\") (f32.const nan:canonical))")]
    [InlineData("(assert_return (invoke \"qnan\") (f64.const nan:canonical))")]
    [InlineData("(assert_return (invoke \"one\") (f64.const 1))")]
    [InlineData("(assert_return (invoke \"missing\"))")]
    [InlineData("(assert_return (get \"g\") (i32.const 8))")]
    [InlineData("(assert_trap (invoke \"div\" (i32.const 1) (i32.const 1)) \"integer divide by zero\")")]
    [InlineData("(assert_trap (invoke \"div\" (i32.const 1) (i32.const 0)) \"unreachable\")")]
    [InlineData("(assert_exhaustion (invoke \"id\" (i32.const 0)) \"call stack exhausted\")")]
    [InlineData("(assert_invalid (module (func)) \"type mismatch\")")]
    [InlineData("(assert_invalid (module quote \"(func i32.bogus)\") \"type mismatch\")")]
    [InlineData("(assert_malformed (module quote \"(func)\") \"unknown operator\")")]
    [InlineData("(assert_malformed (module (func (result i32))) \"unknown operator\")")]
    [InlineData("(assert_unlinkable (module (import \"spectest\" \"print_i32\" (func (param i32)))) \"unknown import\")")]
    [InlineData("(assert_uninstantiable (module (func $s) (start $s)) \"unreachable\")")]
    [InlineData("(assert_return (invoke $other \"id\" (i32.const 1)) (i32.const 1))")]
    [InlineData("(module (import \"spectest\" \"global_i32\" (global i64)))")]
    public void Wrong_expectations_fail(string commands)
    {
        var result = Run(commands);
        Assert.Equal(1, result.Failed);
        Assert.Equal(s_commandLine, result.Failures[0].Line);
    }

    [Fact]
    public void Commands_after_a_failed_module_fail_instead_of_using_an_older_one()
    {
        var result = Run("(module (func (export \"id\") (result i32) i32.bogus))\n(assert_return (invoke \"id\") (i32.const 1))");
        Assert.Equal(2, result.Failed);
        Assert.Contains("module failed", result.Failures[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Skipped_lines_are_counted_and_not_run()
    {
        var result = WastRunner.Run(Module + "\n(assert_return (invoke \"id\" (i32.const 5)) (i32.const 6))", "test.wast", new HashSet<int> { s_commandLine });
        Assert.Equal((1, 0, 1), (result.Passed, result.Failed, result.Skipped));
    }

    [Fact]
    public void A_script_that_does_not_parse_is_one_failure()
    {
        var result = WastRunner.Run("(assert_return (invoke \"x\"", "bad.wast");
        Assert.Equal(1, result.Failed);
        Assert.Contains("does not parse", result.Failures[0].Message, StringComparison.Ordinal);
    }
}
