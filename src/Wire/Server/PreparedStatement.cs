using TenantDb.Engine;
using TenantDb.Engine.PgCatalog;
using TenantDb.Engine.Procedures;
using TenantDb.Engine.Sql;
using TenantDb.Wire.Protocol;
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
        _engine = engine;
        _runsOnEngine = engine is not null;
        _engineColumns = engine?.ColumnCount ?? 0;
        _engineParameters = engine?.ParameterCount ?? 0;
        _parameters = engine?.Parameters;
        var count = _parameters?.Count ?? declaredParameterTypes.Length;
        ParameterTypes = new uint[Math.Max(count, declaredParameterTypes.Length)];
        for (var i = 0; i < ParameterTypes.Length; i++)
            ParameterTypes[i] = i < declaredParameterTypes.Length && declaredParameterTypes[i] != PgTypeOid.Unspecified ? declaredParameterTypes[i] : PgTypeOid.Text;
        _unspecifiedParameters = Array.FindIndex(declaredParameterTypes, t => t == PgTypeOid.Unspecified) >= 0 || declaredParameterTypes.Length < ParameterTypes.Length;
        Verb = engine is null ? "" : StatementClassifier.CommandVerb(sql, engine.ColumnCount > 0);
        Writes = kind is StatementKind.Procedure or StatementKind.Ddl || engine is { IsReadOnly: false };
    }

    private readonly ParameterMap? _parameters;
    private bool _unspecifiedParameters;

    /// <summary>
    /// Types the parameters Parse left unspecified from the statement's text (casts, compared and target
    /// columns: <see cref="ParameterTypeInference"/>); the rest stay text. Call once, before Describe.
    /// </summary>
    public void InferParameterTypes(ClientStatement client, uint[] declared, Func<string, PgDeclaredType[]?> probe)
    {
        if (!_runsOnEngine || ParameterTypes.Length == 0) return;
        bool numeric = Array.IndexOf(declared, PgTypeOid.Numeric) >= 0;
        if (!_unspecifiedParameters && !numeric) return;
        _unspecifiedParameters = false;
        var types = new uint[ParameterTypes.Length];
        for (var i = 0; i < types.Length; i++) types[i] = i < declared.Length ? declared[i] : PgTypeOid.Unspecified;
        var columnBound = new bool[types.Length];
        ParameterTypeInference.Infer(client, types, probe, columnBound);
        for (var i = 0; i < types.Length; i++) ParameterTypes[i] = types[i] == PgTypeOid.Unspecified ? PgTypeOid.Text : types[i];
        _columnBound = columnBound;
    }

    // Which parameters meet a column or a cast (see ParameterTypeInference.Infer); null: all of them.
    private bool[]? _columnBound;

    /// <summary>
    /// True when parameter <paramref name="index"/> meets a column or a cast, so SQLite converts it by
    /// that affinity and a numeric value may be bound as exact text; false when it is compared as bound
    /// (<c>sum(x) &gt; $1</c>), where a numeric value must be bound as a number.
    /// </summary>
    public bool IsColumnBound(int index) => _columnBound is null || (uint)index >= (uint)_columnBound.Length || _columnBound[index];

    /// <summary>The SQL text as the client sent it.</summary>
    public string Sql { get; }

    /// <summary>How the statement is run.</summary>
    public StatementKind Kind { get; }

    private TenantStatement? _engine;
    private readonly bool _runsOnEngine;
    private readonly int _engineColumns;
    private readonly int _engineParameters;
    // Set while the engine statement is given up (the connection lent its session back): prepares it again on first use.
    private Func<PreparedStatement, TenantStatement>? _prepareAgain;

    /// <summary>
    /// The engine statement (for <see cref="StatementKind.Engine"/>); null for statements the wire layer
    /// answers itself. After <see cref="ReleaseEngine"/> the first use prepares it again, on whatever
    /// session the connection holds then.
    /// </summary>
    public TenantStatement? Engine
    {
        get
        {
            if (_engine is not null || !_runsOnEngine || _prepareAgain is not { } prepare) return _engine;
            var engine = prepare(this);
            // PostgreSQL's answer when a cached plan's shape changed under it (a table was altered meanwhile).
            if (engine.ColumnCount != _engineColumns || engine.ParameterCount != _engineParameters)
            {
                engine.Dispose();
                throw new Protocol.PgStatementException(Protocol.SqlState.FeatureNotSupported, "cached plan must not change result type");
            }
            _engine = engine;
            _prepareAgain = null;
            return engine;
        }
    }

    /// <summary>True when the statement reads the PostgreSQL catalog (brought up to date before it is prepared again).</summary>
    public bool UsesCatalog { get; init; }

    /// <summary>
    /// Frees the engine statement while keeping everything the client was told about it (its parameter
    /// and result types): the connection gives its session back between transactions, and
    /// <paramref name="prepareAgain"/> prepares the same SQL on the next one when the statement runs.
    /// </summary>
    public void ReleaseEngine(Func<PreparedStatement, TenantStatement> prepareAgain)
    {
        if (!_runsOnEngine) return;
        _engine?.Dispose();
        _engine = null;
        _prepareAgain = prepareAgain;
    }

    /// <summary>Type of each PostgreSQL parameter ($1 = index 0): as declared in Parse, else inferred, else text.</summary>
    public uint[] ParameterTypes { get; }

    /// <summary>True when running the statement may write, so it belongs in the implicit transaction.</summary>
    public bool Writes { get; }

    /// <summary>CommandComplete verb ("SELECT", "INSERT", "CREATE TABLE", ...).</summary>
    public string Verb { get; }

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
    private PgDeclaredType[]? _columnTypes;

    /// <summary>For CREATE TABLE and ALTER TABLE ADD COLUMN: column types to remember and notices to send.</summary>
    public TableDefinition? Definition { get; init; }

    /// <summary>The client's statement this one was prepared from, which the result types are read from; null if none.</summary>
    public ClientStatement? Client { get; init; }

    /// <summary>Result column names, read from the engine once.</summary>
    public string[] ColumnNames
    {
        get
        {
            if (_columnNames is not null) return _columnNames;
            var names = new string[_engineColumns];
            for (var i = 0; i < names.Length; i++) names[i] = Engine!.GetColumnName(i);
            return _columnNames = names;
        }
    }

    /// <summary>
    /// The PostgreSQL type of each result column, found once: the declared type of a table column, else
    /// the type of the expression as written (<see cref="ResultTypeInference"/>, which may ask
    /// <paramref name="probe"/> for the declared types of the columns it names), else text. Never from a value.
    /// </summary>
    public PgDeclaredType[] ColumnTypes(Func<string, PgDeclaredType[]?> probe)
    {
        if (_columnTypes is not null) return _columnTypes;
        var types = new PgDeclaredType[_engineColumns];
        for (var i = 0; i < types.Length; i++) types[i] = SupportedOrText(Engine!.GetColumnPgType(i));
        if (Client is not null && (Array.Exists(types, t => t.TypeOid == PgTypeOid.Unspecified) || ResultTypeInference.TypesEveryBranch(Client)))
            types = ResultTypeInference.Infer(Client, types, ColumnNames, ParameterTypes, probe);
        for (var i = 0; i < types.Length; i++)
            if (types[i].TypeOid == PgTypeOid.Unspecified) types[i] = new PgDeclaredType(PgTypeOid.Text, -1);
        return _columnTypes = types;
    }

    // The result columns in all-text and in all-binary format, built once: every portal of the statement asks.
    private PgColumn[]? _textColumns;
    private PgColumn[]? _binaryColumns;

    /// <summary>
    /// The result columns as RowDescription announces them for a portal bound with
    /// <paramref name="formats"/> (Bind's result format codes). The arrays for all-text and all-binary
    /// results are built once and shared by every portal of the statement; callers must not change them.
    /// </summary>
    public PgColumn[] ResultColumns(short[] formats, Func<string, PgDeclaredType[]?> probe)
    {
        int uniform = formats.Length switch { 0 => 0, 1 => formats[0], _ => -1 };
        if (uniform == 0 && _textColumns is { } text) return text;
        if (uniform == 1 && _binaryColumns is { } binary) return binary;
        var types = ColumnTypes(probe);
        var names = ColumnNames;
        var columns = new PgColumn[types.Length];
        for (var i = 0; i < columns.Length; i++)
            columns[i] = Server.ResultColumns.Column(names[i], types[i], formats, i, columns.Length);
        if (uniform == 0) _textColumns = columns;
        else if (uniform == 1) _binaryColumns = columns;
        return columns;
    }

    // A declared type TenantDb has no encoder for (money, xml, a domain...) is sent as text.
    private static PgDeclaredType SupportedOrText(PgDeclaredType type) =>
        type.TypeOid == PgTypeOid.Unspecified || PgValueWriter.CanWrite(type.TypeOid) ? type : new PgDeclaredType(PgTypeOid.Text, -1);

    /// <summary>Frees the engine statement.</summary>
    public void Dispose()
    {
        _engine?.Dispose();
        _engine = null;
        _prepareAgain = null;
    }
}
