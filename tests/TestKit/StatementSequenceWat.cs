using System.Globalization;
using System.Text;

namespace TenantDb.TestKit;

/// <summary>
/// Builds a procedure (WAT text) that runs a fixed list of steps one after another in
/// straight-line code: each step either runs a statement through <c>exec</c> or writes a line
/// through <c>log</c>. It has no loop and no call, so nothing where the sandbox checks its stop
/// flag: whatever stops it has to come from the host. Every result is ignored; <c>run</c> returns 0.
/// </summary>
public static class StatementSequenceWat
{
    /// <summary>One step: a statement to exec, or (<see cref="IsLog"/>) a line to log.</summary>
    public readonly record struct Step(string Text, bool IsLog)
    {
        public static Step Exec(string sql) => new(sql, IsLog: false);

        public static Step Log(string line) => new(line, IsLog: true);
    }

    public static string Build(IEnumerable<Step> steps)
    {
        var data = new StringBuilder();
        var body = new StringBuilder();
        int offset = 0;
        foreach (var step in steps)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(step.Text);
            data.Append(CultureInfo.InvariantCulture, $"(data (i32.const {offset}) \"{Escape(bytes)}\")\n");
            if (step.IsLog) body.Append(CultureInfo.InvariantCulture, $"(drop (call $log (i32.const {offset}) (i32.const {bytes.Length})))\n");
            else body.Append(CultureInfo.InvariantCulture, $"(drop (call $exec (i32.const {offset}) (i32.const {bytes.Length}) (i32.const 0) (i32.const 0)))\n");
            offset += bytes.Length;
        }
        return $$"""
            (module
              {{ProcedureImports.Exec}}
              {{ProcedureImports.Log}}
              (memory (export "memory") 1)
              {{data}}
              (func (export "run") (result i32)
                {{body}}
                (i32.const 0)))
            """;
    }

    /// <summary>Every byte as a WAT string escape, so any SQL text (quotes, backslashes, UTF-8) is carried unchanged.</summary>
    private static string Escape(byte[] bytes)
    {
        var text = new StringBuilder(bytes.Length * 3);
        foreach (byte b in bytes) text.Append('\\').Append(b.ToString("x2", CultureInfo.InvariantCulture));
        return text.ToString();
    }
}
