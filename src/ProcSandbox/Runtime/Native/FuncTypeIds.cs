using TenantDb.ProcSandbox.Errors;
using TenantDb.ProcSandbox.Module;

namespace TenantDb.ProcSandbox.Runtime.Native;

/// <summary>
/// SAFETY-CRITICAL. Process-wide canonical ids of function signatures: structurally equal
/// signatures get the same id, so <c>call_indirect</c> compares one integer, also across modules
/// and instances. The table is bounded (see <see cref="SignatureTable"/>).
/// </summary>
internal static class FuncTypeIds
{
    /// <summary>Most distinct signatures held at once.</summary>
    public const int MaxSignatures = 1 << 20;

    /// <summary>Most parameter and result types, summed over the signatures held at once.</summary>
    public const long MaxValueTypes = 32L << 20;

    /// <summary>The table every compiled module uses.</summary>
    internal static SignatureTable Shared { get; } = new(MaxSignatures, MaxValueTypes);

    /// <summary>The id of <paramref name="type"/> (never 0); see <see cref="SignatureTable.Of"/>.</summary>
    public static int Of(FuncType type) => Shared.Of(type);

    private static long s_lastCollection;

    /// <summary>
    /// Holds every signature in <paramref name="types"/> until the lease is released. At the cap,
    /// modules nobody references any more may still hold leases until they are finalized: one
    /// collection (at most one per second) gets those back before the upload is refused.
    /// </summary>
    public static SignatureTable.Lease Acquire(IReadOnlyCollection<FuncType> types)
    {
        try
        {
            return Shared.Acquire(types);
        }
        catch (WasmLimitException)
        {
            long now = Environment.TickCount64;
            long last = Interlocked.Read(ref s_lastCollection);
            if (now - last < 1000 || Interlocked.CompareExchange(ref s_lastCollection, now, last) != last) throw;
            GC.Collect();
            GC.WaitForPendingFinalizers();
            return Shared.Acquire(types);
        }
    }
}

/// <summary>
/// SAFETY-CRITICAL. Interned signatures with reference counts. Every <see cref="CompiledModule"/>
/// holds a <see cref="Lease"/> on the signatures it uses, taken before its code is generated (the
/// code bakes the ids in) and given back when the module is disposed or collected; a signature no
/// lease holds is dropped and its id reused. An id is therefore never reused while code or a table
/// entry that carries it can run. Beyond the caps, acquiring fails with <see cref="WasmLimitException"/>
/// and holds nothing.
/// </summary>
internal sealed class SignatureTable(int maxSignatures, long maxValueTypes)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<FuncType, Entry> _entries = [];
    private readonly Stack<int> _freeIds = new();
    private int _nextId;
    private long _valueTypes;

    internal sealed class Entry(int id, FuncType key)
    {
        public int Id { get; } = id;
        public FuncType Key { get; } = key;
        public int Leases;
    }

    /// <summary>Whether a lease holds <paramref name="type"/>.</summary>
    internal bool IsHeld(FuncType type)
    {
        lock (_lock) return _entries.TryGetValue(type, out var entry) && entry.Leases > 0;
    }

    /// <summary>
    /// The id of <paramref name="type"/> (never 0). Code that will run must hold a <see cref="Lease"/>
    /// on the type first; without one the id is only stable until a lease on it is released.
    /// </summary>
    public int Of(FuncType type)
    {
        lock (_lock) return GetOrAdd(type).Id;
    }

    /// <summary>Holds every signature in <paramref name="types"/> until the lease is released.</summary>
    public Lease Acquire(IEnumerable<FuncType> types)
    {
        var held = new HashSet<Entry>();
        lock (_lock)
        {
            try
            {
                foreach (var type in types)
                {
                    var entry = GetOrAdd(type);
                    if (held.Add(entry)) entry.Leases++;
                }
            }
            catch
            {
                ReleaseLocked(held);
                throw;
            }
        }
        return new Lease(this, held);
    }

    private Entry GetOrAdd(FuncType type)
    {
        if (_entries.TryGetValue(type, out var entry)) return entry;
        int valueTypes = type.Parameters.Length + type.Results.Length;
        if (_entries.Count >= maxSignatures)
            throw new WasmLimitException("distinct function signatures in use by compiled modules", maxSignatures, _entries.Count + 1, 0);
        if (_valueTypes + valueTypes > maxValueTypes)
            throw new WasmLimitException("parameter and result types of the function signatures in use by compiled modules", maxValueTypes, _valueTypes + valueTypes, 0);
        int id = _freeIds.Count > 0 ? _freeIds.Pop() : ++_nextId;
        // A private copy: the caller's arrays are public and could change under the dictionary.
        var key = new FuncType([.. type.Parameters], [.. type.Results]);
        entry = new Entry(id, key);
        _entries.Add(key, entry);
        _valueTypes += valueTypes;
        return entry;
    }

    private void ReleaseLocked(HashSet<Entry> held)
    {
        foreach (var entry in held)
        {
            if (--entry.Leases > 0) continue;
            _entries.Remove(entry.Key);
            _valueTypes -= entry.Key.Parameters.Length + entry.Key.Results.Length;
            _freeIds.Push(entry.Id);
        }
        held.Clear();
    }

    /// <summary>A module's hold on its signatures; released by <see cref="Dispose"/> or, failing that, the finalizer.</summary>
    internal sealed class Lease : IDisposable
    {
        private readonly SignatureTable _table;
        private HashSet<Entry>? _held;

        internal Lease(SignatureTable table, HashSet<Entry> held)
        {
            _table = table;
            _held = held;
        }

        public void Dispose()
        {
            Release();
            GC.SuppressFinalize(this);
        }

        ~Lease() => Release();

        private void Release()
        {
            lock (_table._lock)
            {
                if (_held is null) return;
                _table.ReleaseLocked(_held);
                _held = null;
            }
        }
    }
}
