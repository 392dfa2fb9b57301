namespace TenantDb.Engine.Values;

/// <summary>
/// The type of a result column as far as the engine can tell before reading a row: from the column's
/// declared type (SQLite's affinity rules, plus BOOL and NUMERIC/DECIMAL), or for an expression from
/// its shape. <see cref="Unknown"/> means only a value will tell.
/// </summary>
public enum ColumnType
{
    /// <summary>No declared type and no recognisable expression: the values decide.</summary>
    Unknown,

    /// <summary>Declared BOOL or BOOLEAN (stored as an integer 0 or 1).</summary>
    Boolean,

    /// <summary>Integer affinity (a declared type containing INT), or an expression that always yields an integer.</summary>
    Integer,

    /// <summary>Real affinity (REAL, FLOA, DOUB), or an expression that always yields a double.</summary>
    Real,

    /// <summary>Declared NUMERIC or DECIMAL.</summary>
    Numeric,

    /// <summary>Text affinity (CHAR, CLOB, TEXT) and every other declared name (dates, JSON and UUIDs are stored as text).</summary>
    Text,

    /// <summary>Declared BLOB or BYTEA.</summary>
    Blob,

    /// <summary>Declared <c>oid</c> (the PostgreSQL catalog's object identifiers).</summary>
    Oid,

    /// <summary>Declared <c>name</c> (the PostgreSQL catalog's identifiers).</summary>
    Name,

    /// <summary>Declared <c>"char"</c> (the PostgreSQL catalog's one-byte codes).</summary>
    Char,
}
