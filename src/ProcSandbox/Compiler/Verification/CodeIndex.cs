using System.Buffers;
using Iced.Intel;

namespace TenantDb.ProcSandbox.Compiler.Verification;

/// <summary>
/// SAFETY-CRITICAL. What every verification range reads and none writes: the code bytes, the declared entry
/// points and jump tables (checked here once: inside the code, no two at one offset, tables not overlapping),
/// which byte starts an entry, and which bytes are jump-table data. Built before any range is verified and
/// never changed after, so ranges can be verified on any thread, and a range can be verified twice at once
/// (<see cref="CodeMap"/> holds each run's own per-byte state). A run rerun by the caller may still be going
/// on a helper thread after the verification returned: the pooled tables are given back when the last user
/// (the verification and every map) has let go.
/// </summary>
internal sealed class CodeIndex : IDisposable
{
    private const int NoRegion = -1;
    private readonly byte[] _code;
    private readonly CodeLayout _layout;
    /// <summary>Per byte: <see cref="CodeMap.Data"/> inside a declared jump table, else <see cref="CodeMap.Unclaimed"/>.</summary>
    private readonly byte[] _tableBytes;
    /// <summary>Per byte: 1 where an entry point starts (so most look-ups skip <see cref="_entryAt"/>).</summary>
    private readonly byte[] _isEntry;
    private readonly Dictionary<int, int> _entryAt = [];
    private readonly Dictionary<int, int> _tableAt = [];
    private readonly int[] _regionOfEntry;
    /// <summary>The layout's entries, copied once: read per instruction, and never changed while the ranges are verified.</summary>
    private readonly CodeEntry[] _entries;
    /// <summary>The creator plus every <see cref="CodeMap"/> made on it; 0 once the tables are back in the pool.</summary>
    private int _users = 1;

