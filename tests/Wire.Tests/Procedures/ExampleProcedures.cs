using TenantDb.TestKit;

namespace TenantDb.Wire.Tests.Procedures;

/// <summary>
/// Builds the procedures in examples/ from source with the real toolchains (clang-14 + lld, AssemblyScript).
/// A missing toolchain skips the calling test, which must be a [SkippableFact].
/// </summary>
internal static class ExampleProcedures
{
    /// <summary>Compiles examples/<paramref name="relativePath"/> (C) to wasm32 and returns the module bytes.</summary>
    public static byte[] BuildC(string relativePath) =>
        WasmToolchain.CompileC(Path.Combine(RepositoryRoot.Path, "examples", relativePath));

    /// <summary>Compiles an AssemblyScript example with the SDK's pinned compiler.</summary>
    public static byte[] BuildAssemblyScript(string relativePath) => WasmToolchain.CompileAssemblyScript(relativePath);
}
