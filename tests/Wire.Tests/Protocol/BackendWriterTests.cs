using System.Buffers.Binary;
using System.Text;
using FsCheck.Xunit;
using TenantDb.Wire.Protocol;

namespace TenantDb.Wire.Tests.Protocol;

public class BackendWriterTests
{
    private static string Clean(string? s) => new((s ?? "").Where(c => c != '\0' && !char.IsSurrogate(c)).ToArray());

    /// <summary>Reference decoder: splits the output into (type, payload) frames and checks each length.</summary>
    internal static List<(char Type, byte[] Payload)> Frames(ReadOnlySpan<byte> bytes)
    {
        var list = new List<(char, byte[])>();
        while (bytes.Length > 0)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(bytes[1..]);
            list.Add(((char)bytes[0], bytes.Slice(5, length - 4).ToArray()));
            bytes = bytes[(1 + length)..];
        }
        return list;
    }

    [Property(MaxTest = 200)]
    public void ErrorResponse_carries_every_field(string code, string message, int position)
    {
        using var w = new PgMessageWriter(16);
        var error = new PgError(Clean(code), Clean(message), Position: position);
        w.WriteErrorResponse(error);
        var (type, payload) = Assert.Single(Frames(w.Written.Span));
        Assert.Equal('E', type);
        var fields = new Dictionary<char, string>();
        var r = new PgPayloadReader(payload);
        while (true)
        {
            var f = r.ReadByte();
            if (f == 0) break;
            fields[(char)f] = r.ReadCString();
        }
        Assert.Equal(0, r.Remaining);
        Assert.Equal("ERROR", fields['S']);
        Assert.Equal(error.SqlState, fields['C']);
        Assert.Equal(error.Message, fields['M']);
        Assert.Equal(position.ToString(System.Globalization.CultureInfo.InvariantCulture), fields['P']);
    }

    [Property(MaxTest = 100)]
    public void RowDescription_and_CommandComplete_round_trip(string[] names, long rows)
    {
        using var w = new PgMessageWriter(16);
        var columns = names.Take(30).Select((n, i) => new PgColumn(Clean(n), (uint)(20 + i), -1, (short)(i % 2))).ToArray();
        w.WriteRowDescription(columns);
        w.WriteCommandComplete("SELECT"u8, rows);
        w.WriteReadyForQuery((byte)'I');
        var frames = Frames(w.Written.Span);
        Assert.Equal(['T', 'C', 'Z'], frames.Select(f => f.Type));
        var r = new PgPayloadReader(frames[0].Payload);
        Assert.Equal(columns.Length, r.ReadInt16());
        foreach (var c in columns)
        {
            Assert.Equal(c.Name, r.ReadCString());
            r.ReadInt32();
            r.ReadInt16();
            Assert.Equal((int)c.TypeOid, r.ReadInt32());
            Assert.Equal(c.TypeSize, r.ReadInt16());
            r.ReadInt32();
            Assert.Equal(c.Format, r.ReadInt16());
        }
        Assert.Equal($"SELECT {rows}\0", Encoding.UTF8.GetString(frames[1].Payload));
        Assert.Equal("I", Encoding.ASCII.GetString(frames[2].Payload));
    }
}
