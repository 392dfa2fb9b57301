using TenantDb.Engine.PgCatalog;
using TenantDb.Wire.Types;

namespace TenantDb.Wire.Sql;

/// <summary>
/// The type PostgreSQL gives a column that several expressions feed: the branches of a UNION, INTERSECT
/// or EXCEPT, or the rows of a VALUES list (its <c>select_common_type</c>). Numbers widen to the widest
/// (<c>1 UNION ALL 2.5</c> is <c>numeric</c>), strings become <c>text</c>, dates and timestamps the
/// timestamp that holds both; untyped literals (a quoted string, NULL) take the others' type, and alone
/// are <c>text</c>. Where PostgreSQL would refuse the mix, or any input's type is not known, the result is
/// unspecified (the column is then sent as text, which every value can be).
/// </summary>
internal struct CommonType
{
    private PgDeclaredType _type;
    private bool _typed;
    private bool _unknowable;

    /// <summary>
    /// Adds an input of type <paramref name="type"/> (unspecified when it cannot be told). Untyped literals are
    /// not added: they take the type of the others.
    /// </summary>
    public void Add(PgDeclaredType type)
    {
        if (_unknowable) return;
        if (type.TypeOid == PgTypeOid.Unspecified)
        {
            _unknowable = true;
            return;
        }
        if (!_typed)
        {
            _type = type;
            _typed = true;
            return;
        }
        if (_type == type) return;
        if (Combine(_type.TypeOid, type.TypeOid) is { } oid) _type = new PgDeclaredType(oid, -1);
        else _unknowable = true;
    }

    /// <summary>The column's type: text when every input was an untyped literal, unspecified when it cannot be told.</summary>
    public readonly PgDeclaredType Result =>
        _unknowable ? PgDeclaredType.Unspecified : _typed ? _type : new PgDeclaredType(PgTypeOid.Text, -1);

    // Two different types of one category: the one PostgreSQL converts both to; null across categories.
    private static uint? Combine(uint a, uint b)
    {
        if (a == b) return a;
        if (NumberRank(a) is int ra && NumberRank(b) is int rb) return ra >= rb ? a : b;
        if (IsString(a) && IsString(b)) return PgTypeOid.Text;
        if (DateTimeRank(a) is int da && DateTimeRank(b) is int db) return da >= db ? a : b;
        return null;
    }

    private static int? NumberRank(uint oid) => oid switch
    {
        PgTypeOid.Int2 => 1,
        PgTypeOid.Int4 => 2,
        PgTypeOid.Int8 => 3,
        PgTypeOid.Numeric => 4,
        PgTypeOid.Float4 => 5,
        PgTypeOid.Float8 => 6,
        _ => null,
    };

    private static bool IsString(uint oid) => oid is PgTypeOid.Text or PgTypeOid.Varchar or PgTypeOid.Bpchar or PgTypeOid.Name;

    private static int? DateTimeRank(uint oid) => oid switch
    {
        PgTypeOid.Date => 1,
        PgTypeOid.Timestamp => 2,
        PgTypeOid.TimestampTz => 3,
        _ => null,
    };
}