    /// <summary>Checks the declared tables and entries; throws <see cref="CodeVerificationException"/> on the first broken rule.</summary>
    public CodeIndex(byte[] code, CodeLayout layout)
    {
        _code = code;
        _layout = layout;
        _tableBytes = ArrayPool<byte>.Shared.Rent(code.Length + 1);
        Array.Clear(_tableBytes, 0, code.Length + 1);
        _isEntry = ArrayPool<byte>.Shared.Rent(code.Length + 1);
        Array.Clear(_isEntry, 0, code.Length + 1);
        _entries = [.. layout.Entries];
        _regionOfEntry = new int[_entries.Length];
        try
        {
            ClaimTables();
            RegisterEntries();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public byte[] Code => _code;
    public CodeLayout Layout => _layout;

    /// <summary>Index of the entry at <paramref name="offset"/>, or -1.</summary>
    public int EntryAt(int offset) => (uint)offset < (uint)_code.Length && _isEntry[offset] != 0 && _entryAt.TryGetValue(offset, out int i) ? i : -1;

    /// <summary>Index of the jump table starting at <paramref name="offset"/>, or -1.</summary>
    public int TableAt(int offset) => _tableAt.TryGetValue(offset, out int i) ? i : -1;

    /// <summary>Entry number <paramref name="index"/> of the layout.</summary>
    public ref readonly CodeEntry Entry(int index) => ref _entries[index];

    /// <summary>Number of entries in the layout.</summary>
    public int EntryCount => _entries.Length;

    /// <summary>The region (entry index) code reached from entry <paramref name="entry"/> belongs to.</summary>
    public int RegionOfEntry(int entry) => _regionOfEntry[entry];

    /// <summary>The jump-table bytes of [<paramref name="start"/>, <paramref name="start"/> + <paramref name="claims"/>.Length), as claims.</summary>
    public void CopyTableClaims(int start, Span<byte> claims) => _tableBytes.AsSpan(start, claims.Length).CopyTo(claims);

    /// <summary>
    /// The starts of the verification ranges, then the code length: ranges of at least <paramref name="rangeBytes"/>
    /// bytes, each starting at a function entry placed after every other kind of entry (the boundary code stays
    /// in the first range). Depends only on the code and the layout.
    /// </summary>
    public int[] Ranges(int rangeBytes)
    {
        int boundaryEnd = 0;
        int functions = 0;
        foreach (var entry in _entries)
        {
            if (entry.Kind == CodeEntryKind.Function) functions++;
            else boundaryEnd = Math.Max(boundaryEnd, entry.Offset + 1);
        }
        var entries = new int[functions];
        functions = 0;
        foreach (var entry in _entries)
        {
            if (entry.Kind == CodeEntryKind.Function) entries[functions++] = entry.Offset;
        }
        Array.Sort(entries);
        var starts = new List<int> { 0 };
        foreach (int offset in entries)
        {
            if (offset >= boundaryEnd && offset - starts[^1] >= rangeBytes) starts.Add(offset);
        }
        starts.Add(_code.Length);
        return [.. starts];
    }

    private void ClaimTables()
    {
        for (int t = 0; t < _layout.JumpTables.Count; t++)
        {
            var table = _layout.JumpTables[t];
            if (table.Offset < 0 || table.EntryCount < 0 || (long)table.Offset + table.Length > _code.Length)
                Fail(Math.Max(table.Offset, 0), "declared jump table lies outside the code");
            if (!_tableAt.TryAdd(table.Offset, t)) Fail(table.Offset, "two jump tables at one offset");
            for (int b = table.Offset; b < table.Offset + table.Length; b++)
            {
                if (_tableBytes[b] != CodeMap.Unclaimed) Fail(b, "jump tables overlap");
                _tableBytes[b] = CodeMap.Data;
            }
        }
    }

    private void RegisterEntries()
    {
        int boundaryRegion = NoRegion;
        for (int i = 0; i < _entries.Length; i++)
        {
            var entry = _entries[i];
            if ((uint)entry.Offset >= (uint)_code.Length) Fail(Math.Max(entry.Offset, 0), "entry point outside the code");
            if (!_entryAt.TryAdd(entry.Offset, i)) Fail(entry.Offset, "two entry points at one offset");
            _isEntry[entry.Offset] = 1;
            int region = i;
            // The entry trampoline and the trap exit share their epilogue: one region.
            if (entry.Kind is CodeEntryKind.HostEntry or CodeEntryKind.TrapExit)
            {
                if (boundaryRegion == NoRegion) boundaryRegion = i;
                region = boundaryRegion;
            }
            _regionOfEntry[i] = region;
        }
    }

    public void Fail(int offset, string reason) => throw new CodeVerificationException(offset, Describe(offset), reason);

    /// <summary>The instruction at <paramref name="offset"/> as text, or its bytes when it does not decode.</summary>
    public string Describe(int offset)
    {
        if ((uint)offset >= (uint)_code.Length) return "end of code";
        var decoder = Decoder.Create(64, new ByteArrayCodeReader(_code, offset, Math.Min(15, _code.Length - offset)), (ulong)offset);
        decoder.Decode(out var instruction);
        return instruction.IsInvalid
            ? "bytes " + Convert.ToHexString(_code, offset, Math.Min(8, _code.Length - offset))
            : instruction.ToString();
    }

    /// <summary>Takes a reference for a map; false once the index has been released (a late helper must then not start).</summary>
    public bool AddUser()
    {
        int users = Volatile.Read(ref _users);
        while (users > 0)
        {
            int seen = Interlocked.CompareExchange(ref _users, users + 1, users);
            if (seen == users) return true;
            users = seen;
        }
        return false;
    }

    /// <summary>Drops a reference (a map's, or the creator's through <see cref="Dispose"/>).</summary>
    public void RemoveUser()
    {
        if (Interlocked.Decrement(ref _users) != 0) return;
        ArrayPool<byte>.Shared.Return(_tableBytes);
        ArrayPool<byte>.Shared.Return(_isEntry);
    }

    /// <summary>Drops the creator's reference.</summary>
    public void Dispose() => RemoveUser();
}
