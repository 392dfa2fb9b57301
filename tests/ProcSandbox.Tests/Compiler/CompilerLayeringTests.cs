using System.Text.RegularExpressions;
using TenantDb.ProcSandbox.Tests.Frontend;

namespace TenantDb.ProcSandbox.Tests.Compiler;

/// <summary>
/// The function compiler's layering holds in its sources: the visits and the code-generation
/// context emit machine code only through the MacroAssembler, which is the one place that uses
/// Iced's assembler and instruction encodings (see docs/dev/compiler.md).
/// </summary>
public class CompilerLayeringTests
{
    /// <summary>Iced's instruction factory, its assembler (not ours), its register constants and its encoding enum (<c>Code.Mov_r32_rm32</c>).</summary>
    private static readonly Regex s_icedUse = new(@"X86Instruction|Instruction\.Create|(?<!Macro)Assembler\b|AssemblerRegister|\b_asm\b|\bCode\.[A-Z][a-z0-9]*_", RegexOptions.CultureInvariant);

    [Fact]
    public void Visits_and_context_do_not_call_Iced()
    {
        string dir = Path.Combine(RepoPaths.Root, "src", "ProcSandbox", "Compiler");
        var files = Directory.GetFiles(dir, "FunctionCompiler*.cs").Append(Path.Combine(dir, "CodeGenContext.cs")).ToList();
        Assert.True(files.Count > 5, "compiler sources not found");
        var offending = new List<string>();
        foreach (string file in files)
        {
            foreach (var (line, number) in File.ReadLines(file).Select((l, i) => (l, i + 1)))
            {
                string code = line.TrimStart();
                if (code.StartsWith("///", StringComparison.Ordinal) || code.StartsWith("//", StringComparison.Ordinal)) continue;
                if (s_icedUse.IsMatch(code)) offending.Add($"{Path.GetFileName(file)}:{number}: {code}");
            }
        }
        Assert.True(offending.Count == 0, "Iced used outside the MacroAssembler:\n" + string.Join('\n', offending));
    }
}
