namespace TenantDb.Wire.Sql;

/// <summary>What the wire layer does with a statement before (or instead of) handing it to SQLite.</summary>
internal enum StatementKind
{
    /// <summary>Ordinary SQL: SQLite runs it.</summary>
    Engine,
    /// <summary>BEGIN / START TRANSACTION [isolation ...].</summary>
    Begin,
    /// <summary>COMMIT / END [WORK|TRANSACTION].</summary>
    Commit,
    /// <summary>ROLLBACK / ABORT (not ROLLBACK TO SAVEPOINT, which SQLite runs).</summary>
    Rollback,
    /// <summary>SET / RESET: accepted, remembered for SHOW, otherwise harmless.</summary>
    Set,
    /// <summary>SHOW name.</summary>
    Show,
    /// <summary>DISCARD ALL / DEALLOCATE: forget prepared statements.</summary>
    Discard,
    /// <summary>LISTEN/UNLISTEN and similar PostgreSQL-only no-ops.</summary>
    NoOp,
    /// <summary>DDL SQLite has no single statement for (multi-object DROP, TRUNCATE, ADD/DROP CONSTRAINT, sequences, VACUUM, ANALYZE, LOCK).</summary>
    Ddl,
    /// <summary>A PostgreSQL feature TenantDb does not have: answered with 0A000 naming it.</summary>
    Unsupported,
    /// <summary>CREATE [OR REPLACE] PROCEDURE, DROP PROCEDURE, CALL: the engine's procedure commands.</summary>
    Procedure,
    /// <summary>COPY ... FROM STDIN / TO STDOUT: the COPY sub-protocol.</summary>
    Copy,
    /// <summary>SQL-level PREPARE name [(types)] AS statement.</summary>
    Prepare,
    /// <summary>SQL-level EXECUTE name [(arguments)].</summary>
    ExecutePrepared,
    /// <summary>SQL-level cursors: DECLARE, FETCH, MOVE, CLOSE.</summary>
    Cursor,
}
