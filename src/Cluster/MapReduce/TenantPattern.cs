namespace TenantDb.Cluster.MapReduce;

/// <summary>
/// Selects tenants by name with a shell-style pattern: <c>*</c> matches any run of characters,
/// <c>?</c> any one character, everything else itself (tenant names have no other special characters).
/// </summary>
public static class TenantPattern
{
    public static IReadOnlyList<string> Select(IEnumerable<string> tenants, string pattern) =>
        [.. tenants.Where(t => Matches(pattern, t)).Order(StringComparer.Ordinal)];

    public static bool Matches(string pattern, string name)
    {
        // Iterative glob match with backtracking to the last star: linear in practice, no recursion.
        int p = 0, n = 0, star = -1, resume = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == name[n]))
            {
                p++;
                n++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = n;
            }
            else if (star >= 0)
            {
                p = star + 1;
                n = ++resume;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }
}
