// SAFETY-CRITICAL for the trust boundary: these functions run trusted statements on the reserved
// sequences table from inside tenant statements. They name only that table, schema-qualified, bind every
// value, re-validate every row they read, and restore the connection's trust flag before returning.
using SQLitePCL;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Hardening;
using TenantDb.Engine.Values;

namespace TenantDb.Engine.Ddl;

/// <summary>
/// <c>nextval</c>, <c>currval</c>, <c>setval</c> and <c>lastval</c> as SQLite functions of one tenant
/// connection. Sequence positions are rows of the reserved sequences table, written in the calling
/// statement's transaction (so, unlike PostgreSQL, a rolled-back transaction also rolls back its
/// nextval calls: values are never skipped, and never handed out twice by committed transactions).
/// What currval and lastval return is the session's, reset when the connection starts a new session.
/// </summary>
internal sealed class SequenceFunctions
{
    private readonly HardenedSqliteConnection _connection;
    // The session's values; a connection lent to another session gets that session's object.
    private SessionSequenceValues _values = new();

    private SequenceFunctions(HardenedSqliteConnection connection) => _connection = connection;

    /// <summary>The functions' names: a statement calling one of these writes, even when SQLite sees a SELECT.</summary>
    public static bool IsWriting(string? function) =>
        string.Equals(function, "nextval", StringComparison.OrdinalIgnoreCase) || string.Equals(function, "setval", StringComparison.OrdinalIgnoreCase);

    /// <summary>Registers the functions on <paramref name="connection"/>.</summary>
    public static SequenceFunctions Install(HardenedSqliteConnection connection)
    {
        var functions = new SequenceFunctions(connection);
        connection.CreateFunction("nextval", (object? name) => functions.NextValue(name), isDeterministic: false);
        connection.CreateFunction("currval", (object? name) => functions.CurrentValue(name), isDeterministic: false);
        connection.CreateFunction("lastval", () => functions._values.Last ?? throw Error("55000", "lastval is not yet defined in this session"), isDeterministic: false);
        connection.CreateFunction("setval", (object? name, object? value) => functions.SetValue(name, value, true), isDeterministic: false);
        connection.CreateFunction("setval", (object? name, object? value, object? isCalled) => functions.SetValue(name, value, isCalled is not (null or 0L or "f" or "false")), isDeterministic: false);
        return functions;
    }

    /// <summary>The connection serves <paramref name="values"/>' session now (a new session: a new, empty object).</summary>
    public void StartSession(SessionSequenceValues values) => _values = values;

    /// <summary>The values of the session the connection serves.</summary>
    public SessionSequenceValues Values => _values;

    private long NextValue(object? name)
    {
        var state = Read(SequenceName(name));
        state = state.Next(out long value);
        Write(state);
        _values.Record(state.Name, value);
        return value;
    }

    private long CurrentValue(object? name)
    {
        string sequence = SequenceName(name);
        _ = Read(sequence);
        return _values.TryGetCurrent(sequence, out long value)
            ? value
            : throw Error("55000", $"currval of sequence \"{sequence}\" is not yet defined in this session");
    }

    private long SetValue(object? name, object? value, bool isCalled)
    {
        if (value is not long number) throw Error("22023", "setval: the value must be an integer");
        var state = Read(SequenceName(name)).Set(number, isCalled);
        Write(state);
        if (isCalled)
        {
            _values.Record(state.Name, number);
        }

        return number;
    }

    // PostgreSQL reads the argument as a regclass: 's' and 'S' name s, '"S"' names S, 'public.s' names s.
    internal static string SequenceName(object? argument)
    {
        if (argument is not string text) throw Error("42P01", "relation \"\" does not exist");
        text = text.Trim();
        if (text.StartsWith("public.", StringComparison.OrdinalIgnoreCase)) text = text[7..];
        if (text.Length >= 2 && text[0] == '"' && text[^1] == '"') return text[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal);
        return text.ToLowerInvariant();
    }

    private SequenceState Read(string name)
    {
        SequenceState? state = null;
        Run("SELECT name, increment, min_value, max_value, start_value, cycle, last_value, is_called FROM " + TenantSession.SequencesTable + " WHERE name = ?1",
            stmt => raw.sqlite3_bind_text(stmt, 1, name),
            stmt =>
            {
                var row = new SqlValue[8];
                row[0] = SqlValue.Text(raw.sqlite3_column_text(stmt, 0).utf8_to_string());
                for (int i = 1; i < 8; i++)
                {
                    row[i] = raw.sqlite3_column_type(stmt, i) == raw.SQLITE_INTEGER ? SqlValue.Integer(raw.sqlite3_column_int64(stmt, i)) : SqlValue.Null;
                }

                state = SequenceState.FromRow(row);
            },
            missingTableIsEmpty: true);
        return state ?? throw Error("42P01", $"relation \"{name}\" does not exist");
    }

    private void Write(SequenceState state) =>
        Run("UPDATE " + TenantSession.SequencesTable + " SET last_value = ?2, is_called = ?3 WHERE name = ?1",
            stmt =>
            {
                raw.sqlite3_bind_text(stmt, 1, state.Name);
                raw.sqlite3_bind_int64(stmt, 2, state.LastValue);
                raw.sqlite3_bind_int64(stmt, 3, state.IsCalled ? 1 : 0);
            },
            null,
            missingTableIsEmpty: false);

    // Prepares and runs one engine statement on the connection, trusted, while the tenant's statement
    // that called the function is paused inside it.
    private void Run(string sql, Action<sqlite3_stmt> bind, Action<sqlite3_stmt>? onRow, bool missingTableIsEmpty)
    {
        sqlite3 db = _connection.Handle!;
        ConnectionGuard guard = _connection.Guard!;
        using (guard.EnterTrusted())
        {
            int rc = raw.sqlite3_prepare_v2(db, sql, out sqlite3_stmt stmt);
            using (stmt)
            {
                if (rc != SqliteResultCodes.Ok)
                {
                    if (missingTableIsEmpty && (raw.sqlite3_errmsg(db).utf8_to_string() ?? string.Empty).Contains("no such table", StringComparison.Ordinal)) return;
                    throw SqliteErrorMapper.Create(db, rc, guard);
                }

                bind(stmt);
                while ((rc = raw.sqlite3_step(stmt)) == SqliteResultCodes.Row) onRow?.Invoke(stmt);
                if (rc != SqliteResultCodes.Done) throw SqliteErrorMapper.Create(db, rc, guard);
            }
        }
    }

    // Only the message crosses SQLite (as the calling statement's error text); SqlStateMapping reads the
    // SQLSTATE back from PostgreSQL's wording.
    private static TenantDbException Error(string sqlState, string message) => new(TenantDbErrorKind.Sql, sqlState, message);
}
