using System.Data;
using Microsoft.Data.Sqlite;
using TenantDb.Engine.Errors;

namespace TenantDb.Engine;

/// <summary>
/// Commands created from a session's <see cref="HardenedSqliteConnection"/>: each execution starts the
/// statement deadline, and errors raised while starting it come out as <see cref="TenantDbException"/>.
/// </summary>
internal sealed class HardenedSqliteCommand : SqliteCommand
{
    /// <inheritdoc/>
    public override SqliteDataReader ExecuteReader(CommandBehavior behavior)
    {
        ConnectionGuard? guard = (Connection as HardenedSqliteConnection)?.Guard;
        guard?.StartStatement();
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
