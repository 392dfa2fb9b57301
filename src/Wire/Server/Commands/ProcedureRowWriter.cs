using TenantDb.Engine;
using TenantDb.Engine.Procedures;
using TenantDb.Engine.Values;
using TenantDb.Wire.Protocol;
using TenantDb.Wire.Types;

namespace TenantDb.Wire.Server.Commands;

/// <summary>
/// Writes a procedure's result row as a DataRow straight from the ABI bytes the procedure emitted:
/// text goes out as the UTF-8 it already is, numbers are formatted in place, nothing becomes a string.
/// The engine has checked every value against the declared column type before the row gets here.
/// </summary>
internal static class ProcedureRowWriter
{
    /// <summary>Writes <paramref name="row"/> as one DataRow in the columns' formats.</summary>
    /// <exception cref="PgStatementException">54000: the row exceeds max_row_size (nothing of it stays buffered).</exception>
    public static void Write(PgMessageWriter w, ProcedureRow row, PgColumn[] columns)
    {
        w.StartMessage(BackendMessageType.DataRow);
        try
        {
            w.WriteInt16((short)columns.Length);
            for (var i = 0; i < columns.Length; i++) WriteField(w, row, i, columns[i]);
        }
        catch (PgStatementException)
        {
            w.AbandonMessage();
            throw;
        }
        w.EndMessage();
    }

    /// <summary>An upper bound of the bytes <see cref="Write"/> adds for <paramref name="row"/>.</summary>
    public static long MaxLength(ProcedureRow row, PgColumn[] columns)
    {
        long total = 1 + 4 + 2;
        for (var i = 0; i < columns.Length; i++)
        {
            total += 4 + row.GetSqlType(i) switch
            {
                SqlType.Null => 0,
                SqlType.Integer => 20,
                SqlType.Real => 32,
                SqlType.Text => row.GetBytes(i).Length,
                _ => 2 + 2L * row.GetBytes(i).Length,
            };
        }
        return total;
    }

    private static void WriteField(PgMessageWriter w, ProcedureRow row, int i, PgColumn column)
    {
        var binary = column.Format == 1;
        switch (row.GetSqlType(i))
        {
            case SqlType.Null:
                w.WriteInt32(-1);
                return;
            case SqlType.Integer when column.TypeOid == PgTypeOid.Bool:
                w.WriteInt32(1);
                var b = row.GetInt64(i) != 0;
                w.WriteByte(binary ? (byte)(b ? 1 : 0) : (byte)(b ? 't' : 'f'));
                return;
            case SqlType.Integer:
                PgValueWriter.WriteInt8(w, row.GetInt64(i), binary);
                return;
            case SqlType.Real:
                PgValueWriter.WriteFloat8(w, row.GetDouble(i), binary);
                return;
            case SqlType.Text:
            {
                var utf8 = row.GetBytes(i);
                w.EnsureRowRoom(4L + utf8.Length);
                w.WriteInt32(utf8.Length);
                w.WriteBytes(utf8);
                return;
            }
            default:
                PgValueWriter.WriteBytea(w, row.GetBytes(i), binary);
                return;
        }
    }
}
