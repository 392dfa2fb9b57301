using System.Globalization;
using TenantDb.Engine.PgCatalog;
using TenantDb.Engine.SqlText;
using TenantDb.Wire.Types;

namespace TenantDb.Wire.Sql;

/// <summary>
/// The PostgreSQL type of an expression written in the client's text, found from its shape the way
/// PostgreSQL's operator and function resolution would: a comparison is boolean, <c>sum</c> of an
/// integer column bigint, a cast its target type, a literal its own type. Column references get the
/// type the schema declares (looked up by the caller); what cannot be told is
/// <see cref="PgDeclaredType.Unspecified"/>. Never looks at a value, so a column's type does not
/// depend on which row comes first.
/// </summary>
internal sealed class ExpressionTyper
{
    private readonly ClientStatement _statement;
    private readonly IReadOnlyDictionary<string, PgDeclaredType>? _columns;
    private readonly List<(int Start, int End)>? _references;
    private readonly uint[]? _parameterTypes;
    private readonly Func<string, PgDeclaredType[]?>? _probe;
    private int _cteDepth;
    private int _unnestDepth;

    /// <summary>
    /// A typer that resolves column references through <paramref name="columns"/> (keyed by their text)
    /// and types <c>$n</c> as <paramref name="parameterTypes"/> says. With <paramref name="probe"/>, the
    /// column references inside a CTE's or a FROM query's branches are looked up in that branch's own scope.
    /// </summary>
    public ExpressionTyper(ClientStatement statement, IReadOnlyDictionary<string, PgDeclaredType>? columns, uint[]? parameterTypes = null,
        Func<string, PgDeclaredType[]?>? probe = null)
    {
        _statement = statement;
        _columns = columns;
        _parameterTypes = parameterTypes;
        _probe = probe;
    }

    private ExpressionTyper(ClientStatement statement, List<(int Start, int End)> references)
    {
        _statement = statement;
        _references = references;
    }

    /// <summary>
    /// A typer for <paramref name="operands"/> of a statement being rewritten: the column references in them are
    /// looked up through <paramref name="probe"/> (one probe statement; none without references or a probe).
    /// </summary>
    public static ExpressionTyper ForOperands(ClientStatement statement, List<(int Start, int End)> operands, Func<string, PgDeclaredType[]?>? probe)
    {
        if (probe is null) return new ExpressionTyper(statement, columns: null);
        var references = new List<(int Start, int End)>();
        foreach (var (start, end) in operands) CollectReferences(statement, start, end, references);
        return new ExpressionTyper(statement, references.Count == 0 ? null : ResultTypeInference.ResolveReferences(statement, StatementShape.Read(statement), references, probe));
    }

    /// <summary>The column references whose types would decide the type of tokens [start, end).</summary>
    public static void CollectReferences(ClientStatement statement, int start, int end, List<(int Start, int End)> references) =>
        new ExpressionTyper(statement, references).TypeOf(start, end);

    /// <summary>The text a column reference is looked up by.</summary>
    public static string ReferenceKey(ClientStatement statement, int start, int end) =>
        statement.Text[statement.Tokens[start].Start..statement.Tokens[end - 1].End];

