using TenantDb.TestKit;

namespace TenantDb.ProcSandbox.Tests.Frontend;

/// <summary>The files in the repository that the sandbox tests read.</summary>
internal static class RepoPaths
{
    public static string Root => RepositoryRoot.Path;

    /// <summary>The WebAssembly core spec test suite vendored in tests/spec/wasm-testsuite.</summary>
    public static string SpecSuite => Path.Combine(Root, "tests", "spec", "wasm-testsuite");

    public static string Kernels => Path.Combine(Root, "bench", "TenantDb.Bench", "Kernels");
}
