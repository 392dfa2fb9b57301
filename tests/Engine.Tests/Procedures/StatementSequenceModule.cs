using System.Text;

namespace TenantDb.Engine.Tests.Procedures;

/// <summary>
/// Builds a procedure that runs a fixed list of statements through <c>exec</c>, one after another in
/// straight-line code (no loop, no call: nothing where the sandbox checks its stop flag), ignores
/// what each returns and ends with <c>run</c> = 0. So whatever stops it has to come from the host.
/// </summary>
internal static class StatementSequenceModule
{
    /// <summary>The module's WAT; with <paramref name="logBefore"/> it logs "before N" ahead of statement N.</summary>
    public static string Build(IReadOnlyList<string> statements, bool logBefore = false)
    {
        var data = new StringBuilder();
        var body = new StringBuilder();
        int offset = 0;
        for (int i = 0; i < statements.Count; i++)
        {
            byte[] sql = Encoding.UTF8.GetBytes(statements[i]);
            if (logBefore)
            {
                byte[] line = Encoding.UTF8.GetBytes($"before {i}");
                data.Append($"(data (i32.const {offset}) \"{Escape(line)}\")\n");
                body.Append($"(drop (call $log (i32.const {offset}) (i32.const {line.Length})))\n");
                offset += line.Length;
            }
            data.Append($"(data (i32.const {offset}) \"{Escape(sql)}\")\n");
            body.Append($"(drop (call $exec (i32.const {offset}) (i32.const {sql.Length}) (i32.const 0) (i32.const 0)))\n");
            offset += sql.Length;
        }
        return $$"""
            (module
              (import "tenantdb" "exec" (func $exec (param i32 i32 i32 i32) (result i64)))
              (import "tenantdb" "log" (func $log (param i32 i32) (result i32)))
              (memory (export "memory") 1)
              {{data}}
              (func (export "run") (result i32)
                {{body}}
                (i32.const 0)))
            """;
    }

    private static string Escape(byte[] bytes)
    {
        var text = new StringBuilder(bytes.Length * 3);
        foreach (byte b in bytes) text.Append('\\').Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        return text.ToString();
    }
}
