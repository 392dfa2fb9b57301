using System.Globalization;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Procedures.Wasi;
using TenantDb.Engine.Values;

namespace TenantDb.Engine.Procedures;

/// <summary>
/// Recognises and parses the procedure statements the engine handles before SQLite sees anything:
/// <c>CREATE [OR REPLACE] PROCEDURE</c>, <c>DROP PROCEDURE</c> and <c>CALL</c>.
/// </summary>
public static class ProcedureCommandParser
{
    /// <summary>Longest procedure name accepted.</summary>
    public const int MaxNameLength = 63;

    /// <summary>
    /// Parses <paramref name="sql"/> if it is a procedure statement. Returns false (and touches
    /// nothing) for any other statement, which then goes to SQLite as usual. A statement that is a
    /// procedure statement but malformed throws a <see cref="TenantDbException"/> of kind
    /// <see cref="TenantDbErrorKind.Syntax"/> with the offset of the offending token.
    /// </summary>
    public static bool TryParse(string sql, out ProcedureCommand? command)
    {
        ArgumentNullException.ThrowIfNull(sql);
        command = null;
        var cursor = new Cursor(new ProcedureTokenizer(sql));
        var first = cursor.Peek();
        if (first.IsWord("call"))
        {
            cursor.Take();
            command = ParseCall(cursor);
        }
        else if (first.IsWord("drop"))
        {
            if (!cursor.PeekAt(1).IsWord("procedure")) return false;
            cursor.Take();
            cursor.Take();
            command = ParseDrop(cursor);
        }
        else if (first.IsWord("create"))
        {
            bool orReplace = cursor.PeekAt(1).IsWord("or") && cursor.PeekAt(2).IsWord("replace");
            if (!cursor.PeekAt(orReplace ? 3 : 1).IsWord("procedure")) return false;
            for (int i = orReplace ? 4 : 2; i > 0; i--) cursor.Take();
            command = ParseCreate(cursor, orReplace);
        }
        else
        {
            return false;
        }
        if (cursor.Peek().IsPunctuation(';')) cursor.Take();
        var rest = cursor.Peek();
        if (rest.Kind != ProcedureTokenKind.End) throw ProcedureSyntax.Near(rest);
        return true;
    }

    private static CallProcedureCommand ParseCall(Cursor cursor)
    {
        string name = ParseName(cursor);
        cursor.ExpectPunctuation('(');
        var args = new List<CallArgument>();
        if (!cursor.Peek().IsPunctuation(')'))
        {
            do
            {
                args.Add(ParseArgument(cursor));
            }
            while (cursor.TakePunctuation(','));
        }
        cursor.ExpectPunctuation(')');
        return new CallProcedureCommand(name, args);
    }

    private static DropProcedureCommand ParseDrop(Cursor cursor)
    {
        bool ifExists = false;
        if (cursor.Peek().IsWord("if"))
        {
            cursor.Take();
            cursor.ExpectWord("exists");
            ifExists = true;
        }
        string name = ParseName(cursor);
        if (cursor.TakePunctuation('('))
        {
            // PostgreSQL allows the argument types here; names are unique, so they are skipped.
            int depth = 1;
            while (depth > 0)
            {
                var t = cursor.Take();
                if (t.Kind == ProcedureTokenKind.End) throw ProcedureSyntax.Error("unterminated argument list", t.Offset);
                if (t.IsPunctuation('(')) depth++;
                else if (t.IsPunctuation(')')) depth--;
            }
        }
        return new DropProcedureCommand(name, ifExists);
    }

