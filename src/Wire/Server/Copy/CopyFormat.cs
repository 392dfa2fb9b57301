namespace TenantDb.Wire.Server.Copy;

/// <summary>The data format of a COPY: PostgreSQL's text, CSV or binary.</summary>
internal enum CopyFormat
{
    /// <summary>Tab-separated lines with backslash escapes, <c>\N</c> for NULL.</summary>
    Text,
    /// <summary>Comma-separated values with quoting.</summary>
    Csv,
    /// <summary>The PGCOPY binary format: a signature, then tuples of length-prefixed fields.</summary>
    Binary,
}
