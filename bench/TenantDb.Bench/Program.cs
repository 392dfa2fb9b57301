using BenchmarkDotNet.Running;
using TenantDb.Bench;

// Runs the suites named on the command line (BenchmarkDotNet's --filter etc.); see docs/performance.md.
// `-- cpu` times instantiate + call in thread CPU time instead (robust on a loaded machine).
if (args is ["cpu", ..])
{
    InstantiateCallCpuReport.Run();
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
