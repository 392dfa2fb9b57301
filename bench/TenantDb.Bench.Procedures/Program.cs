using BenchmarkDotNet.Running;
using TenantDb.Bench.Procedures;

// Stored-procedure benchmarks: CALL overhead over the wire, and rows streamed into a
// procedure against a C# loop and SQLite's own aggregate. Run:
//   dotnet run -c Release --project bench/TenantDb.Bench.Procedures -- --filter '*'
// or, for the streaming contenders in thread CPU time (robust on a loaded machine):
//   dotnet run -c Release --project bench/TenantDb.Bench.Procedures -- cpu
// Measures the serialized mode an embedder can opt into (compare with the default multi-thread mode).
if (Environment.GetEnvironmentVariable("SQLITE_SERIALIZED") == "1") AppContext.SetSwitch(TenantDb.Engine.Hardening.SqliteThreading.SerializedSwitch, true);
if (args is ["emptycall", ..])
{
    EmptyCallBenchmarks.CpuReport();
    return;
}
if (args is ["cpu", ..])
{
    Console.WriteLine(TenantDb.Engine.Hardening.SqliteThreading.Description);
    StreamingCpuReport.Run(procedureOnly: args is [_, "procedure"]);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(StreamingBenchmarks).Assembly).Run(args);
