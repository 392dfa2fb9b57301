namespace TenantDb.Wire.Sql;

/// <summary>
/// Maps a character of the SQL SQLite was given back to the text the client sent, so an error's
/// Position (1-based, in characters of the whole query string, as PostgreSQL counts them) points at
/// what the client wrote even when casts, literals or strings were rewritten.
/// </summary>
internal sealed class SqlPositionMap
{
    private readonly ClientStatement _statement;
    private readonly SqlEdits? _edits;

    /// <summary>A map for <paramref name="statement"/> rewritten by <paramref name="edits"/> (null: given to SQLite as written).</summary>
    public SqlPositionMap(ClientStatement statement, SqlEdits? edits)
    {
        _statement = statement;
        _edits = edits;
    }

    /// <summary>
    /// PostgreSQL's Position for the character at zero-based <paramref name="offset"/> (in UTF-16
    /// code units) of the rewritten statement; null when there is no offset.
    /// </summary>
    public int? ToClientPosition(int? offset)
    {
        if (offset is not int at || at < 0) return null;
        var index = _edits?.ToClientIndex(at) ?? Math.Min(_statement.Start + at, _statement.Text.Length);
        return CharacterCount(_statement.Text.AsSpan(0, Math.Min(index, _statement.Text.Length))) + 1;
    }

    // PostgreSQL counts characters (code points), so a surrogate pair is one character.
    private static int CharacterCount(ReadOnlySpan<char> text)
    {
        var count = text.Length;
        foreach (var c in text)
        {
            if (char.IsLowSurrogate(c)) count--;
        }
        return count;
    }
}