    private static CreateProcedureCommand ParseCreate(Cursor cursor, bool orReplace)
    {
        string name = ParseName(cursor);
        cursor.ExpectPunctuation('(');
        var parameters = new List<ProcedureColumn>();
        if (!cursor.Peek().IsPunctuation(')'))
        {
            do
            {
                parameters.Add(ParseColumn(cursor, "parameter"));
            }
            while (cursor.TakePunctuation(','));
        }
        cursor.ExpectPunctuation(')');
        CheckUnique(parameters, "parameter");

        var columns = new List<ProcedureColumn>();
        if (cursor.Peek().IsWord("returns"))
        {
            cursor.Take();
            cursor.ExpectWord("table");
            cursor.ExpectPunctuation('(');
            do
            {
                columns.Add(ParseColumn(cursor, "column"));
            }
            while (cursor.TakePunctuation(','));
            cursor.ExpectPunctuation(')');
            CheckUnique(columns, "column");
        }

        WasiManifest? wasi = null;
        if (cursor.Peek().IsWord("language"))
        {
            cursor.Take();
            var lang = cursor.Take();
            if (lang.IsWord("wasi")) wasi = ParseWasiManifest(cursor);
            else if (!lang.IsWord("wasm") && !lang.IsWord("wat")) throw ProcedureSyntax.Error($"unsupported procedure language \"{lang.Text}\" (use wasm or wasi)", lang.Offset);
        }
        cursor.ExpectWord("as");
        var module = ParseModule(cursor);
        if (cursor.Peek().IsWord("language"))
        {
            cursor.Take();
            var lang = cursor.Take();
            if (!lang.IsWord("wasm") && !lang.IsWord("wat")) throw ProcedureSyntax.Error($"unsupported procedure language \"{lang.Text}\" (use wasm)", lang.Offset);
        }
        return new CreateProcedureCommand(name, orReplace, parameters, columns, module, wasi);
    }

    /// <summary>
    /// The channel clauses after <c>LANGUAGE wasi</c>, in any order: <c>STDIN 'query' [FORMAT f]</c>,
    /// <c>STDOUT FORMAT f</c>, <c>CHANNEL name 'query' [FORMAT f]</c> (repeatable) and <c>NONDETERMINISTIC</c>.
    /// </summary>
    private static WasiManifest ParseWasiManifest(Cursor cursor)
    {
        WasiChannel? stdin = null;
        ChannelFormat? stdout = null;
        var channels = new List<WasiChannel>();
        bool nondeterministic = false;
        while (true)
        {
            var t = cursor.Peek();
            if (t.IsWord("stdin"))
            {
                cursor.Take();
                if (stdin is not null) throw ProcedureSyntax.Error("STDIN is declared twice", t.Offset);
                stdin = new WasiChannel(null, ParseQuery(cursor, "STDIN"), ParseFormat(cursor, optional: true));
            }
            else if (t.IsWord("stdout"))
            {
                cursor.Take();
                if (stdout is not null) throw ProcedureSyntax.Error("STDOUT is declared twice", t.Offset);
                stdout = ParseFormat(cursor, optional: false);
            }
            else if (t.IsWord("channel"))
            {
                cursor.Take();
                string name = ParseIdentifier(cursor, "channel name");
                if (channels.Any(c => c.Name == name)) throw ProcedureSyntax.Error($"channel \"{name}\" is declared twice", t.Offset);
                channels.Add(new WasiChannel(name, ParseQuery(cursor, "CHANNEL " + name), ParseFormat(cursor, optional: true)));
            }
            else if (t.IsWord("nondeterministic"))
            {
                cursor.Take();
                nondeterministic = true;
            }
            else
            {
                return new WasiManifest(stdin, stdout ?? ChannelFormat.Tsv, channels, nondeterministic);
            }
        }
    }

    private static string ParseQuery(Cursor cursor, string what)
    {
        var t = cursor.Take();
        if (t.Kind != ProcedureTokenKind.String) throw ProcedureSyntax.Error($"expected the query of {what} as a string", t.Offset);
        return t.Text;
    }

    private static ChannelFormat ParseFormat(Cursor cursor, bool optional)
    {
        if (!cursor.Peek().IsWord("format"))
        {
            if (optional) return ChannelFormat.Tsv;
            throw ProcedureSyntax.Near(cursor.Peek(), "expected FORMAT");
        }
        cursor.Take();
        var t = cursor.Take();
        if (t.IsWord("tsv") || t.IsWord("text")) return ChannelFormat.Tsv;
        if (t.IsWord("csv")) return ChannelFormat.Csv;
        if (t.IsWord("raw") || t.IsWord("binary")) return ChannelFormat.Raw;
        throw ProcedureSyntax.Error($"unknown channel format \"{t.Text}\" (use tsv, csv or raw)", t.Offset);
    }

    private static ModuleSource ParseModule(Cursor cursor)
    {
        var t = cursor.Take();
        ModuleSource source = t.Kind switch
        {
            ProcedureTokenKind.String when IsPostgresHexBytea(t.Text) => new ModuleSource.Binary(DecodeHex(t.Text.AsSpan(2), t.Offset)),
            ProcedureTokenKind.String => new ModuleSource.Text(t.Text),
            ProcedureTokenKind.HexBlob => new ModuleSource.Binary(DecodeHex(t.Text, t.Offset)),
            ProcedureTokenKind.Parameter => new ModuleSource.Parameter(ParameterIndex(t)),
            _ => throw ProcedureSyntax.Error("expected the module after AS: WAT text in a string, a blob literal x'...' or a parameter $n", t.Offset),
        };
        SkipCast(cursor);
        return source;
    }

