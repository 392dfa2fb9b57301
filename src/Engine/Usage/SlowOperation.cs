namespace TenantDb.Engine.Usage;

/// <summary>
/// A statement or procedure call that took at least <see cref="EngineOptions.SlowThreshold"/>, for the
/// slow log. It never carries parameter values: <see cref="Text"/> is the statement's SQL as prepared
/// (placeholders, not values), cut to <see cref="MaxTextLength"/> characters, or the procedure's name.
/// </summary>
/// <param name="Tenant">The tenant.</param>
/// <param name="IsCall">True for a procedure call, false for a statement.</param>
/// <param name="Duration">How long it ran.</param>
/// <param name="Rows">Rows a statement returned, or a call emitted.</param>
/// <param name="Fuel">Fuel a call used; 0 for statements.</param>
/// <param name="Text">The SQL (truncated) or the procedure's name.</param>
public sealed record SlowOperation(string Tenant, bool IsCall, TimeSpan Duration, long Rows, long Fuel, string Text)
{
    /// <summary>Longest SQL text a slow-log entry carries; longer text is cut and ends with "...".</summary>
    public const int MaxTextLength = 200;

    /// <summary><paramref name="sql"/> cut to <see cref="MaxTextLength"/> characters.</summary>
    public static string Truncate(string sql) => sql.Length <= MaxTextLength ? sql : string.Concat(sql.AsSpan(0, MaxTextLength - 3), "...");
}
