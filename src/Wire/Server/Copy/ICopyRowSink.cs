namespace TenantDb.Wire.Server.Copy;

/// <summary>Where <see cref="CopyInState"/> delivers each decoded row (the engine's INSERT, or a test's list).</summary>
internal interface ICopyRowSink
{
    /// <summary>Stores one row; the fields are only valid during the call.</summary>
    void Row(CopyRow row);
}
