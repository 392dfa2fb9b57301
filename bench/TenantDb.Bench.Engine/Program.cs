using BenchmarkDotNet.Running;

// Engine benchmarks: tenant lifecycle and statement costs through the TenantDbEngine API, each against
// the same work done with Microsoft.Data.Sqlite directly (the baseline). Run:
//   dotnet run -c Release --project bench/TenantDb.Bench.Engine -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(TenantDb.Bench.Engine.TenantLifecycleBenchmarks).Assembly).Run(args);
