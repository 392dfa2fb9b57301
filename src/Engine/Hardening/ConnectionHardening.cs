// SAFETY-CRITICAL: every connection that runs tenant SQL passes through Apply before its first statement.
using SQLitePCL;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Tenants;

namespace TenantDb.Engine.Hardening;

/// <summary>Locks a freshly opened SQLite connection down for hostile tenant SQL.</summary>
internal static class ConnectionHardening
{
    /// <summary>Applies defensive mode, limits, the authorizer, the progress handler and the quota.</summary>
    public static ConnectionGuard Apply(sqlite3 db, EngineOptions options, TenantQuota quota)
    {
        ApplyConfigAndLimits(db, options);
        Check(db, raw.sqlite3_busy_timeout(db, (int)Math.Min(int.MaxValue, options.BusyTimeout.TotalMilliseconds)));

        var guard = new ConnectionGuard(db, options.StatementTimeout, options.BusyTimeout);
        guard.InstallProgressHandler(options.ProgressCheckInterval);
        TenantAuthorizer.Install(db, guard);

        // The quota is a per-connection setting: the guard applies it now and again whenever it changes.
        // Tenant SQL cannot raise it: writing max_page_count is not on the pragma allow-list.
        guard.Quota = quota;
        using (guard.EnterTrusted())
        {
            guard.ApplyQuotaIfChanged();

            // WAL + NORMAL: a commit survives a process crash; only an OS crash may lose the last commits.
            // FULL: each commit is flushed to disk.
            Exec(db, guard, options.Synchronous == SynchronousMode.Full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
            Exec(db, guard, "PRAGMA foreign_keys = ON");

            // The WAL counts against the quota; its hook also takes over SQLite's auto-checkpoint.
            guard.InstallQuotaHooks();
        }

        return guard;
    }

    /// <summary>
    /// The connection-level safety settings and lowered limits, without authorizer or quota: also used
    /// on connections that inspect a database file from outside before it becomes a tenant's.
    /// </summary>
    public static void ApplyConfigAndLimits(sqlite3 db, EngineOptions options)
    {
        Config(db, SqliteLimitIds.ConfigDefensive, 1);
        Config(db, SqliteLimitIds.ConfigEnableLoadExtension, 0);
        Config(db, SqliteLimitIds.ConfigWritableSchema, 0);
        Config(db, SqliteLimitIds.ConfigEnableFts3Tokenizer, 0);
        Config(db, SqliteLimitIds.ConfigTrustedSchema, 0);
        Config(db, SqliteLimitIds.ConfigDqsDml, 0);
        Config(db, SqliteLimitIds.ConfigDqsDdl, 0);

        // Closing an idle connection (LRU eviction) must be cheap: leave the WAL for the next opener
        // or the automatic checkpoint instead of checkpointing with fsyncs on every close.
        Config(db, SqliteLimitIds.ConfigNoCheckpointOnClose, 1);
        Check(db, raw.sqlite3_enable_load_extension(db, 0));

        raw.sqlite3_limit(db, SqliteLimitIds.Attached, 0);
        raw.sqlite3_limit(db, SqliteLimitIds.Length, options.MaxValueLength);
        raw.sqlite3_limit(db, SqliteLimitIds.SqlLength, options.MaxSqlLength);
        raw.sqlite3_limit(db, SqliteLimitIds.Column, options.MaxColumns);
        raw.sqlite3_limit(db, SqliteLimitIds.ExprDepth, options.MaxExpressionDepth);
        raw.sqlite3_limit(db, SqliteLimitIds.CompoundSelect, options.MaxCompoundSelect);
        raw.sqlite3_limit(db, SqliteLimitIds.VdbeOp, options.MaxVdbeOps);
        raw.sqlite3_limit(db, SqliteLimitIds.FunctionArg, 32);
        raw.sqlite3_limit(db, SqliteLimitIds.LikePatternLength, 1000);
        raw.sqlite3_limit(db, SqliteLimitIds.VariableNumber, options.MaxParameters);
        raw.sqlite3_limit(db, SqliteLimitIds.TriggerDepth, options.MaxTriggerDepth);
        raw.sqlite3_limit(db, SqliteLimitIds.WorkerThreads, 0);
        Check(db, raw.sqlite3_extended_result_codes(db, 1));
    }

    /// <summary>Runs one trusted statement to completion, discarding rows.</summary>
    public static void Exec(sqlite3 db, ConnectionGuard guard, string sql)
    {
        int rc = raw.sqlite3_prepare_v2(db, sql, out sqlite3_stmt stmt);
        if (rc != SqliteResultCodes.Ok)
        {
            throw SqliteErrorMapper.Create(db, rc, guard);
        }

        using (stmt)
        {
            guard.StartStatement();
            while ((rc = raw.sqlite3_step(stmt)) == SqliteResultCodes.Row)
            {
            }

            if (rc != SqliteResultCodes.Done)
            {
                throw SqliteErrorMapper.Create(db, rc, guard);
            }
        }
    }

    private static void Config(sqlite3 db, int op, int value) => Check(db, raw.sqlite3_db_config(db, op, value, out _));

    private static void Check(sqlite3 db, int rc)
    {
        if (rc != SqliteResultCodes.Ok)
        {
            throw SqliteErrorMapper.Create(db, rc, null);
        }
    }
}
