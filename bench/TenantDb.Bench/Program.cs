using BenchmarkDotNet.Running;

// Runs the suites named on the command line (BenchmarkDotNet's --filter etc.); see docs/performance.md.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
