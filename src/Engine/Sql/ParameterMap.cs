using System.Globalization;
using TenantDb.Engine;

namespace TenantDb.Engine.Sql;

/// <summary>
/// Which parameter slot of a <see cref="TenantStatement"/> each numbered parameter binds to. SQLite
/// numbers "$1", "$2" as named parameters in order of first appearance ("$2 ... $1" puts $2 in slot 0),
/// while "?NNN" and a plain "?" are positional; this map hides that: parameter n (0-based, $1 = 0) goes
/// to <see cref="SlotOf"/>(n).
/// </summary>
public sealed class ParameterMap
{
    // Empty when the slots are the parameter numbers themselves (no "$n"/"?n" names).
    private readonly int[] _slots;

    private ParameterMap(int count, int[] slots)
    {
        Count = count;
        _slots = slots;
    }

    /// <summary>The number of parameters as the client numbers them: the highest $n, or the slot count without numbered names.</summary>
    public int Count { get; }

    /// <summary>The slot (0-based, for Bind) of parameter <paramref name="index"/> (0-based: $1 is 0), or -1 when the statement does not use it; without numbered names the slot is the index itself.</summary>
    public int SlotOf(int index) => _slots.Length == 0 ? index : index < _slots.Length ? _slots[index] : -1;

    /// <summary>Builds the map from the statement's parameter names.</summary>
    internal static ParameterMap Of(TenantStatement statement)
    {
        int count = statement.ParameterCount;
        var map = new List<int>(count);
        bool numbered = false;
        for (int slot = 0; slot < count; slot++)
        {
            string? name = statement.GetParameterName(slot);
            int n;
            if (name is not null && name.Length > 1 && (name[0] == '$' || name[0] == '?')
                && int.TryParse(name.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out n) && n >= 1)
            {
                numbered = true;
            }
            else
            {
                n = slot + 1;
            }

            while (map.Count < n) map.Add(-1);
            if (map[n - 1] == -1) map[n - 1] = slot;
        }

        return numbered ? new ParameterMap(map.Count, [.. map]) : new ParameterMap(count, []);
    }
}
