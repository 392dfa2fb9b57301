using FsCheck;
using FsCheck.Fluent;
using TenantDb.Engine.Tenants;

namespace TenantDb.Engine.Tests.Properties;

/// <summary>What one step of a generated scenario does.</summary>
public enum TenantOpKind
{
    Create,
    Drop,
    Insert,
    Update,
    Delete,
    Query,
    Begin,
    Commit,
    Rollback,
    Reopen,
}

/// <summary>One generated operation on tenant number <see cref="Tenant"/> (0..2).</summary>
public sealed record TenantOp(TenantOpKind Kind, int Tenant, int Key, int Value)
{
    public static readonly string[] TenantNames = ["alpha", "beta", "gamma"];

    public string TenantName => TenantNames[Tenant];

    public override string ToString() => Kind switch
    {
        TenantOpKind.Reopen => "Reopen",
        TenantOpKind.Insert or TenantOpKind.Update => $"{Kind}({TenantName}, {Key}, {Value})",
        TenantOpKind.Delete => $"{Kind}({TenantName}, {Key})",
        _ => $"{Kind}({TenantName})",
    };

    /// <summary>Scenarios: mostly data operations, with creates early enough to make them meaningful.</summary>
    public static Arbitrary<TenantOp[]> Scenarios()
    {
        Gen<TenantOp> op =
            from kind in Gen.Frequency(
                (3, Gen.Constant(TenantOpKind.Create)),
                (1, Gen.Constant(TenantOpKind.Drop)),
                (6, Gen.Constant(TenantOpKind.Insert)),
                (3, Gen.Constant(TenantOpKind.Update)),
                (2, Gen.Constant(TenantOpKind.Delete)),
                (3, Gen.Constant(TenantOpKind.Query)),
                (2, Gen.Constant(TenantOpKind.Begin)),
                (1, Gen.Constant(TenantOpKind.Commit)),
                (1, Gen.Constant(TenantOpKind.Rollback)),
                (1, Gen.Constant(TenantOpKind.Reopen)))
            from tenant in Gen.Choose(0, 2)
            from key in Gen.Choose(0, 4)
            from value in Gen.Choose(-3, 3)
            select new TenantOp(kind, tenant, key, value);
        Gen<TenantOp[]> scenario = Gen.Sized(size => Gen.ArrayOf(op, Math.Min(size, 30)));
        return Arb.From(scenario, Shrink);
    }

    private static IEnumerable<TenantOp[]> Shrink(TenantOp[] ops)
    {
        // Drop one operation at a time (halves first, then single steps).
        if (ops.Length > 1)
        {
            yield return ops[..(ops.Length / 2)];
            yield return ops[(ops.Length / 2)..];
        }

        for (int i = 0; i < ops.Length; i++)
        {
            yield return [.. ops[..i], .. ops[(i + 1)..]];
        }
    }
}
