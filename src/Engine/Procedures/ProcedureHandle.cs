// SAFETY-CRITICAL for tenant isolation: a handle names code of one tenant. A session runs a handle only
// when the handle was resolved from that session's own tenant store (see TenantSession.CallProcedure).
namespace TenantDb.Engine.Procedures;

/// <summary>
/// A stored procedure resolved once: its signature, the limits its calls run under and (after the
/// first call) its compiled code. A client keeps the handle from the moment it prepares or describes
/// a CALL until it executes it, so the result columns it announced and the rows the call emits come
/// from the same definition. Handles are shared by the sessions of a tenant and stay valid while the
/// tenant's procedure catalog is unchanged; <see cref="TenantSession.CurrentProcedure"/> says whether
/// one still is.
/// </summary>
public sealed class ProcedureHandle
{
    private ProcedureCode? _code;

    internal ProcedureHandle(
        object owner,
        string name,
        IReadOnlyList<ProcedureColumn> parameters,
        IReadOnlyList<ProcedureColumn> columns,
        byte[] sha256,
        ProcedureLimits limits,
        long? stamp)
    {
        Owner = owner;
        Name = name;
        Parameters = parameters;
        Columns = columns;
        Sha256 = sha256;
        Limits = limits;
        Stamp = stamp;
    }

    /// <summary>The procedure's name.</summary>
    public string Name { get; }

    /// <summary>The declared parameters, in order.</summary>
    public IReadOnlyList<ProcedureColumn> Parameters { get; }

    /// <summary>The declared result columns, in order: exactly the shape of every row a call emits.</summary>
    public IReadOnlyList<ProcedureColumn> Columns { get; }

    /// <summary>The limits of the tenant when the handle was resolved.</summary>
    public ProcedureLimits Limits { get; }

    /// <summary>The tenant store the handle was resolved in (compared by reference before a call).</summary>
    internal object Owner { get; }

    /// <summary>The module's hash as stored with the procedure (the compiled-code cache's key).</summary>
    internal byte[] Sha256 { get; }

    /// <summary>The tenant's procedure-catalog stamp the handle was resolved under; null when the tenant has none (never cached).</summary>
    internal long? Stamp { get; }

    /// <summary>The compiled code and its idle instances, once the first call loaded it.</summary>
    internal ProcedureCode? Code
    {
        get => Volatile.Read(ref _code);
        set => Volatile.Write(ref _code, value);
    }

    /// <summary>True when <paramref name="other"/> declares the same result columns (names and types, in order).</summary>
    public bool HasSameColumns(ProcedureHandle other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Columns.Count != other.Columns.Count) return false;
        for (var i = 0; i < Columns.Count; i++)
            if (Columns[i] != other.Columns[i]) return false;
        return true;
    }
}
