using BenchmarkDotNet.Running;
using TenantDb.Bench.Procedures;

// Stored-procedure benchmarks: CALL overhead over the wire, and rows streamed into a
// procedure against a C# loop and SQLite's own aggregate. Run:
//   dotnet run -c Release --project bench/TenantDb.Bench.Procedures -- --filter '*'
// or, for the streaming contenders in thread CPU time (robust on a loaded machine):
//   dotnet run -c Release --project bench/TenantDb.Bench.Procedures -- cpu
if (args is ["cpu", ..])
{
    if (Environment.GetEnvironmentVariable("EXPERIMENT_MULTITHREAD") == "1")
    {
        SQLitePCL.Batteries_V2.Init();
        Console.WriteLine($"sqlite3_config(MULTITHREAD) = {SQLitePCL.raw.sqlite3_config(2)}");
    }
    StreamingCpuReport.Run(procedureOnly: args is [_, "procedure"]);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(StreamingBenchmarks).Assembly).Run(args);
