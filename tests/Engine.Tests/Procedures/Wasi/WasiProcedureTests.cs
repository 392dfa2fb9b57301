using System.Text;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Procedures;
using TenantDb.Engine.Values;
using TenantDb.TestKit;

namespace TenantDb.Engine.Tests.Procedures.Wasi;

/// <summary>
/// Unmodified C programs as procedures: stdin streams the rows of the declared query, stdout lines
/// become result rows, named channels are files, argv is the CALL's arguments.
/// </summary>
public sealed class WasiProcedureTests : IDisposable
{
    private readonly TenantDbEngine _engine = TenantDbEngine.OpenInMemory(new EngineOptions
    {
        ProcedureLimits = new ProcedureLimits { Fuel = 2_000_000_000, Timeout = TimeSpan.FromSeconds(60) },
    });

    private readonly TenantSession _session;

    public WasiProcedureTests()
    {
        _engine.CreateTenant("t");
        _session = _engine.OpenSession("t");
    }

    public void Dispose()
    {
        _session.Dispose();
        _engine.Dispose();
    }

    private sealed class Rows : IProcedureRowSink
    {
        public List<SqlValue[]> All { get; } = [];

        public void OnRow(ProcedureRow row)
        {
            var values = new SqlValue[row.Count];
            for (int i = 0; i < values.Length; i++) values[i] = row.GetValue(i);
            All.Add(values);
        }
    }

    private void Sql(string sql, params SqlValue[] values)
    {
        using var s = _session.Prepare(sql);
        for (int i = 0; i < values.Length; i++) s.Bind(i, values[i]);
        s.ExecuteNonQuery();
    }

    /// <summary>Creates a procedure from SQL text whose module is parameter $1 (the program's bytes).</summary>
    private void Create(string sql, byte[] wasm)
    {
        Assert.True(ProcedureStatement.TryParse(sql, out var statement));
        _session.ExecuteProcedureStatement(statement!, null, [SqlValue.Blob(wasm)], new Rows());
    }

    private List<SqlValue[]> Call(string name, params SqlValue[] args)
    {
        var rows = new Rows();
        _session.CallProcedure(name, args, rows);
        return rows.All;
    }

    [SkippableFact]
    public void Wordfreq_counts_the_words_of_a_text_column()
    {
        var wasm = WasiPrograms.Example("wordfreq");
        Sql("CREATE TABLE docs (body TEXT)");
        Sql("INSERT INTO docs VALUES ('the cat and the hat'), ('The end'), (NULL), ('a cat')");
        Create("CREATE PROCEDURE wordfreq(least int8) RETURNS TABLE(word text, n int8) LANGUAGE wasi STDIN 'SELECT body FROM docs' FORMAT tsv AS $1", wasm);
        var rows = Call("wordfreq", SqlValue.Integer(2));
        Assert.Equal([[SqlValue.Text("the"), SqlValue.Integer(3)], [SqlValue.Text("cat"), SqlValue.Integer(2)]], rows);
    }

    public static TheoryData<string> Formats => new() { "tsv", "csv" };

    [SkippableTheory]
    [MemberData(nameof(Formats))]
    public void Cat_round_trips_every_type_through_text_lines(string format)
    {
        var wasm = WasiPrograms.Example("cat");
        Sql("CREATE TABLE t (i INTEGER, f REAL, s TEXT, b BLOB, ok INTEGER)");
        SqlValue[][] values =
        [
            [SqlValue.Integer(long.MinValue), SqlValue.Real(-2.5e-300), SqlValue.Text("tab\there\nnew line\\back\r\"q\",comma"), SqlValue.Blob([0, 255, 9]), SqlValue.Integer(1)],
            [SqlValue.Null, SqlValue.Null, SqlValue.Null, SqlValue.Null, SqlValue.Null],
            [SqlValue.Integer(0), SqlValue.Real(0.1), SqlValue.Text(""), SqlValue.Blob([]), SqlValue.Integer(0)],
            [SqlValue.Integer(7), SqlValue.Real(1e20), SqlValue.Text(" \\N "), SqlValue.Blob([1]), SqlValue.Integer(1)],
        ];
        foreach (var row in values) Sql("INSERT INTO t VALUES (?, ?, ?, ?, ?)", row);
        Create($"CREATE PROCEDURE cat() RETURNS TABLE(i int8, f float8, s text, b bytea, ok bool) LANGUAGE wasi STDIN 'SELECT * FROM t ORDER BY rowid' FORMAT {format} STDOUT FORMAT {format} AS $1", wasm);
        var rows = Call("cat");
        Assert.Equal(values, rows);
    }

