using TenantDb.Engine.Errors;

// SAFETY-CRITICAL: tenant names become directory names; only names accepted here ever reach a path.
namespace TenantDb.Engine.Tenants;

/// <summary>Validation of tenant names: <c>^[a-z][a-z0-9_-]{0,62}$</c>.</summary>
internal static class TenantName
{
    /// <summary>Longest allowed name.</summary>
    public const int MaxLength = 63;

    /// <summary>True when <paramref name="name"/> is a valid tenant name.</summary>
    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength || name[0] is < 'a' or > 'z')
        {
            return false;
        }

        foreach (char c in name)
        {
            bool ok = c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-';
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Throws <see cref="TenantDbErrorKind.InvalidTenantName"/> unless the name is valid.</summary>
    public static string Validate(string? name)
    {
        if (!IsValid(name))
        {
            throw new TenantDbException(
                TenantDbErrorKind.InvalidTenantName,
                "invalid tenant name: expected ^[a-z][a-z0-9_-]{0,62}$");
        }

        return name!;
    }
}