    /// <summary>The type of tokens [start, end).</summary>
    public PgDeclaredType TypeOf(int start, int end)
    {
        var tokens = _statement.Tokens;
        if (start >= end) return PgDeclaredType.Unspecified;

        // One pass over the top level finds the loosest-binding operator.
        int depth = 0, concat = -1, additive = -1, multiplicative = -1, cast = -1;
        bool boolean = false;
        for (int i = start; i < end; i++)
        {
            var t = tokens[i];
            if (t.Kind == SqlTokenKind.Punctuation)
            {
                char c = _statement.Text[t.Start];
                if (c is '(' or '[') depth++;
                else if (c is ')' or ']') depth--;
                continue;
            }
            if (t.Kind == SqlTokenKind.Word)
            {
                if (_statement.IsWord(i, "CASE")) { depth++; continue; }
                if (_statement.IsWord(i, "END") && depth > 0) { depth--; continue; }
                if (depth == 0 && IsBooleanWord(i, start)) boolean = true;
                continue;
            }
            if (depth != 0) continue;
            if (t.Kind == SqlTokenKind.TypeCast)
            {
                cast = i;
                continue;
            }
            if (t.Kind != SqlTokenKind.Operator) continue;
            var op = t.TextIn(_statement.Text);
            if (IsComparison(op)) boolean = true;
            else if (op is "||" or "->" or "->>" or "#>" or "#>>") concat = i;
            else if (op is "+" or "-" && IsBinary(i, start)) additive = i;
            else if (op is "*" or "/" or "%" && IsBinary(i, start)) multiplicative = i;
        }

        if (boolean) return Known(PgTypeOid.Bool);
        if (concat >= 0)
        {
            var op = tokens[concat].TextIn(_statement.Text);
            if (op is "->>" or "#>>") return Known(PgTypeOid.Text);
            if (op is "->" or "#>")
            {
                var left = TypeOf(start, concat);
                return left.TypeOid is PgTypeOid.Json or PgTypeOid.Jsonb ? left : Known(PgTypeOid.Jsonb);
            }
            TypeOf(concat + 1, end);
            return Known(PgTypeOid.Text);
        }
        if (additive >= 0) return Arithmetic(TypeOf(start, additive), TypeOf(additive + 1, end), tokens[additive].TextIn(_statement.Text)[0]);
        if (multiplicative >= 0) return Arithmetic(TypeOf(start, multiplicative), TypeOf(multiplicative + 1, end), tokens[multiplicative].TextIn(_statement.Text)[0]);
        if (cast >= 0)
        {
            TypeOf(start, cast);
            return Resolve(cast + 1, end);
        }
        if (tokens[start].Kind == SqlTokenKind.Operator && tokens[start].TextIn(_statement.Text) is "-" or "+") return TypeOf(start + 1, end);
        return Primary(start, end);
    }

    private PgDeclaredType Primary(int start, int end)
    {
        var tokens = _statement.Tokens;
        var first = tokens[start];
        if (end - start == 1)
        {
            switch (first.Kind)
            {
                case SqlTokenKind.Number:
                    return NumberType(first.TextIn(_statement.Text));
                case SqlTokenKind.String or SqlTokenKind.EscapeString or SqlTokenKind.DollarString:
                    return Known(PgTypeOid.Text);
                case SqlTokenKind.Parameter:
                    return ParameterType(first.TextIn(_statement.Text));
                case SqlTokenKind.BitString:
                    return PgDeclaredType.Unspecified;
                case SqlTokenKind.Word:
                    if (KeywordType(start) is { } keyword) return keyword;
                    return Reference(start, end);
                case SqlTokenKind.QuotedIdentifier:
                    return Reference(start, end);
                default:
                    return PgDeclaredType.Unspecified;
            }
        }

        // (expression) and (SELECT ...).
        if (_statement.IsPunctuation(start, '(') && Closing(start) == end - 1)
        {
            // A scalar subquery has the type of its one output item.
            if (_statement.IsWord(start + 1, "SELECT"))
            {
                var subquery = StatementShape.ReadSelectAt(_statement, start + 1);
                return subquery.Items.Count == 1 ? TypeOf(subquery.Items[0].Start, subquery.Items[0].End) : PgDeclaredType.Unspecified;
            }
            if (_statement.IsWord(start + 1, "WITH") || _statement.IsWord(start + 1, "VALUES")) return PgDeclaredType.Unspecified;
            return TypeOf(start + 1, end - 1);
        }

        if (first.Kind == SqlTokenKind.Word)
        {
            // Typed literals: DATE '2024-01-01', INTERVAL '1 day', TIMESTAMP WITH TIME ZONE '...'.
            if (tokens[end - 1].Kind is SqlTokenKind.String or SqlTokenKind.EscapeString && !_statement.IsPunctuation(start + 1, '(') && !_statement.IsPunctuation(start + 1, '.'))
            {
                var literalType = Resolve(start, end - 1);
                return literalType.TypeOid == PgTypeOid.Numeric && !_statement.IsWord(start, "numeric") && !_statement.IsWord(start, "decimal") ? PgDeclaredType.Unspecified : literalType;
            }
            if (_statement.IsWord(start, "CASE")) return CaseType(start, end);
            if (_statement.IsWord(start, "EXISTS") || _statement.IsWord(start, "NOT")) return Known(PgTypeOid.Bool);
            if (_statement.IsWord(start, "CAST") && _statement.IsPunctuation(start + 1, '(')) return CastType(start + 1);
            if (_statement.IsWord(start, "ARRAY") && _statement.IsPunctuation(start + 1, '(') && _statement.IsWord(start + 2, "SELECT"))
            {
                // ARRAY(SELECT e FROM ...): an array of e's type.
                var subquery = StatementShape.ReadSelectAt(_statement, start + 2);
                return subquery.Items.Count == 1 ? FunctionResultTypes.ArrayOrTextArray(ArrayOf(TypeOf(subquery.Items[0].Start, subquery.Items[0].End))) : PgDeclaredType.Unspecified;
            }
            if (_statement.IsWord(start, "ARRAY") && _statement.IsPunctuation(start + 1, '['))
            {
                var element = start + 2 < end ? TypeOf(start + 2, ListItemEnd(start + 2, end - 1)) : PgDeclaredType.Unspecified;
                return ArrayOf(element);
            }
        }

        // A dotted column reference: t.col, "T"."Col".
        if (IsDottedName(start, end)) return Reference(start, end);

        // A function call: [schema.]name(args) [FILTER (...)] [OVER ...].
        int nameToken = start;
        if (IsDottedName(start, Math.Min(end, start + 3)) && _statement.IsPunctuation(start + 1, '.')) nameToken = start + 2;
        if (tokens[nameToken].Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier && _statement.IsPunctuation(nameToken + 1, '('))
        {
            int close = Closing(nameToken + 1);
            if (close < 0 || close >= end) return PgDeclaredType.Unspecified;
            var name = tokens[nameToken].Kind == SqlTokenKind.QuotedIdentifier
                ? SqlIdentifier.Unquote(_statement.Text, tokens[nameToken])
                : _statement.TextOf(nameToken).ToString().ToLowerInvariant();
            int argStart = nameToken + 2;
            if (_statement.IsWord(argStart, "DISTINCT") || _statement.IsWord(argStart, "ALL")) argStart++;
            var arguments = new ArgumentList(this, argStart, close);
            return FunctionResultTypes.For(name, arguments);
        }
        return PgDeclaredType.Unspecified;
    }

