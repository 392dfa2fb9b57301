using System.Text.Json;
using TenantDb.Engine.Errors;

namespace TenantDb.Engine.Procedures;

/// <summary>
/// Reads a tenant's procedure limits back from its database. They were written by the engine, but the
/// file they live in is the tenant's (and may come from a restore), so they are checked like input.
/// </summary>
internal static class StoredProcedureLimits
{
    /// <summary>The largest memory a limit may allow: the 32-bit address space, in 64 KiB pages.</summary>
    private const int MaxPages = 65536;

    public static ProcedureLimits Parse(string json)
    {
        ProcedureLimits? limits;
        try
        {
            limits = JsonSerializer.Deserialize<ProcedureLimits>(json);
        }
        catch (JsonException e)
        {
            throw Corrupt($"not valid JSON ({e.Message})");
        }

        if (limits is null) throw Corrupt("empty");
        if (Problem(limits) is { } problem) throw Corrupt(problem);
        return limits;
    }

    /// <summary>What makes <paramref name="limits"/> unusable, or null when every limit is in range.</summary>
    public static string? Problem(ProcedureLimits limits)
    {
        if (limits.Fuel <= 0) return "fuel must be positive";
        if (limits.Timeout <= TimeSpan.Zero) return "timeout must be positive";
        if (limits.MaxMemoryPages is <= 0 or > MaxPages) return $"memory must be 1 to {MaxPages} pages";
        if (limits.MaxRowsRead < 0 || limits.MaxRowsWritten < 0 || limits.MaxResultBytes < 0) return "row and byte limits must not be negative";
        if (limits.MaxOpenChannels <= 0) return "open channels must be positive";
        return null;
    }

    private static TenantDbException Corrupt(string problem) =>
        new(TenantDbErrorKind.Corrupt, $"stored procedure limits are corrupt: {problem}; set them again with SetProcedureLimits or `tenantdb procedure limits`");
}