    private static CallArgument ParseArgument(Cursor cursor)
    {
        var t = cursor.Take();
        CallArgument arg;
        switch (t.Kind)
        {
            case ProcedureTokenKind.Parameter:
                arg = new CallArgument.Parameter(ParameterIndex(t));
                break;
            case ProcedureTokenKind.String:
                arg = new CallArgument.Literal(SqlValue.Text(t.Text));
                break;
            case ProcedureTokenKind.HexBlob:
                arg = new CallArgument.Literal(SqlValue.Blob(DecodeHex(t.Text, t.Offset)));
                break;
            case ProcedureTokenKind.Number:
                arg = new CallArgument.Literal(ParseNumber(t.Text, negative: false, t.Offset));
                break;
            case ProcedureTokenKind.Punctuation when t.IsPunctuation('-') || t.IsPunctuation('+'):
                var n = cursor.Take();
                if (n.Kind != ProcedureTokenKind.Number) throw ProcedureSyntax.Near(n);
                arg = new CallArgument.Literal(ParseNumber(n.Text, t.IsPunctuation('-'), n.Offset));
                break;
            case ProcedureTokenKind.Word when t.IsWord("null"):
                arg = new CallArgument.Literal(SqlValue.Null);
                break;
            case ProcedureTokenKind.Word when t.IsWord("true"):
                arg = new CallArgument.Literal(SqlValue.Integer(1));
                break;
            case ProcedureTokenKind.Word when t.IsWord("false"):
                arg = new CallArgument.Literal(SqlValue.Integer(0));
                break;
            default:
                throw ProcedureSyntax.Error("CALL arguments must be literals or parameters ($1, $2, ...)", t.Offset);
        }
        SkipCast(cursor);
        return arg;
    }