    /// <summary>The arguments of a call, typed only when the function's result depends on them.</summary>
    internal readonly struct ArgumentList
    {
        private readonly ExpressionTyper _typer;
        private readonly int _start;
        private readonly int _end;

        public ArgumentList(ExpressionTyper typer, int start, int end)
        {
            _typer = typer;
            _start = start;
            _end = end;
        }

        /// <summary>The type of argument <paramref name="index"/> (0-based); unspecified when absent.</summary>
        public PgDeclaredType TypeOf(int index)
        {
            int start = _start;
            for (int n = 0; start < _end; n++)
            {
                int end = _typer.ListItemEnd(start, _end);
                if (n == index) return _typer.TypeOf(start, end);
                start = end + 1;
            }
            return PgDeclaredType.Unspecified;
        }

        /// <summary>The first argument whose type is known.</summary>
        public PgDeclaredType FirstKnown()
        {
            var result = PgDeclaredType.Unspecified;
            int start = _start;
            while (start < _end)
            {
                int end = _typer.ListItemEnd(start, _end);
                result = Alternative(result, _typer.TypeOf(start, end));
                start = end + 1;
            }
            return result;
        }

        /// <summary>Argument <paramref name="index"/> when it is an integer literal alone (round's places), else null.</summary>
        public long? IntegerLiteral(int index)
        {
            int start = _start;
            for (int n = 0; start < _end; n++)
            {
                int end = _typer.ListItemEnd(start, _end);
                if (n == index)
                {
                    bool negative = end - start == 2 && _typer._statement.TextOf(start) is "-";
                    int digits = negative ? start + 1 : start;
                    if (end - digits != 1 || _typer._statement.Tokens[digits].Kind != SqlTokenKind.Number) return null;
                    return long.TryParse(_typer._statement.TextOf(digits), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                        ? (negative ? -value : value) : null;
                }
                start = end + 1;
            }
            return null;
        }

        /// <summary>The first argument as written, lower-cased and unquoted (date_part's field name).</summary>
        public string FirstText()
        {
            if (_start >= _end) return "";
            var token = _typer._statement.Tokens[_start];
            if (token.Kind is SqlTokenKind.String && SqlStringConstant.TryGetValue(_typer._statement.Text, token, out var value, out _)) return value.ToLowerInvariant();
            return token.TextIn(_typer._statement.Text).ToString().ToLowerInvariant();
        }
    }

    private PgDeclaredType CaseType(int start, int end)
    {
        // CASE [operand] WHEN c THEN r ... [ELSE r] END: the first branch result of known type.
        var result = PgDeclaredType.Unspecified;
        int depth = 0;
        int branch = -1;
        for (int i = start + 1; i < end; i++)
        {
            if (_statement.IsPunctuation(i, '(') || _statement.IsWord(i, "CASE")) { depth++; continue; }
            if (_statement.IsPunctuation(i, ')') || (_statement.IsWord(i, "END") && depth > 0)) { depth--; continue; }
            if (depth != 0) continue;
            bool boundary = _statement.IsWord(i, "WHEN") || _statement.IsWord(i, "ELSE") || _statement.IsWord(i, "END");
            if (boundary && branch >= 0)
            {
                result = Alternative(result, TypeOf(branch, i));
                branch = -1;
            }
            if (_statement.IsWord(i, "THEN") || _statement.IsWord(i, "ELSE")) branch = i + 1;
        }
        return result;
    }

    private PgDeclaredType CastType(int open)
    {
        int close = Closing(open);
        if (close < 0) return PgDeclaredType.Unspecified;
        int depth = 0;
        for (int i = open + 1; i < close; i++)
        {
            if (_statement.IsPunctuation(i, '(')) depth++;
            else if (_statement.IsPunctuation(i, ')')) depth--;
            else if (depth == 0 && _statement.IsWord(i, "AS"))
            {
                TypeOf(open + 1, i);
                return Resolve(i + 1, close);
            }
        }
        return PgDeclaredType.Unspecified;
    }

    private PgDeclaredType ParameterType(ReadOnlySpan<char> text)
    {
        if (_parameterTypes is null || text.Length < 2 || text[0] != '$' || !int.TryParse(text[1..], NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return PgDeclaredType.Unspecified;
        return n >= 1 && n <= _parameterTypes.Length ? Known(_parameterTypes[n - 1]) : PgDeclaredType.Unspecified;
    }

    /// <summary>The type named by tokens [start, end) of a cast; unspecified for a name that is not a known type.</summary>
    public PgDeclaredType TypeNamed(int start, int end) => Resolve(start, end);

    /// <summary>The type named by tokens [start, end): <c>int8</c>, <c>varchar(20)</c>, <c>pg_catalog.text</c>, <c>int[]</c>.</summary>
    private PgDeclaredType Resolve(int start, int end)
    {
        if (start >= end) return PgDeclaredType.Unspecified;
        var tokens = _statement.Tokens;
        // pg_catalog.int8: the last part names the type.
        while (start + 2 < end && _statement.IsPunctuation(start + 1, '.')) start += 2;
        if (tokens[start].Kind == SqlTokenKind.QuotedIdentifier)
        {
            var unquoted = SqlIdentifier.Unquote(_statement.Text, tokens[start]);
            return unquoted == "char" ? Known(PgTypeOid.Char) : PgDeclaredType.Resolve(unquoted);
        }
        if (tokens[start].Kind != SqlTokenKind.Word) return PgDeclaredType.Unspecified;
        var text = _statement.Text[tokens[start].Start..tokens[end - 1].End];
        var resolved = PgDeclaredType.Resolve(text);
        // A name PostgreSQL does not know (regclass, a domain...) resolves by SQLite's affinity: not a type we can promise.
        return IsKnownTypeName(_statement.TextOf(start)) ? resolved : PgDeclaredType.Unspecified;
    }

    private static bool IsKnownTypeName(ReadOnlySpan<char> name)
    {
        Span<char> lower = stackalloc char[Math.Min(name.Length, 32)];
        if (name.Length > 32) return false;
        name.ToLowerInvariant(lower);
        return lower switch
        {
            "int" or "integer" or "int2" or "int4" or "int8" or "smallint" or "bigint" or "real" or "float" or "float4" or "float8" or "double"
                or "numeric" or "decimal" or "bool" or "boolean" or "text" or "varchar" or "character" or "char" or "bpchar" or "bytea"
                or "date" or "time" or "timetz" or "timestamp" or "timestamptz" or "interval" or "uuid" or "json" or "jsonb" or "oid" or "name" or "blob" => true,
            _ => false,
        };
    }

    private PgDeclaredType Reference(int start, int end)
    {
        if (_references is not null)
        {
            _references.Add((start, end));
            // The array an unnest column comes from may name columns too.
            if (_unnestDepth < 4 && UnnestSource(start, end) is { Start: >= 0 } arrayArgument)
            {
                _unnestDepth++;
                TypeOf(arrayArgument.Start, arrayArgument.End);
                _unnestDepth--;
            }
            return PgDeclaredType.Unspecified;
        }
        if (_columns is not null && _columns.TryGetValue(ReferenceKey(_statement, start, end), out var type) && type.TypeOid != 0) return type;
        // A column of unnest(...) in FROM (SQLite sees an expression without a declared type): the element
        // type of its array, or bigint for WITH ORDINALITY's column, as in PostgreSQL.
        if (_unnestDepth < 4 && UnnestSource(start, end) is { } array)
        {
            if (array.Start < 0) return Known(PgTypeOid.Int8);
            _unnestDepth++;
            try
            {
                return ElementOf(TypeOf(array.Start, array.End));
            }
            finally
            {
                _unnestDepth--;
            }
        }
        // A column of a CTE or of a subquery in FROM (which have no declared type): the type of the expression that defines it.
        if (_cteDepth < 4 && (StatementShape.CteColumnSource(_statement, ReferenceName(start, end))
            ?? StatementShape.DerivedColumnSource(_statement, Qualifier(start, end), ReferenceName(start, end))) is { } source)
        {
            _cteDepth++;
            try
            {
                return ColumnTypeOf(source.Branches, source.Column);
            }
            finally
            {
                _cteDepth--;
            }
        }
        return PgDeclaredType.Unspecified;
    }

    /// <summary>
    /// The type of output column <paramref name="column"/> of a query with these branches: the common type of
    /// the branches' expressions (<see cref="CommonType"/>), an untyped literal taking the others' type.
    /// </summary>
    public PgDeclaredType ColumnTypeOf(List<QueryBranches.Branch> branches, int column)
    {
        var common = new CommonType();
        foreach (var branch in branches)
        {
            var (start, end) = branch.Items[column];
            if (IsUntypedLiteral(start, end)) continue;
            var typer = this;
            if (_probe is not null && _references is null && branch.Select is { } shape)
            {
                var references = new List<(int Start, int End)>();
                CollectReferences(_statement, start, end, references);
                if (references.Count > 0)
                    typer = new ExpressionTyper(_statement, ResultTypeInference.ResolveReferences(_statement, shape, references, _probe), _parameterTypes, _probe) { _cteDepth = _cteDepth };
            }
            common.Add(typer.TypeOf(start, end));
        }
        return common.Result;
    }

    /// <summary>True for a quoted string or NULL alone, which PostgreSQL types by its surroundings.</summary>
    public bool IsUntypedLiteral(int start, int end) =>
        end - start == 1 && (_statement.Tokens[start].Kind is SqlTokenKind.String or SqlTokenKind.EscapeString or SqlTokenKind.DollarString || _statement.IsWord(start, "NULL"));

    // The array argument of the unnest in FROM that outputs the column referenced by tokens [start, end).
    private (int Start, int End)? UnnestSource(int start, int end) =>
        UnnestInFrom.ColumnSource(_statement, ReferenceName(start, end), Qualifier(start, end));

    // The relation name of a qualified reference (tokens [start, end) ending in relation.column), or null.
    private string? Qualifier(int start, int end) => end - start >= 3 && _statement.IsPunctuation(end - 2, '.')
        ? (_statement.Tokens[end - 3].Kind == SqlTokenKind.QuotedIdentifier ? SqlIdentifier.Unquote(_statement.Text, _statement.Tokens[end - 3]) : _statement.TextOf(end - 3).ToString())
        : null;

    /// <summary>The element type of an array type (<c>integer[]</c>, <c>int2vector</c>); unspecified for any other type.</summary>
    internal static PgDeclaredType ElementOf(PgDeclaredType array)
    {
        if (array.TypeOid == 0) return PgDeclaredType.Unspecified;
        string name = PgDeclaredType.Format(array.TypeOid, -1);
        if (name == "int2vector") return Known(PgTypeOid.Int2);
        if (name == "oidvector") return Known(PgTypeOid.Oid);
        return name.EndsWith("[]", StringComparison.Ordinal) ? PgDeclaredType.Resolve(name[..^2]) : PgDeclaredType.Unspecified;
    }

    // The column name of a reference: its last part, unquoted.
    private string ReferenceName(int start, int end)
    {
        var last = _statement.Tokens[end - 1];
        return last.Kind == SqlTokenKind.QuotedIdentifier ? SqlIdentifier.Unquote(_statement.Text, last) : last.TextIn(_statement.Text).ToString();
    }

    private PgDeclaredType? KeywordType(int i)
    {
        var word = _statement.TextOf(i);
        if (Is(word, "TRUE") || Is(word, "FALSE")) return Known(PgTypeOid.Bool);
        if (Is(word, "NULL")) return PgDeclaredType.Unspecified;
        if (Is(word, "CURRENT_TIMESTAMP")) return Known(PgTypeOid.TimestampTz);
        if (Is(word, "LOCALTIMESTAMP")) return Known(PgTypeOid.Timestamp);
        if (Is(word, "CURRENT_DATE")) return Known(PgTypeOid.Date);
        if (Is(word, "CURRENT_TIME")) return Known(PgTypeOid.TimeTz);
        if (Is(word, "LOCALTIME")) return Known(PgTypeOid.Time);
        if (Is(word, "CURRENT_USER") || Is(word, "SESSION_USER") || Is(word, "USER") || Is(word, "CURRENT_CATALOG") || Is(word, "CURRENT_SCHEMA")) return Known(PgTypeOid.Name);
        return null;
    }

    private bool IsBooleanWord(int i, int start)
    {
        var word = _statement.TextOf(i);
        if (Is(word, "AND") || Is(word, "OR") || Is(word, "IS") || Is(word, "IN") || Is(word, "LIKE") || Is(word, "ILIKE") || Is(word, "SIMILAR") || Is(word, "BETWEEN")) return true;
        // NOT and EXISTS lead a boolean expression; "NOT" also appears inside "IS NOT" and "NOT IN".
        return (Is(word, "NOT") || Is(word, "EXISTS")) && i == start;
    }

    private static bool IsComparison(ReadOnlySpan<char> op) =>
        op is "=" or "<>" or "!=" or "<" or ">" or "<=" or ">=" or "~" or "~*" or "!~" or "!~*" or "@>" or "<@" or "&&" or "?" or "?|" or "?&" or "@@" or "^@" or "~~" or "!~~";

    // A '+' or '-' is binary when an operand ends right before it.
    private bool IsBinary(int i, int start)
    {
        if (i == start) return false;
        var previous = _statement.Tokens[i - 1];
        return previous.Kind switch
        {
            SqlTokenKind.Number or SqlTokenKind.String or SqlTokenKind.EscapeString or SqlTokenKind.DollarString or SqlTokenKind.Parameter
                or SqlTokenKind.QuotedIdentifier or SqlTokenKind.BitString => true,
            SqlTokenKind.Punctuation => _statement.IsPunctuation(i - 1, ')') || _statement.IsPunctuation(i - 1, ']'),
            SqlTokenKind.Word => !(Is(_statement.TextOf(i - 1), "AND") || Is(_statement.TextOf(i - 1), "OR") || Is(_statement.TextOf(i - 1), "NOT")
                || Is(_statement.TextOf(i - 1), "THEN") || Is(_statement.TextOf(i - 1), "ELSE") || Is(_statement.TextOf(i - 1), "WHEN")),
            _ => false,
        };
    }

    /// <summary>
    /// The type of a value that is either of <paramref name="first"/>'s type or of <paramref name="other"/>'s (branches of CASE,
    /// arguments of COALESCE): the first known. A numeric scale rounds every value the column shows to it, so it stays only
    /// while no other branch can have more decimals (integers and numerics of no larger scale cannot; their values are then
    /// shown with that scale); a type modifier is announced only when every branch has it, as PostgreSQL's common type.
    /// </summary>
    internal static PgDeclaredType Alternative(PgDeclaredType first, PgDeclaredType other)
    {
        if (first.TypeOid == 0) return other;
        if (other.TypeOid == 0 || other == first) return first;
        if (!IsNumber(first.TypeOid) || !IsNumber(other.TypeOid)) return first;
        // Numbers widen to the wider type, as in PostgreSQL's common type.
        int rank = Math.Max(NumericRank(first.TypeOid), NumericRank(other.TypeOid));
        if (rank != NumericRank(PgTypeOid.Numeric)) return NumericRank(first.TypeOid) == rank ? Known(first.TypeOid) : Known(other.TypeOid);
        return first.NumericScale >= 0 && ScaleOf(other) is >= 0 and var scale && scale <= first.NumericScale
            ? PgDeclaredType.NumericOfScale(first.NumericScale)
            : Known(PgTypeOid.Numeric);
    }

    /// <summary>Decimals a number of <paramref name="type"/> shows: 0 for integers, a numeric's scale; -1 when not known.</summary>
    private static int ScaleOf(PgDeclaredType type) => IsInteger(type.TypeOid) ? 0 : type.NumericScale;

    /// <summary>
    /// A numeric sum, difference, product or remainder shows PostgreSQL's scale when both operands' are known: the larger
    /// of the two (+, -, %), their sum (*); a quotient's scale depends on the values, so it has none.
    /// </summary>
    private static PgDeclaredType NumericResult(PgDeclaredType left, PgDeclaredType right, char op)
    {
        int l = ScaleOf(left), r = ScaleOf(right);
        if (l < 0 || r < 0 || op == '/') return Known(PgTypeOid.Numeric);
        int scale = op == '*' ? l + r : Math.Max(l, r);
        return scale <= MaxShownScale ? PgDeclaredType.NumericOfScale(scale) : Known(PgTypeOid.Numeric);
    }

    /// <summary>Scales above this are not shown: a double holds 15 significant digits.</summary>
    private const int MaxShownScale = 15;

    private static PgDeclaredType Arithmetic(PgDeclaredType left, PgDeclaredType right, char op)
    {
        uint l = left.TypeOid, r = right.TypeOid;
        // An operand of unknown type (a parameter, NULL) takes the other's type, as PostgreSQL resolves it.
        if (l == 0) return IsNumber(r) || IsDateTime(r) || r == PgTypeOid.Interval ? Known(r) : PgDeclaredType.Unspecified;
        if (r == 0) return IsNumber(l) || IsDateTime(l) || l == PgTypeOid.Interval ? Known(l) : PgDeclaredType.Unspecified;
        if (IsDateTime(l) || IsDateTime(r) || l == PgTypeOid.Interval || r == PgTypeOid.Interval)
        {
            if (l == PgTypeOid.Date && IsInteger(r)) return Known(PgTypeOid.Date);
            if (IsInteger(l) && r == PgTypeOid.Date && op == '+') return Known(PgTypeOid.Date);
            if (l == PgTypeOid.Date && r == PgTypeOid.Date && op == '-') return Known(PgTypeOid.Int4);
            if (IsDateTime(l) && IsDateTime(r) && op == '-') return Known(PgTypeOid.Interval);
            if (l == PgTypeOid.Interval && r == PgTypeOid.Interval) return Known(PgTypeOid.Interval);
            if (l == PgTypeOid.Interval && IsNumber(r)) return Known(PgTypeOid.Interval);
            var dated = IsDateTime(l) ? l : r;
            return Known(dated == PgTypeOid.Date ? PgTypeOid.Timestamp : dated);
        }
        if (!IsNumber(l) || !IsNumber(r)) return PgDeclaredType.Unspecified;
        if (Math.Max(NumericRank(l), NumericRank(r)) == NumericRank(PgTypeOid.Numeric)) return NumericResult(left, right, op);
        return Known(Math.Max(NumericRank(l), NumericRank(r)) switch
        {
            1 => PgTypeOid.Int2,
            2 => PgTypeOid.Int4,
            3 => PgTypeOid.Int8,
            4 => PgTypeOid.Numeric,
            5 => PgTypeOid.Float4,
            _ => PgTypeOid.Float8,
        });
    }

    private static int NumericRank(uint oid) => oid switch
    {
        PgTypeOid.Int2 => 1,
        PgTypeOid.Int4 => 2,
        PgTypeOid.Int8 => 3,
        PgTypeOid.Numeric => 4,
        PgTypeOid.Float4 => 5,
        _ => 6,
    };

    internal static bool IsNumber(uint oid) => oid is PgTypeOid.Int2 or PgTypeOid.Int4 or PgTypeOid.Int8 or PgTypeOid.Numeric or PgTypeOid.Float4 or PgTypeOid.Float8;

    private static bool IsInteger(uint oid) => oid is PgTypeOid.Int2 or PgTypeOid.Int4 or PgTypeOid.Int8;

    private static bool IsDateTime(uint oid) => oid is PgTypeOid.Date or PgTypeOid.Timestamp or PgTypeOid.TimestampTz;

    /// <summary>
    /// An integer literal is integer or bigint; one with a fraction is numeric, showing its decimals as written (<c>2.50</c>)
    /// when it has at most 15 significant digits (a double's), else with no fixed scale.
    /// </summary>
    private static PgDeclaredType NumberType(ReadOnlySpan<char> text)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            return Known(value <= int.MaxValue ? PgTypeOid.Int4 : PgTypeOid.Int8);
        int point = text.IndexOf('.');
        if (point < 0 || text.ContainsAnyExcept("0123456789.") || text[(point + 1)..].Contains('.')) return Known(PgTypeOid.Numeric);
        int significant = text.TrimStart("0.").Length - (text.TrimStart("0.").Contains('.') ? 1 : 0);
        return significant <= MaxShownScale ? PgDeclaredType.NumericOfScale(text.Length - point - 1) : Known(PgTypeOid.Numeric);
    }

    /// <summary>The array type whose elements are <paramref name="element"/>; unspecified for an unknown element.</summary>
    internal static PgDeclaredType ArrayOf(PgDeclaredType element)
    {
        if (element.TypeOid == 0) return PgDeclaredType.Unspecified;
        return PgDeclaredType.Resolve(PgDeclaredType.Format(element.TypeOid, -1) + "[]") is { TypeOid: not 0 } array && array.TypeOid != element.TypeOid ? array : PgDeclaredType.Unspecified;
    }

    internal static PgDeclaredType Known(uint oid) => oid == 0 ? PgDeclaredType.Unspecified : new(oid, -1);

    private bool IsDottedName(int start, int end)
    {
        if ((end - start) % 2 == 0) return false;
        for (int i = start; i < end; i++)
        {
            bool namePosition = (i - start) % 2 == 0;
            if (namePosition ? _statement.Tokens[i].Kind is not (SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier) : !_statement.IsPunctuation(i, '.')) return false;
        }
        return true;
    }

    /// <summary>The ')' or ']' matching the bracket at <paramref name="open"/>, or -1.</summary>
    internal int Closing(int open) => _statement.Closing(open);

    /// <summary>The end of the list item starting at <paramref name="start"/>: the next top-level ',' or <paramref name="end"/>.</summary>
    internal int ListItemEnd(int start, int end)
    {
        int depth = 0;
        for (int i = start; i < end; i++)
        {
            if (_statement.IsPunctuation(i, '(') || _statement.IsPunctuation(i, '[')) depth++;
            else if (_statement.IsPunctuation(i, ')') || _statement.IsPunctuation(i, ']')) depth--;
            else if (depth == 0 && _statement.IsPunctuation(i, ',')) return i;
        }
        return end;
    }

    private static bool Is(ReadOnlySpan<char> word, string keyword) => word.Equals(keyword, StringComparison.OrdinalIgnoreCase);
}
