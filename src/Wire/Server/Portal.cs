using TenantDb.Engine;
using TenantDb.Engine.Procedures;
using TenantDb.Engine.Values;
using TenantDb.Wire.Protocol;
using TenantDb.Wire.Sql;

namespace TenantDb.Wire.Server;

/// <summary>
/// A bound statement ready to run (Bind, or the implicit portal of a simple Query). Keeps the open
/// reader between Execute messages so row limits (PortalSuspended) resume where they stopped.
/// </summary>
internal sealed class Portal : IDisposable
{
    /// <summary>Creates a portal over <paramref name="statement"/> with decoded parameter values.</summary>
    public Portal(PreparedStatement statement, SqlValue[] parameters, short[] resultFormats, bool ownsStatement)
    {
        Statement = statement;
        Parameters = parameters;
        ResultFormats = resultFormats;
        OwnsStatement = ownsStatement;
    }

    /// <summary>The statement this portal runs.</summary>
    public PreparedStatement Statement { get; }

    /// <summary>Parameter values by PostgreSQL index.</summary>
    public SqlValue[] Parameters { get; }

    /// <summary>Result format codes as sent in Bind (0, 1 or one per column).</summary>
    public short[] ResultFormats { get; }

    /// <summary>Bytes of parameter values as the client sent them (counted against the connection's cap).</summary>
    public long ParameterBytes { get; init; }

    /// <summary>True for the simple-query portal, which disposes its statement with it.</summary>
    public bool OwnsStatement { get; }

    /// <summary>The running reader (null before the first Execute/Describe and after completion).</summary>
    public TenantReader? Reader { get; set; }

    /// <summary>True when <see cref="Reader"/> is positioned on a row not yet sent (read ahead to learn types).</summary>
    public bool PendingRow { get; set; }

    /// <summary>True once the statement has run to completion.</summary>
    public bool Completed { get; set; }

    /// <summary>Result columns, fixed the first time they are needed.</summary>
    public PgColumn[]? Columns { get; set; }

    /// <summary>Rows sent so far (for the SELECT n tag).</summary>
    public long RowsSent { get; set; }

    /// <summary>The procedure a CALL portal runs: the one its columns were described from.</summary>
    public ProcedureHandle? ProcedureTarget { get; set; }

    /// <summary>A result the wire layer produced itself (catalog, SHOW), sent instead of engine rows.</summary>
    public SyntheticResult? Synthetic { get; set; }

    /// <summary>Closes the reader (resetting the engine statement) and, for simple-query portals, the statement.</summary>
    public void Dispose()
    {
        Reader?.Dispose();
        Reader = null;
        Statement.InUse = false;
        if (OwnsStatement) Statement.Dispose();
    }
}