    private static SqlValue ParseNumber(string text, bool negative, int offset)
    {
        bool integral = text.AsSpan().IndexOfAny('.', 'e', 'E') < 0;
        if (integral)
        {
            // Parse with the sign attached so long.MinValue is representable.
            if (long.TryParse(negative ? "-" + text : text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
            {
                return SqlValue.Integer(value);
            }
            throw ProcedureSyntax.Error($"integer out of range: {(negative ? "-" : "")}{text}", offset);
        }
        double d = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        return SqlValue.Real(negative ? -d : d);
    }

    private static void SkipCast(Cursor cursor)
    {
        // `'...'::bytea` or `$1::int8`: the declared parameter types decide, so the cast is noted
        // only for its syntax.
        while (cursor.Peek().IsPunctuation(':') || (cursor.Peek().Kind == ProcedureTokenKind.Punctuation && cursor.Peek().Text == "::"))
        {
            var colon = cursor.Take();
            if (colon.Text != "::") throw ProcedureSyntax.Near(colon);
            ParseTypeName(cursor, "cast");
        }
    }

    private static ProcedureColumn ParseColumn(Cursor cursor, string what)
    {
        string name = ParseIdentifier(cursor, what);
        var type = ParseTypeName(cursor, what);
        return new ProcedureColumn(name, type);
    }

    private static ProcedureType ParseTypeName(Cursor cursor, string what)
    {
        var t = cursor.Take();
        if (t.Kind != ProcedureTokenKind.Word) throw ProcedureSyntax.Error($"expected a type for the {what}", t.Offset);
        string word = t.Text.ToLowerInvariant();
        ProcedureType type;
        switch (word)
        {
            case "int" or "integer" or "bigint" or "smallint" or "int2" or "int4" or "int8":
                type = ProcedureType.Int8;
                break;
            case "float" or "float4" or "float8" or "real" or "numeric" or "decimal":
                type = ProcedureType.Float8;
                break;
            case "double":
                if (cursor.Peek().IsWord("precision")) cursor.Take();
                type = ProcedureType.Float8;
                break;
            case "text" or "varchar" or "char" or "string":
                type = ProcedureType.Text;
                break;
            case "character":
                if (cursor.Peek().IsWord("varying")) cursor.Take();
                type = ProcedureType.Text;
                break;
            case "bytea" or "blob":
                type = ProcedureType.Bytea;
                break;
            case "bool" or "boolean":
                type = ProcedureType.Bool;
                break;
            default:
                throw ProcedureSyntax.Error($"type \"{t.Text}\" is not supported for procedures (use int8, float8, text, bytea or bool)", t.Offset);
        }
        if (cursor.TakePunctuation('('))
        {
            // varchar(20), numeric(10,2): the modifiers do not change the sandbox representation.
            while (!cursor.TakePunctuation(')'))
            {
                var m = cursor.Take();
                if (m.Kind is not (ProcedureTokenKind.Number or ProcedureTokenKind.Punctuation) || m.IsPunctuation('('))
                {
                    throw ProcedureSyntax.Near(m);
                }
            }
        }
        return type;
    }

    private static string ParseName(Cursor cursor) => ParseIdentifier(cursor, "procedure name");

    private static string ParseIdentifier(Cursor cursor, string what)
    {
        var t = cursor.Take();
        string name = t.Kind switch
        {
            ProcedureTokenKind.Word => t.Text.ToLowerInvariant(),
            ProcedureTokenKind.QuotedIdentifier => t.Text,
            _ => throw ProcedureSyntax.Error($"expected a {what}", t.Offset),
        };
        if (!IsValidName(name)) throw ProcedureSyntax.Error($"invalid {what} \"{name}\": use letters, digits and _ (at most {MaxNameLength})", t.Offset);
        return name;
    }

    /// <summary>Whether <paramref name="name"/> is acceptable as a procedure, parameter or column name.</summary>
    public static bool IsValidName(string name)
    {
        if (name.Length is 0 or > MaxNameLength) return false;
        if (!(char.IsAsciiLetter(name[0]) || name[0] == '_')) return false;
        foreach (char c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_')) return false;
        }
        return true;
    }

    private static void CheckUnique(List<ProcedureColumn> columns, string what)
    {
        for (int i = 0; i < columns.Count; i++)
        {
            for (int j = 0; j < i; j++)
            {
                if (columns[i].Name == columns[j].Name) throw ProcedureSyntax.Error($"{what} \"{columns[i].Name}\" is declared twice", 0);
            }
        }
    }

    private static int ParameterIndex(ProcedureToken t)
    {
        if (!ProcedureTokenizer.TryParseInteger(t.Text, out long n) || n < 1 || n > 65535)
        {
            throw ProcedureSyntax.Error($"invalid parameter ${t.Text}", t.Offset);
        }
        return (int)n - 1;
    }

    private static bool IsPostgresHexBytea(string text) => text.StartsWith("\\x", StringComparison.Ordinal);

    private static byte[] DecodeHex(ReadOnlySpan<char> hex, int offset)
    {
        if (hex.Length % 2 != 0) throw ProcedureSyntax.Error("blob literal has an odd number of hex digits", offset);
        var bytes = new byte[hex.Length / 2];
        for (int i = 0; i < bytes.Length; i++)
        {
            int hi = HexValue(hex[2 * i]), lo = HexValue(hex[2 * i + 1]);
            if (hi < 0 || lo < 0) throw ProcedureSyntax.Error("blob literal contains a character that is not a hex digit", offset);
            bytes[i] = (byte)(hi << 4 | lo);
        }
        return bytes;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    /// <summary>A token stream with a small look-ahead.</summary>
    private sealed class Cursor(ProcedureTokenizer tokenizer)
    {
        private readonly List<ProcedureToken> _ahead = [];

        public ProcedureToken Peek() => PeekAt(0);

        public ProcedureToken PeekAt(int n)
        {
            while (_ahead.Count <= n) _ahead.Add(tokenizer.Next());
            return _ahead[n];
        }

        public ProcedureToken Take()
        {
            var t = Peek();
            _ahead.RemoveAt(0);
            return t;
        }

        public bool TakePunctuation(char c)
        {
            if (!Peek().IsPunctuation(c)) return false;
            Take();
            return true;
        }

        public void ExpectPunctuation(char c)
        {
            var t = Take();
            if (!t.IsPunctuation(c)) throw ProcedureSyntax.Near(t, $"expected \"{c}\"");
        }

        public void ExpectWord(string word)
        {
            var t = Take();
            if (!t.IsWord(word)) throw ProcedureSyntax.Near(t, $"expected {word.ToUpperInvariant()}");
        }
    }
}
