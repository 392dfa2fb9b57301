namespace TenantDb.Wire.Server.Cursors;

/// <summary>The rows a cursor moves over, numbered from 1, read lazily.</summary>
internal interface ICursorRows
{
    /// <summary>True when row <paramref name="row"/> exists; reads ahead to it if needed (rows between are read too).</summary>
    bool Exists(long row);

    /// <summary>The number of rows, reading to the end.</summary>
    long Count();
}
