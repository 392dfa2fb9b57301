using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TenantDb.Wire.Server.Cursors;
using TenantDb.Wire.Tests.EndToEnd;

namespace TenantDb.Wire.Tests.Cursors;

/// <summary>
/// Random FETCH/MOVE sequences on a SCROLL cursor return what <see cref="CursorListModel"/> says:
/// through <see cref="CursorMotion"/> directly, and over the wire against a real server, both while
/// the cursor streams inside its transaction and after a WITH HOLD cursor was materialised by COMMIT.
/// </summary>
public sealed class CursorModelProperties(WireServerFixture server) : IClassFixture<WireServerFixture>, IDisposable
{
    private static readonly Gen<CursorStep> Step =
        from direction in Gen.Elements("FORWARD", "BACKWARD", "ABSOLUTE", "RELATIVE")
        from count in Gen.Frequency((1, Gen.Constant<long?>(null)), (6, Gen.Choose(-9, 9).Select(n => (long?)n)))
        from move in Gen.Elements(false, false, true)
        select new CursorStep(direction, direction is "ABSOLUTE" or "RELATIVE" ? count ?? 1 : count, move);

    private static readonly Gen<(int Rows, CursorStep[] Steps)> Case =
        from rows in Gen.Choose(0, 8)
        from steps in Gen.ArrayOf(Step, 12)
        select (rows, steps);

    private sealed class ListRows(int count) : ICursorRows
    {
        public bool Exists(long row) => row >= 1 && row <= count;
        public long Count() => count;
    }

    [Property(MaxTest = 500)]
    public Property Cursor_motion_matches_the_list_model() =>
        Prop.ForAll(Case.ToArbitrary(), c =>
        {
            var model = new CursorListModel(c.Rows);
            long position = 0;
            foreach (var step in c.Steps)
            {
                var expected = model.Apply(step);
                List<long> emitted = [];
                var motion = ToMotion(step);
                var count = CursorMotion.Run(new ListRows(c.Rows), ref position, motion, scroll: true, step.IsMove, emitted.Add);
                if (!step.IsMove) Assert.Equal(expected, emitted);
                Assert.Equal(expected.Count, count);
                Assert.Equal(model.Position, position);
            }
        });

    [Property(MaxTest = 40)]
    public Property Fetch_and_move_over_the_wire_match_the_list_model() =>
        Prop.ForAll(Case.ToArbitrary(), Gen.Elements(false, true).ToArbitrary(), (c, hold) => RunOverWire(c.Rows, c.Steps, hold).GetAwaiter().GetResult());

    private SimpleQueryClient? _client;

    private async Task RunOverWire(int rows, CursorStep[] steps, bool hold)
    {
        _client ??= await NumbersClientAsync();
        var c = _client;
        await c.OkAsync("BEGIN");
        await c.OkAsync($"DECLARE m SCROLL CURSOR{(hold ? " WITH HOLD" : "")} FOR SELECT i FROM numbers WHERE i <= {rows} ORDER BY i");
        if (hold) await c.OkAsync("COMMIT");
        var model = new CursorListModel(rows);
        List<string> done = [];
        foreach (var step in steps)
        {
            done.Add(step.ToString());
            var expected = model.Apply(step);
            var answer = await c.OkAsync(step.Sql("m"));
            var trace = string.Join("; ", done);
            if (!step.IsMove) Assert.True(expected.Select(r => r.ToString(System.Globalization.CultureInfo.InvariantCulture)).SequenceEqual(answer.FirstColumn), $"{trace}: rows {string.Join(",", answer.FirstColumn)}, model {string.Join(",", expected)}");
            Assert.Equal([$"{(step.IsMove ? "MOVE" : "FETCH")} {expected.Count}"], answer.Tags);
        }
        await c.OkAsync(hold ? "CLOSE m" : "ROLLBACK");
    }

    private async Task<SimpleQueryClient> NumbersClientAsync()
    {
        var c = await SimpleQueryClient.ConnectAsync(server, server.NewTenant("cursormodel"));
        await c.OkAsync("CREATE TABLE numbers (i INTEGER PRIMARY KEY)");
        await c.OkAsync("WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < 8) INSERT INTO numbers SELECT x FROM s");
        return c;
    }

    public void Dispose() => _client?.Dispose();

    private static FetchMotion ToMotion(CursorStep step) => step.Direction switch
    {
        "FORWARD" => new FetchMotion(FetchDirection.Forward, step.Count ?? FetchMotion.All),
        "BACKWARD" => new FetchMotion(FetchDirection.Backward, step.Count ?? FetchMotion.All),
        "ABSOLUTE" => new FetchMotion(FetchDirection.Absolute, step.Count!.Value),
        _ => new FetchMotion(FetchDirection.Relative, step.Count!.Value),
    };
}
