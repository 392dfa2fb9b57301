using TenantDb.Engine;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Procedures;

namespace TenantDb.Cluster.MapReduce;

/// <summary>
/// Runs one stored procedure in one tenant on this node, under that tenant's own procedure limits,
/// and collects the rows it emits. A failure (no such procedure, a trap, a limit) is the tenant's
/// result, not an exception: map-reduce reports it in its error table and goes on.
/// </summary>
internal static class TenantProcedureCall
{
    public static TenantMapResult Run(TenantDbEngine engine, string tenant, string procedure, IReadOnlyList<MapValue> arguments, CancellationToken cancellationToken)
    {
        try
        {
            using var session = engine.OpenSession(tenant);
            // Cancelling the job interrupts the call like a CancelRequest does (it fails with Canceled).
            using var cancel = cancellationToken.Register(session.Interrupt);
            // One resolution gives the column names and the code that runs: they cannot disagree.
            var handle = session.TryResolveProcedure(procedure, out var resolved)
                ? resolved
                : throw new TenantDbException(TenantDbErrorKind.UndefinedProcedure, $"procedure \"{procedure}\" does not exist");
            var columns = handle.Columns.Select(c => c.Name).ToArray();
            var sink = new CollectingRowSink();
            var values = arguments.Select(a => a.ToSqlValue()).ToArray();
            session.CallProcedure(handle, values, sink);
            return new TenantMapResult(tenant, columns, [.. sink.Rows], null, null);
        }
        catch (TenantDbException ex)
        {
            return TenantMapResult.Failed(tenant, ex.Kind.ToString(), ex.Message);
        }
    }
}
