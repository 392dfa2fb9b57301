using SQLitePCL;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Sql;

namespace TenantDb.Engine;

/// <summary>Preparing statements from SQL text, one at a time (multi-statement text walks forward).</summary>
public sealed partial class TenantSession
{
    private const uint PreparePersistent = 0x01;

    private readonly SqlTextBuffer _sqlText = new();

    /// <summary>Prepares exactly one SQL statement; more than one is a <see cref="TenantDbErrorKind.Syntax"/> error.</summary>
    public TenantStatement Prepare(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        TenantStatement statement = Prepare(sql, 0, out int end)
            ?? throw new TenantDbException(TenantDbErrorKind.Syntax, "empty statement");
        if (end < sql.Length)
        {
            // The tail may be only comments or semicolons; anything that prepares is a second statement.
            TenantStatement? second;
            try
            {
                second = Prepare(sql, end, out _);
            }
            catch (TenantDbException)
            {
                statement.Dispose();
                throw;
            }

            if (second is not null)
            {
                second.Dispose();
                statement.Dispose();
                throw new TenantDbException(TenantDbErrorKind.Syntax, "cannot insert multiple commands into a prepared statement");
            }
        }

        return statement;
    }

    /// <summary>
    /// Prepares the first statement of <paramref name="sql"/> and returns the unparsed rest in
    /// <paramref name="remaining"/>. Returns null when <paramref name="sql"/> holds no statement (only
    /// whitespace, comments or semicolons); then <paramref name="remaining"/> is empty. For long
    /// multi-statement text prefer <see cref="Prepare(string, int, out int)"/>, which does not copy the rest.
    /// </summary>
    public TenantStatement? Prepare(string sql, out string remaining)
    {
        TenantStatement? statement = Prepare(sql, 0, out int end);
        remaining = end >= sql.Length ? string.Empty : sql[end..];
        return statement;
    }

    /// <summary>
    /// Prepares the first statement of <paramref name="sql"/> at or after character
    /// <paramref name="startIndex"/>; <paramref name="endIndex"/> is where the next one starts. Returns
    /// null (and <paramref name="endIndex"/> = length) when only whitespace, comments or semicolons are
    /// left. Walking one string forward this way encodes it to UTF-8 once, so a script of many statements
    /// costs time linear in its length. Error offsets are relative to the whole <paramref name="sql"/>.
    /// </summary>
    public TenantStatement? Prepare(string sql, int startIndex, out int endIndex)
    {
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentOutOfRangeException.ThrowIfNegative(startIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(startIndex, sql.Length);
        ThrowIfUnusable();

        int startByte = _sqlText.Load(sql, startIndex);
        _guard.PreparingText = sql;
        _guard.PreparedCallsWritingFunction = false;
        while (true)
        {
            if (startByte >= _sqlText.Length)
            {
                endIndex = sql.Length;
                return null;
            }

            // The span includes the NUL terminator so SQLite parses in place instead of copying the rest.
            ReadOnlySpan<byte> current = _sqlText.Utf8WithTerminator[startByte..];
            int rc = raw.sqlite3_prepare_v3(_db, current, PreparePersistent, out sqlite3_stmt stmt, out ReadOnlySpan<byte> tail);
            if (rc != SqliteResultCodes.Ok)
            {
                stmt?.Dispose();
                throw SqliteErrorMapper.Create(_db, rc, _guard, _sqlText.Utf8, startByte);
            }

            int endByte = Math.Min(_sqlText.Length, _sqlText.Length + 1 - tail.Length);
            endIndex = _sqlText.Advance(startByte, endByte);
            if (stmt is not null && !stmt.IsInvalid)
            {
                var statement = new TenantStatement(this, stmt);
                _statements.Add(statement);
                return statement;
            }

            stmt?.Dispose();
            if (endByte <= startByte)
            {
                endIndex = sql.Length;
                return null;
            }

            startByte = endByte;
        }
    }

    /// <summary>
    /// Prepares the next statement of a multi-statement string and advances <paramref name="sql"/> past
    /// it; null when nothing but whitespace, comments or semicolons is left. (Copies the rest each call;
    /// <see cref="Prepare(string, int, out int)"/> does not.)
    /// </summary>
    public TenantStatement? PrepareNext(ref ReadOnlySpan<char> sql)
    {
        if (sql.IsEmpty)
        {
            return null;
        }

        TenantStatement? statement = Prepare(sql.ToString(), 0, out int end);
        sql = sql[end..];
        return statement;
    }
}
