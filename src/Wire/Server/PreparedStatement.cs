using TenantDb.Engine;
using TenantDb.Wire.Sql;
using TenantDb.Wire.Types;

namespace TenantDb.Wire.Server;

/// <summary>
/// A statement prepared by Parse (or by a simple Query): the SQL text, what the wire layer does with
/// it, the engine statement when SQLite runs it, parameter types and the mapping from PostgreSQL's
/// $n to SQLite's parameter slots.
/// </summary>
internal sealed class PreparedStatement : IDisposable
{
    /// <summary>Creates the entry; <paramref name="engine"/> is null for statements the wire layer answers itself.</summary>
    public PreparedStatement(string sql, StatementKind kind, TenantStatement? engine, uint[] declaredParameterTypes)
    {
        Sql = sql;
        Kind = kind;
        Engine = engine;
        var count = engine is null ? declaredParameterTypes.Length : ParameterSlots(engine, out _slots);
        ParameterTypes = new uint[Math.Max(count, declaredParameterTypes.Length)];
        for (var i = 0; i < ParameterTypes.Length; i++)
            ParameterTypes[i] = i < declaredParameterTypes.Length && declaredParameterTypes[i] != PgTypeOid.Unspecified ? declaredParameterTypes[i] : PgTypeOid.Text;
        Verb = engine is null ? "" : StatementClassifier.CommandVerb(sql, engine.ColumnCount > 0);
        Writes = kind == StatementKind.Procedure || engine is { IsReadOnly: false };
    }

    private readonly int[] _slots = [];

    /// <summary>The SQL text as the client sent it.</summary>
    public string Sql { get; }

    /// <summary>How the statement is run.</summary>
    public StatementKind Kind { get; }

    /// <summary>The engine statement (for <see cref="StatementKind.Engine"/>).</summary>
    public TenantStatement? Engine { get; }

    /// <summary>Type of each PostgreSQL parameter ($1 = index 0): as declared in Parse, text otherwise.</summary>
    public uint[] ParameterTypes { get; }

    /// <summary>True when running the statement may write, so it belongs in the implicit transaction.</summary>
    public bool Writes { get; }

    /// <summary>CommandComplete verb ("SELECT", "INSERT", "CREATE TABLE", ...).</summary>
    public string Verb { get; }

    /// <summary>Column types fixed by a Describe of the statement; portals must then use exactly these.</summary>
    public uint[]? DescribedColumnTypes { get; set; }

    /// <summary>The parsed procedure statement (for <see cref="StatementKind.Procedure"/>), once parsed.</summary>
    public TenantDb.Engine.Procedures.ProcedureCommand? Procedure { get; set; }

    /// <summary>True while a portal is reading from <see cref="Engine"/> (a second portal must wait or fail).</summary>
    public bool InUse { get; set; }

    /// <summary>SQLite slot (0-based) for PostgreSQL parameter <paramref name="pgIndex"/> (0-based), or -1 if unused.</summary>
    public int SlotOf(int pgIndex) => _slots.Length == 0 ? pgIndex : pgIndex < _slots.Length ? _slots[pgIndex] : -1;

    private string[]? _columnNames;
    private uint[]? _declaredColumnTypes;

    /// <summary>Result column names, read from the engine once.</summary>
    public string[] ColumnNames
    {
        get
        {
            if (_columnNames is not null) return _columnNames;
            var names = new string[Engine?.ColumnCount ?? 0];
            for (var i = 0; i < names.Length; i++) names[i] = Engine!.GetColumnName(i);
            return _columnNames = names;
        }
    }

    /// <summary>Type implied by each column's declared SQLite type (<see cref="PgTypeOid.Unspecified"/> for expressions), read once.</summary>
    public uint[] DeclaredColumnTypes
    {
        get
        {
            if (_declaredColumnTypes is not null) return _declaredColumnTypes;
            var types = new uint[Engine?.ColumnCount ?? 0];
            for (var i = 0; i < types.Length; i++) types[i] = ColumnTypeResolver.FromDeclaredType(Engine!.GetColumnDeclaredType(i));
            return _declaredColumnTypes = types;
        }
    }

    /// <summary>Types for Describe: declared type, else a guess from the column's declared SQLite type or name.</summary>
    public uint[] GuessColumnTypes()
    {
        if (DescribedColumnTypes is not null || Engine is null) return DescribedColumnTypes ?? [];
        var declared = DeclaredColumnTypes;
        var types = new uint[declared.Length];
        for (var i = 0; i < types.Length; i++)
            types[i] = declared[i] != PgTypeOid.Unspecified ? declared[i] : ColumnTypeResolver.FromExpressionName(ColumnNames[i]);
        return types;
    }

    /// <summary>Frees the engine statement.</summary>
    public void Dispose() => Engine?.Dispose();

    // SQLite numbers "$1", "$2" as named parameters in order of first appearance; "?NNN" and plain "?"
    // are positional. Build pg index -> slot so "$2 ... $1" binds correctly. Returns the PostgreSQL
    // parameter count (highest $n).
    private static int ParameterSlots(TenantStatement statement, out int[] slots)
    {
        var count = statement.ParameterCount;
        var map = new List<int>(count);
        var named = false;
        for (var slot = 0; slot < count; slot++)
        {
            var name = statement.GetParameterName(slot);
            int n;
            if (name is not null && name.Length > 1 && (name[0] == '$' || name[0] == '?')
                && int.TryParse(name.AsSpan(1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out n) && n >= 1)
            {
                named = true;
            }
            else
            {
                n = slot + 1;
            }
            while (map.Count < n) map.Add(-1);
            if (map[n - 1] == -1) map[n - 1] = slot;
        }
        slots = named ? [.. map] : [];
        return named ? map.Count : count;
    }
}
