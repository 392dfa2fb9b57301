namespace TenantDb.ProcSandbox.Runtime;

/// <summary>
/// Resource limits of one instance. Fuel and deadline apply per call and may be changed between
/// calls; memory and stack limits are read at instantiation.
/// </summary>
public sealed class InstanceLimits
{
    /// <summary>Default native stack a call may use.</summary>
    public const int DefaultMaxStackBytes = 512 * 1024;

    /// <summary>
    /// Remaining fuel. One unit is consumed at every function entry (plus one per 64 locals it
    /// declares, which the entry zeroes) and loop iteration; a call
    /// that would drive it below zero traps with <see cref="TrapKind.OutOfFuel"/>. Updated after each call.
    /// </summary>
    public long Fuel { get; set; } = long.MaxValue;

    /// <summary>Wall-clock time a single call may take before it traps with <see cref="TrapKind.DeadlineExceeded"/>.</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>Most 64 KiB pages the linear memory may have; <c>memory.grow</c> returns -1 beyond it.</summary>
    public int MaxMemoryPages { get; set; } = 65536;

    /// <summary>Native stack bytes a call may use before it traps with <see cref="TrapKind.StackExhausted"/>.</summary>
    public int MaxStackBytes { get; set; } = DefaultMaxStackBytes;
}
