using BenchmarkDotNet.Running;
using TenantDb.Bench;

// Runs the suites named on the command line (BenchmarkDotNet's --filter etc.); see docs/performance.md.
// --compile-phases [runs]: the compile-time breakdown of docs/performance/compiler.md instead.
if (args.Length > 0 && args[0] == "--compile-phases")
{
    CompilePhases.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 8);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
