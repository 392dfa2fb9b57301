using TenantDb.Engine;
using TenantDb.Engine.Procedures;
using TenantDb.Engine.Sql;
using TenantDb.Wire.Sql;
using TenantDb.Wire.Types;

namespace TenantDb.Wire.Server;

/// <summary>
/// A statement prepared by Parse (or by a simple Query): the SQL text, what the wire layer does with
/// it, the engine statement when the engine runs it, parameter types and the engine's map from
/// PostgreSQL's $n to parameter slots.
/// </summary>
internal sealed class PreparedStatement : IDisposable
{
    /// <summary>Creates the entry; <paramref name="engine"/> is null for statements the wire layer answers itself.</summary>
    public PreparedStatement(string sql, StatementKind kind, TenantStatement? engine, uint[] declaredParameterTypes)
    {
        Sql = sql;
        Kind = kind;
        Engine = engine;
        _parameters = engine?.Parameters;
        var count = _parameters?.Count ?? declaredParameterTypes.Length;
        ParameterTypes = new uint[Math.Max(count, declaredParameterTypes.Length)];
        for (var i = 0; i < ParameterTypes.Length; i++)
            ParameterTypes[i] = i < declaredParameterTypes.Length && declaredParameterTypes[i] != PgTypeOid.Unspecified ? declaredParameterTypes[i] : PgTypeOid.Text;
        Verb = engine is null ? "" : StatementClassifier.CommandVerb(sql, engine.ColumnCount > 0);
        Writes = kind is StatementKind.Procedure or StatementKind.Ddl || engine is { IsReadOnly: false };
    }

    private readonly ParameterMap? _parameters;

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
    public ProcedureStatement? Procedure { get; set; }

    /// <summary>A CALL's target as last resolved (kept from Parse or Describe to Execute), or null.</summary>
    public ProcedureHandle? ProcedureTarget { get; set; }

    /// <summary>True once Describe (statement) sent the columns of <see cref="ProcedureTarget"/>: its portals must keep that shape.</summary>
    public bool ProcedureDescribed { get; set; }

    /// <summary>True while a portal is reading from <see cref="Engine"/> (a second portal must wait or fail).</summary>
    public bool InUse { get; set; }

    /// <summary>Engine parameter slot (0-based) for PostgreSQL parameter <paramref name="pgIndex"/> (0-based), or -1 if unused.</summary>
    public int SlotOf(int pgIndex) => _parameters?.SlotOf(pgIndex) ?? pgIndex;

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

    /// <summary>Type implied by each column's declared type (<see cref="PgTypeOid.Unspecified"/> for expressions), read once.</summary>
    public uint[] DeclaredColumnTypes
    {
        get
        {
            if (_declaredColumnTypes is not null) return _declaredColumnTypes;
            var types = new uint[Engine?.ColumnCount ?? 0];
            for (var i = 0; i < types.Length; i++) types[i] = ColumnTypeResolver.FromColumnType(Engine!.GetDeclaredColumnType(i));
            return _declaredColumnTypes = types;
        }
    }

    /// <summary>Types for Describe: the declared type, else the engine's guess from the expression, else text.</summary>
    public uint[] GuessColumnTypes()
    {
        if (DescribedColumnTypes is not null || Engine is null) return DescribedColumnTypes ?? [];
        var declared = DeclaredColumnTypes;
        var types = new uint[declared.Length];
        for (var i = 0; i < types.Length; i++)
        {
            var guess = declared[i] != PgTypeOid.Unspecified ? declared[i] : ColumnTypeResolver.FromColumnType(Engine.GuessColumnType(i));
            types[i] = guess != PgTypeOid.Unspecified ? guess : PgTypeOid.Text;
        }
        return types;
    }

    /// <summary>Frees the engine statement.</summary>
    public void Dispose() => Engine?.Dispose();
}
