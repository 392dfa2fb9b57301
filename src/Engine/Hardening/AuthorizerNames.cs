// SAFETY-CRITICAL: the strings returned here are what the authorizer decides on.
using System.Runtime.InteropServices;
using System.Text;
using SQLitePCL;

namespace TenantDb.Engine.Hardening;

/// <summary>
/// The names SQLite passes to one connection's authorizer (tables, columns, functions, pragmas,
/// schemas), decoded from UTF-8 once and then reused: preparing a statement calls the authorizer for
/// every object it touches, and the same few names come back on every prepare, so decoding each one
/// anew was a large share of the server's allocation. A name maps to exactly the string a plain
/// <see cref="Encoding.UTF8"/> decode of its bytes gives (the cached entry is reused only when the
/// bytes are equal), so the authorizer's decisions are the same as without the cache.
/// One per connection; used only by the thread preparing on that connection.
/// </summary>
internal sealed class AuthorizerNames
{
    // Longer names are decoded each time rather than kept, so what a connection keeps stays small.
    private const int MaxCachedBytes = 128;
    private const int Slots = 256;

    private readonly byte[]?[] _keys = new byte[Slots][];
    private readonly string?[] _values = new string[Slots];

    /// <summary>The name <paramref name="value"/> holds, or null for SQLite's NULL argument.</summary>
    public unsafe string? Get(utf8z value)
    {
        fixed (byte* pointer = value)
        {
            if (pointer == null) return null;
            return Get(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(pointer));
        }
    }

    /// <summary>The string of UTF-8 <paramref name="bytes"/>.</summary>
    public string Get(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxCachedBytes) return Encoding.UTF8.GetString(bytes);
        int slot = Slot(bytes);
        if (_keys[slot] is { } key && bytes.SequenceEqual(key)) return _values[slot]!;
        string decoded = Encoding.UTF8.GetString(bytes);
        _keys[slot] = bytes.ToArray();
        _values[slot] = decoded;
        return decoded;
    }

    private static int Slot(ReadOnlySpan<byte> bytes)
    {
        // FNV-1a: collisions only cost a decode, never a wrong name (the bytes are compared).
        uint hash = 2166136261;
        foreach (byte b in bytes) hash = (hash ^ b) * 16777619;
        return (int)(hash % Slots);
    }
}
