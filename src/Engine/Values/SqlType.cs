namespace TenantDb.Engine.Values;

/// <summary>The storage class of a SQLite value, in SQLite's own order of fundamental types.</summary>
public enum SqlType
{
    /// <summary>SQL NULL.</summary>
    Null,

    /// <summary>A signed 64-bit integer.</summary>
    Integer,

    /// <summary>An IEEE 754 double.</summary>
    Real,

    /// <summary>UTF-8 text.</summary>
    Text,

    /// <summary>Raw bytes.</summary>
    Blob,
}
