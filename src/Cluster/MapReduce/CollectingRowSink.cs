using TenantDb.Engine.Procedures;

namespace TenantDb.Cluster.MapReduce;

/// <summary>Keeps the rows a procedure emits, as values Orleans can carry.</summary>
internal sealed class CollectingRowSink : IProcedureRowSink
{
    public List<MapValue[]> Rows { get; } = [];

    public void OnRow(ProcedureRow row)
    {
        var values = new MapValue[row.Count];
        for (var i = 0; i < values.Length; i++) values[i] = MapValue.From(row.GetValue(i));
        Rows.Add(values);
    }
}
