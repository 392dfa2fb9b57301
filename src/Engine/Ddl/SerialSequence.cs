namespace TenantDb.Engine.Ddl;

/// <summary>
/// A column whose values a sequence of the tenant's generates (a serial or identity column that is not
/// the table's row id, or a column whose default is <c>nextval</c> of a sequence).
/// </summary>
/// <param name="Column">The column.</param>
/// <param name="Sequence">The sequence's name (PostgreSQL's <c>table_column_seq</c> for a serial or identity column).</param>
/// <param name="Type">The column's type: smallint, integer or bigint.</param>
public sealed record SerialSequence(string Column, string Sequence, string Type)
{
    /// <summary>The options of the sequence to create with the column (an identity column's); null for the defaults.</summary>
    public SequenceOptions? Options { get; init; }

    /// <summary>
    /// The call that generates one value, for generated SQL: <c>nextval('"name"')</c> reads the
    /// double-quoted name as written (<c>""</c> for <c>"</c>), and the string literal doubles <c>'</c>.
    /// </summary>
    public string NextValueSql =>
        "nextval('\"" + Sequence.Replace("\"", "\"\"", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "\"')";

    /// <summary>PostgreSQL's name for the sequence of a serial or identity column: table_column_seq, within the 63 bytes of an identifier.</summary>
    public static string DefaultName(string table, string column)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(column);
        const int maxPrefix = 63 - 4;
        string prefix = table + "_" + column;
        if (System.Text.Encoding.UTF8.GetByteCount(prefix) > maxPrefix)
        {
            int keep = prefix.Length;
            while (keep > 0 && System.Text.Encoding.UTF8.GetByteCount(prefix.AsSpan(0, keep)) > maxPrefix) keep--;
            if (keep > 0 && char.IsHighSurrogate(prefix[keep - 1])) keep--;
            prefix = prefix[..keep];
        }
        return prefix + "_seq";
    }
}
