using System.Text;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Procedures;
using TenantDb.Engine.Values;

namespace TenantDb.Engine.Tests.Procedures;

/// <summary>A procedure resolved once into a handle: cached per tenant, replaced by catalog changes from any session, never run across tenants.</summary>
public sealed class ProcedureHandleTests : IDisposable
{
    private readonly TenantDbEngine _engine = TenantDbEngine.OpenInMemory(new EngineOptions
    {
        ProcedureLimits = new ProcedureLimits { Fuel = 20_000_000, Timeout = TimeSpan.FromSeconds(30) },
    });

    public ProcedureHandleTests()
    {
        _engine.CreateTenant("a");
        _engine.CreateTenant("b");
    }

    public void Dispose() => _engine.Dispose();

    private static readonly ProcedureColumn[] One = [new("v", ProcedureType.Int8)];
    private static readonly ProcedureColumn[] Two = [new("v", ProcedureType.Int8), new("w", ProcedureType.Text)];
    private static byte[] Echo => Encoding.UTF8.GetBytes(ProcedureModules.Echo);

    private sealed class CountingSink : IProcedureRowSink
    {
        public int Rows => Widths.Count;
        public List<int> Widths { get; } = [];
        public void OnRow(ProcedureRow row) => Widths.Add(row.Count);
    }

    [Fact]
    public void Resolving_again_reuses_the_handle_without_reading_the_catalog()
    {
        using var session = _engine.OpenSession("a");
        session.CreateProcedure("echo", One, One, Echo);
        Assert.True(session.TryResolveProcedure("echo", out var first));
        var loads = _engine.ProcedureSignatureLoads;
        using var other = _engine.OpenSession("a");
        Assert.True(other.TryResolveProcedure("echo", out var second));
        Assert.Same(first, second);
        Assert.Same(first, session.CurrentProcedure(first));
        for (var i = 0; i < 3; i++) session.CallProcedure("echo", [SqlValue.Integer(i)], new CountingSink());
        Assert.Equal(loads, _engine.ProcedureSignatureLoads);
        Assert.Equal(One, first.Columns);
        Assert.False(session.TryResolveProcedure("missing", out _));
    }

    [Fact]
    public void Replace_from_another_session_makes_the_handle_stale_and_drop_makes_it_gone()
    {
        using var session = _engine.OpenSession("a");
        using var admin = _engine.OpenSession("a");
        session.CreateProcedure("echo", One, One, Echo);
        Assert.True(session.TryResolveProcedure("echo", out var old));

        admin.CreateProcedure("echo", Two, Two, Echo, orReplace: true);
        var current = session.CurrentProcedure(old);
        Assert.NotNull(current);
        Assert.NotSame(old, current);
        Assert.False(current.HasSameColumns(old));
        Assert.Equal(Two, current.Columns);

        admin.DropProcedure("echo");
        Assert.Null(session.CurrentProcedure(current));
    }

    [Fact]
    public void A_rolled_back_replace_leaves_the_old_handle_current()
    {
        // On disk (WAL), so a reader is not blocked by the open write transaction, as in production.
        var directory = Directory.CreateTempSubdirectory("tenantdb-handles-");
        try
        {
            using var engine = TenantDbEngine.Open(directory.FullName, new EngineOptions { ProcedureLimits = new ProcedureLimits { Timeout = TimeSpan.FromSeconds(30) } });
            engine.CreateTenant("a");
            using var session = engine.OpenSession("a");
            using var admin = engine.OpenSession("a");
            session.CreateProcedure("echo", One, One, Echo);
            Assert.True(session.TryResolveProcedure("echo", out var old));

            admin.Begin();
            admin.CreateProcedure("echo", Two, Two, Echo, orReplace: true);
            Assert.True(admin.TryResolveProcedure("echo", out var uncommitted));
            Assert.Equal(Two, uncommitted.Columns); // its own transaction sees its change
            Assert.Same(old, session.CurrentProcedure(old)); // nobody else does
            admin.Rollback();

            Assert.Same(old, session.CurrentProcedure(old));
            Assert.Same(old, admin.CurrentProcedure(old));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Changing_limits_makes_handles_stale_and_the_new_handle_carries_them()
    {
        using var session = _engine.OpenSession("a");
        session.CreateProcedure("echo", One, One, Echo);
        Assert.True(session.TryResolveProcedure("echo", out var old));
        session.SetProcedureLimits(new ProcedureLimits { Fuel = 12345 });
        var current = session.CurrentProcedure(old);
        Assert.NotSame(old, current);
        Assert.Equal(12345, current!.Limits.Fuel);
    }

    [Fact]
    public void A_stale_handle_runs_its_own_code_or_fails_clearly_never_other_code()
    {
        using var session = _engine.OpenSession("a");
        session.CreateProcedure("echo", One, One, Echo);
        Assert.True(session.TryResolveProcedure("echo", out var old));
        session.DropProcedure("echo");
        session.CreateProcedure("echo", Two, Two, Encoding.UTF8.GetBytes(ProcedureModules.Echo.Replace("(memory (export \"memory\") 1)", "(memory (export \"memory\") 2)", StringComparison.Ordinal)));
        var sink = new CountingSink();
        try
        {
            session.CallProcedure(old, [SqlValue.Integer(1)], sink);
            Assert.Equal(1, sink.Rows); // the old code, with the old shape
            Assert.All(sink.Widths, width => Assert.Equal(One.Length, width));
        }
        catch (TenantDbException e)
        {
            Assert.Equal(TenantDbErrorKind.UndefinedProcedure, e.Kind);
            Assert.Contains("replaced or dropped", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_handle_of_one_tenant_is_refused_by_a_session_of_another()
    {
        using var a = _engine.OpenSession("a");
        using var b = _engine.OpenSession("b");
        a.CreateProcedure("echo", One, One, Echo);
        b.CreateProcedure("echo", One, One, Echo);
        Assert.True(a.TryResolveProcedure("echo", out var handle));
        Assert.Throws<ArgumentException>(() => b.CallProcedure(handle, [SqlValue.Integer(1)], new CountingSink()));
        Assert.True(b.TryResolveProcedure("echo", out var own));
        Assert.NotSame(handle, own);
    }

    [Fact]
    public void Statement_types_come_from_the_target()
    {
        using var session = _engine.OpenSession("a");
        session.CreateProcedure("echo", Two, Two, Echo);
        Assert.True(ProcedureStatement.TryParse("CALL echo($2, $1)", out var call));
        Assert.Equal(ProcedureCommandKind.Call, call!.Kind);
        Assert.Equal("echo", call.Target);
        Assert.True(session.TryResolveProcedure("echo", out var target));
        Assert.Equal([ProcedureType.Text, ProcedureType.Int8], call.ParameterTypes(target));
        Assert.Equal(new ProcedureType?[2], call.ParameterTypes(null));
        Assert.True(ProcedureStatement.TryParse("CREATE PROCEDURE p() AS $1", out var create));
        Assert.Equal([ProcedureType.Bytea], create!.ParameterTypes(null));
        Assert.False(ProcedureStatement.TryParse("SELECT 1", out _));
    }
}
