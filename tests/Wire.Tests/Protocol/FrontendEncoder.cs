using System.Buffers.Binary;
using System.Text;
using TenantDb.Wire.Protocol;

namespace TenantDb.Wire.Tests.Protocol;

/// <summary>Reference encoder for frontend messages, written straight from the protocol documentation.</summary>
internal static class FrontendEncoder
{
    public static byte[] Message(byte type, Action<List<byte>> body)
    {
        var payload = new List<byte>();
        body(payload);
        var result = new byte[5 + payload.Count];
        result[0] = type;
        BinaryPrimitives.WriteInt32BigEndian(result.AsSpan(1), payload.Count + 4);
        payload.CopyTo(result, 5);
        return result;
    }

    public static void Int16(List<byte> b, short v) { b.Add((byte)(v >> 8)); b.Add((byte)v); }
    public static void Int32(List<byte> b, int v) { b.Add((byte)(v >> 24)); b.Add((byte)(v >> 16)); b.Add((byte)(v >> 8)); b.Add((byte)v); }
    public static void CString(List<byte> b, string s) { b.AddRange(Encoding.UTF8.GetBytes(s)); b.Add(0); }

    public static byte[] Parse(ParseMessage m) => Message((byte)'P', b =>
    {
        CString(b, m.Name);
        CString(b, m.Sql);
        Int16(b, (short)m.ParameterTypes.Length);
        foreach (var t in m.ParameterTypes) Int32(b, (int)t);
    });

    public static byte[] Bind(BindMessage m) => Message((byte)'B', b =>
    {
        CString(b, m.Portal);
        CString(b, m.Statement);
        Int16(b, (short)m.ParameterFormats.Length);
        foreach (var f in m.ParameterFormats) Int16(b, f);
        Int16(b, (short)m.Parameters.Length);
        foreach (var p in m.Parameters)
        {
            if (p is null) { Int32(b, -1); continue; }
            Int32(b, p.Length);
            b.AddRange(p);
        }
        Int16(b, (short)m.ResultFormats.Length);
        foreach (var f in m.ResultFormats) Int16(b, f);
    });

    public static byte[] Query(string sql) => Message((byte)'Q', b => CString(b, sql));
    public static byte[] Describe(byte kind, string name) => Message((byte)'D', b => { b.Add(kind); CString(b, name); });
    public static byte[] Close(byte kind, string name) => Message((byte)'C', b => { b.Add(kind); CString(b, name); });
    public static byte[] Execute(string portal, int maxRows) => Message((byte)'E', b => { CString(b, portal); Int32(b, maxRows); });

    public static byte[] Startup(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var b = new List<byte>();
        Int32(b, 0);
        Int32(b, StartupCode.ProtocolVersion3);
        foreach (var p in parameters) { CString(b, p.Key); CString(b, p.Value); }
        b.Add(0);
        var bytes = b.ToArray();
        BinaryPrimitives.WriteInt32BigEndian(bytes, bytes.Length);
        return bytes;
    }
}
