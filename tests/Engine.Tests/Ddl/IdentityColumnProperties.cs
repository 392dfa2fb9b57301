using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TenantDb.Engine.Ddl;

namespace TenantDb.Engine.Tests.Ddl;

/// <summary>
/// The remembered form of a generated column (type, identity kind, sequence) reads back as it was written,
/// whatever the sequence's name holds (spaces, the words the form itself uses, quotes).
/// </summary>
public sealed class IdentityColumnProperties
{
    private static readonly Gen<string?> Sequences = Gen.OneOf(
        Gen.Constant<string?>(null),
        Gen.Elements<string?>("t_n_seq", "Ids", "a sequence b", "x identity always", "s sequence t", "x'); DROP TABLE t; --", "\"q\""),
        ArbMap.Default.GeneratorFor<NonEmptyString>().Select(s => (string?)s.Get));

    [Property(MaxTest = 300)]
    public Property Remembered_forms_split_back_into_their_parts() =>
        Prop.ForAll(
            Gen.Elements("integer", "bigint", "smallint").ToArbitrary(),
            Gen.Elements('\0', 'a', 'd').ToArbitrary(),
            Sequences.ToArbitrary(),
            (type, identity, sequence) =>
            {
                string remembered = IdentityColumn.Remembered(type, identity, sequence);
                string split = IdentityColumn.Split(remembered, out char readIdentity, out string? readSequence);
                return split == type && readIdentity == identity && readSequence == sequence;
            });

    [Fact]
    public void Forms_written_before_sequence_identities_read_as_they_did()
    {
        Assert.Equal("integer", IdentityColumn.Split("integer", out char identity, out string? sequence));
        Assert.Equal(('\0', (string?)null), (identity, sequence));
        Assert.Equal("bigint", IdentityColumn.Split("bigint identity always", out identity, out sequence));
        Assert.Equal(('a', (string?)null), (identity, sequence));
        Assert.Equal("smallint", IdentityColumn.Split("smallint sequence t_c_seq", out identity, out sequence));
        Assert.Equal(('\0', "t_c_seq"), (identity, sequence));
    }

    [Fact]
    public void Default_sequence_names_stay_within_63_bytes_and_whole_characters()
    {
        Assert.Equal("t_id_seq", SerialSequence.DefaultName("t", "id"));
        string name = SerialSequence.DefaultName(new string('é', 40), "c");
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(name) <= 63);
        Assert.EndsWith("_seq", name, StringComparison.Ordinal);
        Assert.Equal("nextval('\"x''\"\"y\"')", new SerialSequence("c", "x'\"y", "integer").NextValueSql);
    }
}
