namespace TenantDb.ProcSandbox.Tests.Frontend;

/// <summary>Assembles test binaries section by section, with correct LEB128 sizes.</summary>
internal sealed class ModuleBuilder
{
    private readonly List<byte> _bytes = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00];

    public static void AppendU32(List<byte> into, uint value)
    {
        do
        {
            byte b = (byte)(value & 0x7F);
            value >>= 7;
            into.Add(value != 0 ? (byte)(b | 0x80) : b);
        }
        while (value != 0);
    }

    public static void AppendName(List<byte> into, string name)
    {
        byte[] utf8 = System.Text.Encoding.UTF8.GetBytes(name);
        AppendU32(into, (uint)utf8.Length);
        into.AddRange(utf8);
    }

    public ModuleBuilder Section(byte id, List<byte> content)
    {
        _bytes.Add(id);
        AppendU32(_bytes, (uint)content.Count);
        _bytes.AddRange(content);
        return this;
    }

    public byte[] ToArray() => [.. _bytes];
}
