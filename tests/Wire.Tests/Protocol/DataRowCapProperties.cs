using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TenantDb.Wire.Protocol;

namespace TenantDb.Wire.Tests.Protocol;

/// <summary>
/// The writer's row cap is exact: a DataRow is accepted if and only if its framed length is within
/// the cap, a refused row leaves the buffer as it was (54000), and the buffer never grows past the
/// cap plus its slack, whatever rows came before.
/// </summary>
public sealed class DataRowCapProperties
{
    [Property(MaxTest = 300)]
    public Property A_row_is_accepted_exactly_when_it_fits_the_cap() =>
        Prop.ForAll(
            Gen.Choose(64, 8192).ToArbitrary(),
            Gen.ListOf(Gen.ListOf(Gen.Choose(0, 3000))).Select(rows => rows.Take(20).Select(r => r.Take(12).ToArray()).ToArray()).ToArbitrary(),
            (cap, rows) =>
            {
                using var w = new PgMessageWriter(16, cap);
                w.WriteCommandComplete("BEGIN"); // something buffered before the rows
                foreach (var fields in rows)
                {
                    var framed = 4L + 2 + fields.Sum(f => 4L + f);
                    var before = w.BufferedLength;
                    try
                    {
                        w.StartMessage(BackendMessageType.DataRow);
                        w.WriteInt16((short)fields.Length);
                        foreach (var f in fields)
                        {
                            w.WriteInt32(f);
                            w.WriteBytes(new byte[f]);
                        }
                        w.EndMessage();
                        Assert.True(framed <= cap, $"a row of {framed} bytes passed a cap of {cap}");
                        Assert.Equal(before + 1 + framed, w.BufferedLength);
                    }
                    catch (PgStatementException ex)
                    {
                        Assert.Equal(SqlState.ProgramLimitExceeded, ex.SqlState);
                        Assert.True(framed > cap, $"a row of {framed} bytes was refused under a cap of {cap}");
                        w.AbandonMessage();
                        Assert.Equal(before, w.BufferedLength);
                    }
                    if (w.BufferedLength > 4096) w.Reset(); // as the connection flushes between rows
                    Assert.True(w.PeakCapacity <= Math.Max(w.MaxCapacity, 16 * 1024), $"buffer grew to {w.PeakCapacity}");
                }
            });

    [Fact]
    public void A_hex_bytea_is_refused_at_its_doubled_size_before_it_is_written()
    {
        using var w = new PgMessageWriter(16, 1024);
        w.StartMessage(BackendMessageType.DataRow);
        w.WriteInt16(1);
        var ex = Assert.Throws<PgStatementException>(() => w.EnsureRowRoom(4 + 2 + 2L * 600));
        Assert.Equal(SqlState.ProgramLimitExceeded, ex.SqlState);
        Assert.Contains("max_row_size", ex.Message, StringComparison.Ordinal);
        w.EnsureRowRoom(4 + 2 + 2L * 500); // fits: 6 + 4 + 2 + 1000 <= 1024
    }
}