    [SkippableFact]
    public void Groupby_reads_csv_with_scanf()
    {
        var wasm = WasiPrograms.Example("groupby");
        Sql("CREATE TABLE sales (fruit TEXT, amount REAL)");
        Sql("INSERT INTO sales VALUES ('apple', 1.5), ('pear', 2), ('apple', 3.25), ('fig', 1)");
        Create("CREATE PROCEDURE totals(least float8) RETURNS TABLE(fruit text, n int8, total float8) LANGUAGE wasi STDIN 'SELECT fruit, amount FROM sales WHERE amount >= $1 ORDER BY rowid' FORMAT csv STDOUT FORMAT csv AS $1", wasm);
        Assert.Equal(
            [[SqlValue.Text("apple"), SqlValue.Integer(2), SqlValue.Real(4.75)], [SqlValue.Text("pear"), SqlValue.Integer(1), SqlValue.Real(2)]],
            Call("totals", SqlValue.Real(1.5)));
    }

    [SkippableFact]
    public void Greyscale_transforms_a_bytea_image()
    {
        var wasm = WasiPrograms.Example("greyscale");
        var image = new MemoryStream();
        image.Write("P6\n2 1\n255\n"u8);
        image.Write([255, 0, 0, 10, 20, 30]);
        Sql("CREATE TABLE images (id INTEGER PRIMARY KEY, data BLOB)");
        Sql("INSERT INTO images VALUES (1, ?)", SqlValue.Blob(image.ToArray()));
        Create("CREATE PROCEDURE grey(id int8) RETURNS TABLE(pgm bytea) LANGUAGE wasi STDIN 'SELECT data FROM images WHERE id = $1' FORMAT raw STDOUT FORMAT raw AS $1", wasm);
        var pgm = Assert.Single(Call("grey", SqlValue.Integer(1)))[0].AsBlob;
        Assert.Equal([.. "P5\n2 1\n255\n"u8, 76, 18], pgm);
    }

