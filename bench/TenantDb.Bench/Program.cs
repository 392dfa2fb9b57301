using BenchmarkDotNet.Running;
using TenantDb.Bench;

// Runs the suites named on the command line (BenchmarkDotNet's --filter etc.); see docs/performance.md.
// --compile-phases [runs]: the compile-time breakdown of docs/performance/compiler.md instead.
if (args.Length > 0 && args[0] == "--compile-phases")
{
    CompilePhases.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 8);
    return;
}
// --compile-loop module runs threads: the whole compile path repeated, for a profiler to sample.
if (args.Length > 3 && args[0] == "--compile-loop")
{
    CompilePhases.Loop(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture));
    return;
}
// cpu: instantiate + call timed in thread CPU time instead (robust on a loaded machine).
if (args is ["cpu", ..])
{
    InstantiateCallCpuReport.Run();
    return;
}
// kernels-cpu: the compute kernels timed in thread CPU time against Wasmtime (robust on a loaded machine).
if (args is ["kernels-cpu", ..])
{
    KernelCpuReport.Run();
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
