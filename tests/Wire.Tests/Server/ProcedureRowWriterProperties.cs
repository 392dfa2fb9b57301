using System.Buffers.Binary;
using FsCheck.Xunit;
using TenantDb.Engine;
using TenantDb.Engine.Procedures;
using TenantDb.Engine.Values;
using TenantDb.Wire.Protocol;
using TenantDb.Wire.Server.Commands;
using TenantDb.Wire.Types;

namespace TenantDb.Wire.Tests.Server;

/// <summary>Procedure rows written straight from their ABI bytes equal the value-by-value reference path.</summary>
public class ProcedureRowWriterProperties
{
    private static readonly uint[] Types = [PgTypeOid.Int8, PgTypeOid.Float8, PgTypeOid.Text, PgTypeOid.Bytea, PgTypeOid.Bool];

    [Property(MaxTest = 300)]
    public void Span_writer_matches_the_value_path(long i, double f, string? s, byte[]? b, bool ok, bool binary, byte nulls)
    {
        SqlValue[] values = [SqlValue.Integer(i), SqlValue.Real(f), SqlValue.Text(s ?? ""), SqlValue.Blob(b ?? []), SqlValue.Integer(ok ? 1 : 0)];
        for (var k = 0; k < values.Length; k++)
            if ((nulls >> k & 1) == 1) values[k] = SqlValue.Null;
        var bytes = AbiRow.Encode(values);
        var offsets = new int[values.Length];
        var pos = AbiRow.HeaderSize;
        for (var k = 0; k < values.Length; k++)
        {
            offsets[k] = pos;
            var tag = bytes[pos++];
            if (tag is AbiRow.TagInt64 or AbiRow.TagFloat64) pos += 8;
            else if (tag is AbiRow.TagText or AbiRow.TagBlob) pos += 4 + (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(pos));
        }
        var row = new ProcedureRow(bytes, offsets);
        var columns = Types.Select((t, k) => new PgColumn($"c{k}", t, PgTypeOid.SizeOf(t), (short)(binary ? 1 : 0))).ToArray();

        using var fast = new PgMessageWriter(64);
        ProcedureRowWriter.Write(fast, row, columns);
        using var reference = new PgMessageWriter(64);
        reference.StartMessage(BackendMessageType.DataRow);
        reference.WriteInt16((short)columns.Length);
        for (var k = 0; k < columns.Length; k++) PgValueWriter.WriteConverted(reference, row.GetValue(k), columns[k].TypeOid, binary);
        reference.EndMessage();

        Assert.Equal(reference.Written.ToArray(), fast.Written.ToArray());
        Assert.True(ProcedureRowWriter.MaxLength(row, columns) >= fast.BufferedLength);
    }
}
