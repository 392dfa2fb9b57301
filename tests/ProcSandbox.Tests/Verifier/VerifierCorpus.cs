using TenantDb.ProcSandbox.Module;
using TenantDb.ProcSandbox.Text;

namespace TenantDb.ProcSandbox.Tests.Verifier;

/// <summary>Valid modules to verify: every module a spec script defines or links (not the invalid/malformed ones).</summary>
internal static class VerifierCorpus
{
    /// <summary>Decoded and validated modules of every spec script, with the script's file name.</summary>
    public static IEnumerable<(string File, WasmModule Module)> SpecModules(string pattern = "*.wast")
    {
        foreach (string path in Directory.GetFiles(Frontend.RepoPaths.SpecSuite, pattern).Order(StringComparer.Ordinal))
        {
            string file = Path.GetFileName(path);
            foreach (var command in WastParser.Parse(File.ReadAllText(path)))
            {
                if (command.Module is null || command.Kind is WastCommandKind.AssertInvalid or WastCommandKind.AssertMalformed) continue;
                if (TryLoad(command.Module, out var module)) yield return (file, module);
            }
        }
    }

    private static bool TryLoad(WastModule source, out WasmModule module) => Wasm.TryModule(source.Encode(), out module);
}
