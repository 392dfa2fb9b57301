namespace TenantDb.ProcSandbox.Runtime.Native;

/// <summary>
/// The fuel a context holds: the current slice (<see cref="VmContextLayout.Fuel"/>, which generated code
/// counts down in rbx) plus <see cref="VmContextLayout.FuelReserve"/> whole slices of
/// <see cref="FuelSlice"/> units. Generated code takes the next slice only after checking the stop flag,
/// so the stop flag is read once per slice instead of at every fuel check. The split is exact: no fuel is
/// created or lost by it.
/// </summary>
internal static unsafe class ContextFuel
{
    /// <summary>
    /// Units per slice: the most fuel a call spends between a stop request and the check that sees it.
    /// Generated code adds it to rbx with a 32-bit immediate.
    /// </summary>
    public const int FuelSlice = 4096;

    /// <summary>Fuel left in <paramref name="context"/> (negative once a call ran out).</summary>
    public static long Remaining(nint context)
    {
        long slice = *(long*)(context + VmContextLayout.Fuel);
        long reserve = *(long*)(context + VmContextLayout.FuelReserve);
        // Wraps in an intermediate step for budgets near long.MaxValue; the true sum fits, so the wrapped one is exact.
        return unchecked(slice + reserve * FuelSlice);
    }

    /// <summary>
    /// Gives <paramref name="context"/> <paramref name="fuel"/> units with the current slice below zero (one
    /// slice more in the reserve): the first fuel check of the code that runs next takes the refill path,
    /// which looks at the stop flag, so a stop requested before a call reaches it at its first function entry.
    /// </summary>
    public static void Set(nint context, long fuel)
    {
        long reserve = fuel < 0 ? 0 : fuel / FuelSlice + 1;
        *(long*)(context + VmContextLayout.FuelReserve) = reserve;
        *(long*)(context + VmContextLayout.Fuel) = unchecked(fuel - reserve * FuelSlice);
    }
}
