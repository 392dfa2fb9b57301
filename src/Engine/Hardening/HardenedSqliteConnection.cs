using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace TenantDb.Engine.Hardening;

/// <summary>
/// The <see cref="DbConnection"/> a session hands to Dapper and other ADO.NET code. It is the very
/// connection the session's own statements run on, already hardened; it refuses extension loading, and
/// closing or disposing it from outside is ignored because the session owns its lifetime.
/// </summary>
internal sealed class HardenedSqliteConnection : SqliteConnection
{
    private bool _ownerClosing;

    public HardenedSqliteConnection(string connectionString)
        : base(connectionString)
    {
    }

    /// <summary>Set once the connection is hardened; null before.</summary>
    public ConnectionGuard? Guard { get; set; }

    /// <summary>True once the <c>tenantdb_usage</c> view exists on this connection.</summary>
    public bool UsageViewInstalled { get; set; }

    /// <summary>The sequence functions (nextval...) registered on this connection, once registered.</summary>
    public Ddl.SequenceFunctions? Sequences { get; set; }

    /// <summary>The connection's PostgreSQL catalog, created on first use; it lives as long as the connection.</summary>
    public PgCatalog.PgSessionCatalog? PgCatalog { get; set; }

    /// <inheritdoc/>
    public override SqliteCommand CreateCommand() =>
        new HardenedSqliteCommand { Connection = this, CommandTimeout = DefaultTimeout, Transaction = Transaction };

    /// <inheritdoc/>
    protected override DbCommand CreateDbCommand() => CreateCommand();

    /// <inheritdoc/>
    public override void EnableExtensions(bool enable = true) =>
        throw new NotSupportedException("Extension loading is disabled for tenant connections.");

    /// <inheritdoc/>
    public override void LoadExtension(string file, string? proc = null) =>
        throw new NotSupportedException("Extension loading is disabled for tenant connections.");

    /// <inheritdoc/>
    public override void Close()
    {
        if (_ownerClosing)
        {
            base.Close();
        }
    }

    /// <summary>Really closes the native connection; only the owning session or pool calls this.</summary>
    public void CloseByOwner()
    {
        Guard?.MarkClosed();
        _ownerClosing = true;
        base.Close();
        Dispose();
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (_ownerClosing)
        {
            base.Dispose(disposing);
        }
    }

    /// <inheritdoc/>
    public override void Open()
    {
        if (State != ConnectionState.Open)
        {
            base.Open();
        }
    }
}