    [SkippableFact]
    public void Named_channels_are_files_and_nothing_else_is()
    {
        var wasm = WasiPrograms.Test("channelcat");
        Sql("CREATE TABLE orders (id INTEGER, item TEXT)");
        Sql("INSERT INTO orders VALUES (1, 'tea'), (2, 'milk'), (3, 'sugar')");
        Create("CREATE PROCEDURE show(name text, first int8) RETURNS TABLE(id int8, item text) LANGUAGE wasi CHANNEL orders 'SELECT id, item FROM orders WHERE id >= $2 ORDER BY id' AS $1", wasm);
        Assert.Equal([[SqlValue.Integer(2), SqlValue.Text("milk")], [SqlValue.Integer(3), SqlValue.Text("sugar")]], Call("show", SqlValue.Text("orders"), SqlValue.Integer(2)));
        var e = Assert.Throws<TenantDbException>(() => Call("show", SqlValue.Text("../../etc/passwd"), SqlValue.Integer(0)));
        Assert.Equal(TenantDbErrorKind.ProcedureFailed, e.Kind);
        Assert.Contains("exited with status 1", e.Message, StringComparison.Ordinal);
        Assert.Contains("Capabilities insufficient", e.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void A_malformed_stdout_line_is_22P02_with_its_line_number()
    {
        var wasm = WasiPrograms.Example("cat");
        Sql("CREATE TABLE t (a TEXT)");
        Sql("INSERT INTO t VALUES ('1'), ('2'), ('three')");
        Create("CREATE PROCEDURE nums() RETURNS TABLE(n int8) LANGUAGE wasi STDIN 'SELECT a FROM t ORDER BY rowid' AS $1", wasm);
        var e = Assert.Throws<TenantDbException>(() => Call("nums"));
        Assert.Equal(TenantDbErrorKind.InvalidText, e.Kind);
        Assert.Contains("stdout line 3", e.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Arguments_are_argv_and_the_exit_status_fails_the_call()
    {
        var wasm = WasiPrograms.Test("probe");
        Create("CREATE PROCEDURE probe(status text, flag bool, x float8, b bytea) RETURNS TABLE(line text) LANGUAGE wasi STDOUT FORMAT csv AS $1", wasm);
        var rows = Call("probe", SqlValue.Text("0"), SqlValue.Integer(1), SqlValue.Real(0.5), SqlValue.Blob([0xab]));
        Assert.Equal(["arg 1: [0]", "arg 2: [t]", "arg 3: [0.5]", "arg 4: [\\xab]", "stdin: 0 bytes"], rows.Select(r => r[0].AsText));
        var e = Assert.Throws<TenantDbException>(() => Call("probe", SqlValue.Text("9"), SqlValue.Integer(0), SqlValue.Real(0), SqlValue.Null));
        Assert.Equal(TenantDbErrorKind.ProcedureFailed, e.Kind);
        Assert.Equal("procedure probe exited with status 9: probe: done", e.Message);
    }

    [SkippableFact]
    public void A_program_that_writes_forever_stops_at_a_limit_and_the_session_goes_on()
    {
        var wasm = WasiPrograms.Example("cat");
        Sql("CREATE TABLE t (a TEXT)");
        Sql("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) INSERT INTO t SELECT 'row ' || i FROM n");
        Create("CREATE PROCEDURE copy() RETURNS TABLE(a text) LANGUAGE wasi STDIN 'SELECT a FROM t' AS $1", wasm);
        _session.SetProcedureLimits(new ProcedureLimits { Fuel = 2_000_000_000, Timeout = TimeSpan.FromSeconds(60), MaxRowsRead = 1000 });
        var e = Assert.Throws<TenantDbException>(() => Call("copy"));
        Assert.Equal(TenantDbErrorKind.ProcedureLimit, e.Kind);
        Assert.Contains("rows read", e.Message, StringComparison.Ordinal);
        _session.SetProcedureLimits(null);
        Assert.Equal(20000, Call("copy").Count);
    }

    [SkippableFact]
    public void Closing_a_channel_ends_its_query_so_a_program_can_reopen_it_past_the_open_query_limit()
    {
        var wasm = WasiPrograms.Test("reopen");
        Sql("CREATE TABLE t (a INTEGER)");
        // Many more rows than one 64 KiB batch: a channel read once is still mid-query when it is closed.
        Sql("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50000) INSERT INTO t SELECT i FROM n");
        Create("CREATE PROCEDURE reopen(name text, times int8) RETURNS TABLE(a int8) LANGUAGE wasi STDIN 'SELECT a FROM t ORDER BY a DESC' CHANNEL numbers 'SELECT a FROM t ORDER BY a' AS $1", wasm);
        // One open query at a time: stdin's must be gone before the channel's first read, and each
        // channel open's before the next.
        _session.SetProcedureLimits(new ProcedureLimits { Fuel = 2_000_000_000, Timeout = TimeSpan.FromSeconds(60), MaxOpenChannels = 1 });
        try
        {
            var rows = Call("reopen", SqlValue.Text("numbers"), SqlValue.Integer(10));
            Assert.Equal([50000L, .. Enumerable.Repeat(1L, 10)], rows.Select(r => r[0].AsInteger));
        }
        finally
        {
            _session.SetProcedureLimits(null);
        }

        // The statements were released: the tenant can be written right after the call.
        Sql("DELETE FROM t");
    }

    [SkippableFact]
    public void Language_wasi_needs_a_wasi_module_and_valid_channels()
    {
        var wat = Encoding.UTF8.GetBytes("(module (memory (export \"memory\") 1) (func (export \"run\") (result i32) (i32.const 0)))");
        var e = Assert.Throws<TenantDbException>(() => Create("CREATE PROCEDURE p() LANGUAGE wasi AS $1", wat));
        Assert.Equal(TenantDbErrorKind.InvalidProcedure, e.Kind);
        var wasm = WasiPrograms.Example("cat");
        e = Assert.Throws<TenantDbException>(() => Create("CREATE PROCEDURE p(a int8) RETURNS TABLE(x text) LANGUAGE wasi STDIN 'SELECT $2' AS $1", wasm));
        Assert.Contains("$2", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<TenantDbException>(() => Create("CREATE PROCEDURE p() RETURNS TABLE(x int8, y int8) LANGUAGE wasi STDOUT FORMAT raw AS $1", wasm));
        Assert.Contains("raw", e.Message, StringComparison.Ordinal);
    }
}
