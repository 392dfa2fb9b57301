namespace TenantDb.Wire.Server.Copy;

/// <summary>Where <see cref="CopyInState"/> delivers each decoded row (the engine's INSERT, or a test's list).</summary>
internal interface ICopyRowSink
{
    /// <summary>Takes one row read from input line <paramref name="line"/>; the fields are only valid during the call.</summary>
    void Row(CopyRow row, long line);

    /// <summary>Stores every row taken and not yet stored (at the end of the data).</summary>
    void Flush();
}
