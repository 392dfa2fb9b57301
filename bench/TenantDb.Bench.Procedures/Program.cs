using BenchmarkDotNet.Running;

// Stored-procedure benchmarks: CALL overhead over the wire, and rows streamed into a
// procedure against a C# loop and SQLite's own aggregate. Run:
//   dotnet run -c Release --project bench/TenantDb.Bench.Procedures -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(TenantDb.Bench.Procedures.StreamingBenchmarks).Assembly).Run(args);
