using System.Data;
using Microsoft.Data.Sqlite;
using TenantDb.Engine.Errors;

namespace TenantDb.Engine.Hardening;

/// <summary>
/// Commands created from a session's <see cref="HardenedSqliteConnection"/>: each execution starts the
/// statement deadline, and errors raised while starting it come out as <see cref="TenantDbException"/>.
/// </summary>
internal sealed class HardenedSqliteCommand : SqliteCommand
{
    /// <inheritdoc/>
    public override void Prepare()
    {
        (Connection as HardenedSqliteConnection)?.Guard?.PreparingText = CommandText;
        base.Prepare();
    }

    /// <inheritdoc/>
    public override SqliteDataReader ExecuteReader(CommandBehavior behavior)
    {
        ConnectionGuard? guard = (Connection as HardenedSqliteConnection)?.Guard;
        guard?.StartStatement();
        // Microsoft.Data.Sqlite prepares the command's statements lazily, one per result set, all from
        // this text. Host code that prepares other statements while this reader is still open moves the
        // authorizer's rename check to that other text; only embedding code (trusted) can do that, tenant
        // SQL from the wire always prepares through TenantSession.Prepare.
        guard?.PreparingText = CommandText;
        try
        {
            return base.ExecuteReader(behavior);
        }
        catch (SqliteException ex)
        {
            TenantDbErrorKind kind = SqliteErrorMapper.Classify(ex.SqliteErrorCode & 0xff, ex.Message, guard);
            throw new TenantDbException(kind, ex.Message, ex.SqliteErrorCode & 0xff, ex.SqliteExtendedErrorCode, null);
        }
    }
}
