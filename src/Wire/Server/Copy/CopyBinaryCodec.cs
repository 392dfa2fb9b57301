using System.Buffers.Binary;
using TenantDb.Wire.Protocol;

namespace TenantDb.Wire.Server.Copy;

/// <summary>
/// COPY's binary format: the 11-byte signature <c>PGCOPY\n\377\r\n\0</c>, a flags word and a header
/// extension, then per row an int16 field count followed by each field as an int32 length (-1 for
/// NULL) and its bytes in the type's binary encoding; an int16 -1 ends the data.
/// </summary>
internal static class CopyBinaryCodec
{
    /// <summary>Signature, flags 0 and an empty header extension: what a writer sends first.</summary>
    public static byte[] Header { get; } = [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xff, (byte)'\r', (byte)'\n', 0, 0, 0, 0, 0, 0, 0, 0, 0];

    /// <summary>What a reader found at the start of its data.</summary>
    public enum ReadResult
    {
        /// <summary>Not enough bytes yet.</summary>
        NeedMore,
        /// <summary>A header or a row was read.</summary>
        Read,
        /// <summary>The end-of-data trailer was read.</summary>
        Trailer,
    }

    /// <summary>Reads the file header; <paramref name="consumed"/> is its length when read.</summary>
    public static ReadResult TryReadHeader(ReadOnlySpan<byte> data, out int consumed)
    {
        consumed = 0;
        var signature = Header.AsSpan(0, 11);
        var prefix = Math.Min(data.Length, 11);
        if (!data[..prefix].SequenceEqual(signature[..prefix])) throw Bad("COPY file signature not recognized");
        if (data.Length < 19) return ReadResult.NeedMore;
        var flags = BinaryPrimitives.ReadInt32BigEndian(data[11..]);
        if ((flags & 0x10000) != 0) throw Bad("invalid COPY file header (WITH OIDS)");
        if ((flags & unchecked((int)0xFFFE0000)) != 0) throw Bad("unrecognized critical flags in COPY file header");
        var extension = BinaryPrimitives.ReadInt32BigEndian(data[15..]);
        if (extension < 0) throw Bad("invalid COPY file header (missing length)");
        if (data.Length - 19 < extension) return ReadResult.NeedMore;
        consumed = 19 + extension;
        return ReadResult.Read;
    }

    /// <summary>
    /// Reads one row of <paramref name="columns"/> fields into <paramref name="row"/>, or the trailer;
    /// <paramref name="consumed"/> is how many bytes it took.
    /// </summary>
    public static ReadResult TryReadRow(ReadOnlySpan<byte> data, int columns, CopyRow row, out int consumed)
    {
        consumed = 0;
        if (data.Length < 2) return ReadResult.NeedMore;
        var count = BinaryPrimitives.ReadInt16BigEndian(data);
        if (count == -1)
        {
            consumed = 2;
            return ReadResult.Trailer;
        }
        if (count != columns) throw Bad($"row field count is {count}, expected {columns}");
        // Check the row is complete before decoding anything, walking only the length words.
        var at = 2;
        for (var f = 0; f < count; f++)
        {
            if (data.Length - at < 4) return ReadResult.NeedMore;
            var length = BinaryPrimitives.ReadInt32BigEndian(data[at..]);
            if (length < -1) throw Bad("invalid field size");
            at += 4 + Math.Max(length, 0);
            if (at > data.Length) return ReadResult.NeedMore;
        }
        row.Clear();
        at = 2;
        for (var f = 0; f < count; f++)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(data[at..]);
            at += 4;
            if (length < 0)
            {
                row.AddNull();
                continue;
            }
            row.BeginField();
            row.Append(data.Slice(at, length));
            row.EndField();
            at += length;
        }
        consumed = at;
        return ReadResult.Read;
    }

    private static PgStatementException Bad(string message) => new(CopyTextCodec.BadCopyFormat, message);
}
