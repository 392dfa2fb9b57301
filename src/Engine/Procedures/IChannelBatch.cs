namespace TenantDb.Engine.Procedures;

/// <summary>Where a channel read of <see cref="ProcedureCallContext"/> puts the rows, one batch at a time.</summary>
internal interface IChannelBatch
{
    /// <summary>
    /// Adds <paramref name="row"/> to the batch, or returns false (having added nothing) when the
    /// batch is full; <paramref name="first"/> says the batch is still empty.
    /// </summary>
    bool TryAdd(ChannelRow row, bool first);
}
