using TenantDb.Engine.Procedures;
using TenantDb.Engine.Values;

namespace TenantDb.Bench.Procedures;

/// <summary>Counts a call's rows and keeps the first row's first two values (what the benchmarks check and return).</summary>
internal sealed class RowCollector : IProcedureRowSink
{
    public int Count { get; private set; }

    public SqlValue First { get; private set; }

    public SqlValue Second { get; private set; }

    public void Reset() => Count = 0;

    /// <summary>Records a first row read elsewhere (the SQL peer's), for comparison.</summary>
    public void OnFirst(SqlValue first, SqlValue second)
    {
        First = first;
        Second = second;
    }

    public void OnRow(ProcedureRow row)
    {
        if (Count++ == 0)
        {
            First = row.GetValue(0);
            if (row.Count > 1) Second = row.GetValue(1);
        }
    }
}
