using System.Text;
using TenantDb.Wire.Server.Copy;

namespace TenantDb.Wire.Tests.Copy;

/// <summary>A row sink that keeps every row as strings (null for NULL), for tests of the COPY input state.</summary>
internal sealed class RecordingSink : ICopyRowSink
{
    public List<string?[]> Rows { get; } = [];

    public int Flushes { get; private set; }

    public void Row(CopyRow row, long line)
    {
        var values = new string?[row.Count];
        for (var i = 0; i < row.Count; i++) values[i] = row[i].IsNull ? null : Encoding.UTF8.GetString(row.ValueOf(i));
        Rows.Add(values);
    }

    public void Flush() => Flushes++;
}
