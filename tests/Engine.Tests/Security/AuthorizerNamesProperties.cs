using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TenantDb.Engine.Hardening;

namespace TenantDb.Engine.Tests.Security;

/// <summary>
/// The authorizer's name cache gives, for any bytes in any order of lookups, exactly the string a plain
/// UTF-8 decode gives: a reused entry can never hand the authorizer another name than SQLite passed
/// (colliding slots, invalid UTF-8, names that differ only in case or in their last byte, long names).
/// </summary>
public sealed class AuthorizerNamesProperties
{
    private static readonly string[] Near = ["_tenantdb_procedures", "_tenantdb_procedureS", "_TENANTDB_procedures", "_tenantdb_procedures ", "t", "T", "", "main", "temp", "é", "\u00e9"];

    private static Gen<byte[]> Names() => Gen.OneOf(
        Gen.Elements(Near).Select(Encoding.UTF8.GetBytes),
        ArbMap.Default.GeneratorFor<byte[]>().Where(b => b is not null).Select(b => b.Where(x => x != 0).ToArray()),
        Gen.Choose(120, 300).Select(n => Enumerable.Repeat((byte)'x', n).ToArray()));

    [Property(MaxTest = 300)]
    public Property Every_lookup_equals_a_plain_decode() =>
        Prop.ForAll(Gen.ListOf(Names()).ToArbitrary(), names =>
        {
            var cache = new AuthorizerNames();
            foreach (var bytes in names.Concat(names).Concat(Enumerable.Reverse(names)))
            {
                if (cache.Get(bytes) != Encoding.UTF8.GetString(bytes)) return false;
            }
            return true;
        });

    [Fact]
    public void Names_in_one_slot_do_not_mix_up()
    {
        var cache = new AuthorizerNames();
        // Far more names than slots: every slot sees several, each lookup must still be its own name.
        var names = Enumerable.Range(0, 5000).Select(i => $"_tenantdb_{i}").ToArray();
        for (int round = 0; round < 3; round++)
            foreach (var name in names)
                Assert.Equal(name, cache.Get(Encoding.UTF8.GetBytes(name)));
    }
}
