using TenantDb.Engine.SqlText;
using TenantDb.Engine.Values;
using TenantDb.Wire.Protocol;

namespace TenantDb.Wire.Sql;

/// <summary>
/// Rewrites the PostgreSQL column declarations SQLite cannot keep as they are, in <c>CREATE TABLE</c> and
/// <c>ALTER TABLE ... ADD [COLUMN]</c>:
/// <list type="bullet">
/// <item><c>serial</c>, <c>bigserial</c>, <c>smallserial</c> and <c>GENERATED {ALWAYS|BY DEFAULT} AS IDENTITY</c>
/// columns become <c>INTEGER PRIMARY KEY AUTOINCREMENT</c> (or <c>INTEGER</c> under a table-level
/// <c>PRIMARY KEY (col)</c>): SQLite's row id, which generates the values. The PostgreSQL type is
/// remembered beside the schema (<see cref="TableDefinition.ColumnTypes"/>). A serial or identity column
/// that cannot be the row id (another column is the key, or the row id is taken), and an identity column
/// whose sequence options the row id cannot follow (START WITH 100), becomes <c>INTEGER NOT NULL</c> with a
/// sequence of its own, <c>table_column_seq</c> or its <c>SEQUENCE NAME</c> (<see cref="TableDefinition.SerialSequences"/>),
/// whose <c>nextval</c> INSERTs that omit the column get (<see cref="GeneratedValueRewriter"/>). In a
/// temporary table (whose sequences would outlive it) and in ADD COLUMN they are refused with 0A000.</item>
/// <item><c>varchar(n)</c> and <c>char(n)</c> get a CHECK on the length, whose failure is reported as
/// 22001 (<see cref="LengthConstraintPrefix"/>).</item>
/// <item><c>numeric</c> and <c>numeric(p[,s])</c> with p above 15 become <c>NUMERIC TEXT(p,s) COLLATE tenantdb_numeric</c>:
/// stored as exact text, compared by value.</item>
/// <item><c>DEFAULT f(...)</c> is parenthesized, as SQLite's grammar wants a call there.</item>
/// <item><c>WITH (fillfactor=...)</c> storage options and <c>UNLOGGED</c> are dropped with a NOTICE.</item>
/// </list>
/// </summary>
internal static class TableDefinitionRewriter
{
    /// <summary>Start of the name of the CHECK constraint that enforces a declared length (the rest names the type).</summary>
    public const string LengthConstraintPrefix = "tenantdb_length ";

    /// <summary>Widest numeric(p) kept as a double: 15 significant digits survive the round trip exactly.</summary>
    private const int MaxDoublePrecision = 15;

    /// <summary>True for CREATE TABLE name (columns...) and ALTER TABLE ... ADD: statements whose text declares columns.</summary>
    public static bool DeclaresColumns(ClientStatement statement)
    {
        if (statement.IsWord(0, "ALTER")) return statement.IsWord(1, "TABLE");
        if (!statement.IsWord(0, "CREATE")) return false;
        for (int i = 1; i < statement.Tokens.Length && i < 12; i++)
        {
            if (statement.IsWord(i, "AS") || statement.IsWord(i, "SELECT")) return false;
            if (statement.IsPunctuation(i, '(')) return statement.IsWord(1, "TABLE") || statement.IsWord(2, "TABLE") || statement.IsWord(3, "TABLE");
        }
        return false;
    }

    /// <summary>
    /// What follows an identity column's type in the remembered types (<c>integer identity always</c>): the
    /// catalog shows such a column as an identity column, a bare type as a serial column.
    /// </summary>
    public static string IdentitySuffix(char identity) => identity switch
    {
        'a' => " " + TenantDb.Engine.Ddl.IdentityColumn.Always,
        'd' => " " + TenantDb.Engine.Ddl.IdentityColumn.ByDefault,
        _ => "",
    };

    /// <summary>Records the edits for <paramref name="statement"/>; null when it is not a table definition.</summary>
    public static TableDefinition? AddEdits(ClientStatement statement, SqlEdits edits)
    {
        if (statement.IsWord(0, "CREATE")) return CreateTable(statement, edits);
        if (statement.IsWord(0, "ALTER") && statement.IsWord(1, "TABLE")) return AlterTable(statement, edits);
        return null;
    }

    private static TableDefinition? CreateTable(ClientStatement s, SqlEdits edits)
    {
        int i = 1;
        var notices = new List<string>();
        bool temporary = false;
        while (s.IsWord(i, "TEMP") || s.IsWord(i, "TEMPORARY") || s.IsWord(i, "UNLOGGED") || s.IsWord(i, "GLOBAL") || s.IsWord(i, "LOCAL"))
        {
            if (s.IsWord(i, "UNLOGGED"))
            {
                edits.Replace(i, i + 1, "");
                notices.Add("UNLOGGED is ignored: every table is logged");
            }
            else if (s.IsWord(i, "GLOBAL") || s.IsWord(i, "LOCAL")) edits.Replace(i, i + 1, "");
            else temporary = true;
            i++;
        }
        if (!s.IsWord(i, "TABLE")) return null;
        i++;
        if (s.IsWord(i, "IF") && s.IsWord(i + 1, "NOT") && s.IsWord(i + 2, "EXISTS")) i += 3;
        int nameStart = i;
        while (i < s.Tokens.Length && !s.IsPunctuation(i, '(') && !s.IsWord(i, "AS")) i++;
        if (i == nameStart || !s.IsPunctuation(i, '(')) return null;
        var table = LastNamePart(s, nameStart, i);
        int open = i;
        int close = s.Closing(open);
        if (close < 0) return null;

        var elements = Split(s, open + 1, close);
        var columns = new List<ColumnDefinition>();
        var tablePrimaryKey = new List<string>();
        foreach (var (start, end) in elements)
        {
            if (IsTableConstraint(s, start))
            {
                int k = start;
                if (s.IsWord(k, "CONSTRAINT")) k += 2;
                if (s.IsWord(k, "PRIMARY") && s.IsWord(k + 1, "KEY") && s.IsPunctuation(k + 2, '('))
                {
                    var keyClose = s.Closing(k + 2);
                    foreach (var (cs, ce) in Split(s, k + 3, keyClose)) tablePrimaryKey.Add(Name(s, cs));
                }
                continue;
            }
            if (ReadColumn(s, start, end) is { } column) columns.Add(column);
        }

        var definition = new TableDefinition(table, replaceTable: !temporary) { Notices = notices };
        bool anyPrimaryKey = tablePrimaryKey.Count > 0 || columns.Exists(c => c.PrimaryKey);
        bool rowIdTaken = false;
        foreach (var column in columns)
        {
            RewriteArray(s, edits, column);
            RewriteLength(s, edits, column);
            RewriteExactNumeric(s, edits, column);
            RewriteDefaultCall(s, edits, column);
            if (column.GeneratedType is null) continue;
            if (column.IdentityProblem is { } identityProblem)
            {
                definition.Refuse(identityProblem.State, identityProblem.Message);
                continue;
            }
            string? addKey;
            bool keyColumn = column.PrimaryKey || (tablePrimaryKey.Count == 1 && string.Equals(tablePrimaryKey[0], column.Name, StringComparison.OrdinalIgnoreCase));
            if (keyColumn && !rowIdTaken && !column.IdentityOptions) addKey = null;
            else if (!anyPrimaryKey && !rowIdTaken && !column.IdentityOptions) addKey = " PRIMARY KEY AUTOINCREMENT";
            else if (!temporary && (column.Identity != '\0' || !keyColumn))
            {
                // Not the row id (or an identity whose options the row id cannot follow): a sequence of its own
                // generates the values, supplied by INSERTs that omit the column.
                AddSequenceColumn(s, edits, definition, table, column);
                continue;
            }
            else
            {
                definition.Refuse("0A000", column.Identity == '\0'
                    ? $"column \"{column.Name}\": a serial column of a temporary table must be the table's primary key (or the table must have none)"
                    : $"column \"{column.Name}\": an identity column of a temporary table must be the table's primary key (or the table must have none)");
                continue;
            }
            rowIdTaken = true;
            edits.Replace(column.TypeStart, column.TypeEnd, addKey is null ? "INTEGER" : "INTEGER" + addKey);
            if (column.IdentityStart >= 0) edits.Replace(column.IdentityStart, column.IdentityEnd, "");
            if (column.PrimaryKeyEnd >= 0) edits.InsertBefore(column.PrimaryKeyEnd, " AUTOINCREMENT ");
            if (!temporary) definition.ColumnTypes.Add(new(column.Name, column.GeneratedType + IdentitySuffix(column.Identity)));
        }

        // WITH (fillfactor=...) and other storage options after the column list.
        int after = close + 1;
        if (s.IsWord(after, "WITH") && s.IsPunctuation(after + 1, '('))
        {
            int optionsClose = s.Closing(after + 1);
            if (optionsClose > 0)
            {
                edits.Replace(after, optionsClose + 1, "");
                notices.Add($"storage parameters are ignored: {s.Text[s.Tokens[after + 2].Start..s.Tokens[optionsClose].Start].Trim()}");
            }
        }
        else if (s.IsWord(after, "WITHOUT") && s.IsWord(after + 1, "OIDS"))
        {
            edits.Replace(after, after + 2, "");
        }
        return definition.ColumnTypes.Count > 0 || definition.Problem is not null || notices.Count > 0 ? definition : null;
    }

    // The column becomes INTEGER NOT NULL, remembered with the sequence (created with the table) that generates it.
    private static void AddSequenceColumn(ClientStatement s, SqlEdits edits, TableDefinition definition, string table, ColumnDefinition column)
    {
        TenantDb.Engine.Ddl.SequenceOptions? options = null;
        string? name = null;
        if (column.IdentityOptions)
        {
            try
            {
                var tokens = new DdlTokens(s) { Position = column.IdentityOptionsStart };
                options = SequenceOptionReader.Read(tokens, alter: false, column.IdentityOptionsEnd, identity: true, out name);
            }
            catch (PgStatementException e)
            {
                definition.Refuse(e.SqlState, e.Message);
                return;
            }
        }

        edits.Replace(column.TypeStart, column.TypeEnd, "INTEGER NOT NULL");
        if (column.IdentityStart >= 0) edits.Replace(column.IdentityStart, column.IdentityEnd, "");
        string sequence = name ?? TenantDb.Engine.Ddl.SerialSequence.DefaultName(table, column.Name);
        definition.ColumnTypes.Add(new(column.Name, column.GeneratedType + IdentitySuffix(column.Identity) + TenantDb.Engine.Ddl.IdentityColumn.SequenceMarker + sequence));
        definition.SerialSequences.Add(new TenantDb.Engine.Ddl.SerialSequence(column.Name, sequence, column.GeneratedType!) { Options = options });
    }

    private static TableDefinition? AlterTable(ClientStatement s, SqlEdits edits)
    {
        int i = 2;
        if (s.IsWord(i, "IF") && s.IsWord(i + 1, "EXISTS")) i += 2;
        if (s.IsWord(i, "ONLY")) i++;
        int nameStart = i;
        while (i < s.Tokens.Length && !s.IsWord(i, "ADD")) i++;
        if (i == nameStart || i >= s.Tokens.Length) return null;
        var table = LastNamePart(s, nameStart, i);
        i++;
        if (s.IsWord(i, "COLUMN")) i++;
        if (s.IsWord(i, "IF") && s.IsWord(i + 1, "NOT") && s.IsWord(i + 2, "EXISTS")) i += 3;
        if (IsTableConstraint(s, i) || ReadColumn(s, i, s.Tokens.Length) is not { } column) return null;
        RewriteArray(s, edits, column);
        RewriteLength(s, edits, column);
        RewriteExactNumeric(s, edits, column);
        RewriteDefaultCall(s, edits, column);
        if (column.GeneratedType is null) return null;
        return new TableDefinition(table, replaceTable: false)
        {
            Problem = $"column \"{column.Name}\": ADD COLUMN of a serial or identity column is not supported; create the table with it",
        };
    }

    // name type [constraints...]
    private static ColumnDefinition? ReadColumn(ClientStatement s, int start, int end)
    {
        if (start >= end || s.Tokens[start].Kind is not (SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier)) return null;
        var column = new ColumnDefinition { Name = Name(s, start), TypeStart = start + 1 };
        int i = start + 1;
        int depth = 0;
        while (i < end)
        {
            if (s.IsPunctuation(i, '(')) depth++;
            else if (s.IsPunctuation(i, ')')) depth--;
            else if (depth == 0 && IsColumnConstraintStart(s, i)) break;
            i++;
        }
        column.TypeEnd = i;
        if (column.TypeEnd == column.TypeStart) return null;
        var typeName = s.TextOf(column.TypeStart).ToString().ToLowerInvariant();
        column.GeneratedType = typeName switch
        {
            "serial" or "serial4" => "integer",
            "bigserial" or "serial8" => "bigint",
            "smallserial" or "serial2" => "smallint",
            _ => null,
        };
        if (column.TypeEnd - column.TypeStart >= 4 && s.IsPunctuation(column.TypeStart + 1, '(') && s.IsPunctuation(column.TypeEnd - 1, ')')
            && typeName is "varchar" or "char" or "character" or "bpchar" or "nchar" or "nvarchar")
        {
            column.LengthType = typeName is "varchar" or "nvarchar" ? "character varying" : "character";
            column.Length = s.TextOf(column.TypeStart + 2).ToString();
        }
        else if (typeName == "character" && s.IsWord(column.TypeStart + 1, "varying") && s.IsPunctuation(column.TypeStart + 2, '('))
        {
            column.LengthType = "character varying";
            column.Length = s.TextOf(column.TypeStart + 3).ToString();
        }
        if (typeName is "numeric" or "decimal" && column.TypeEnd - column.TypeStart is 1 or 4 or 6
            && (column.TypeEnd - column.TypeStart == 1
                || (int.TryParse(s.TextOf(column.TypeStart + 2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int precision) && precision > MaxDoublePrecision)))
        {
            column.ExactNumeric = true;
        }
        if (column.Length is not null && !int.TryParse(column.Length, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _)) column.LengthType = null;

        // Column constraints: PRIMARY KEY and GENERATED ... AS IDENTITY [( sequence options )].
        depth = 0;
        for (; i < end; i++)
        {
            if (s.IsPunctuation(i, '(')) { depth++; continue; }
            if (s.IsPunctuation(i, ')')) { depth--; continue; }
            if (depth != 0) continue;
            if (s.IsWord(i, "DEFAULT") && i + 2 < end && s.Tokens[i + 1].Kind == SqlTokenKind.Word && s.IsPunctuation(i + 2, '(') && s.Closing(i + 2) is > 0 and var callClose)
            {
                column.DefaultCallStart = i + 1;
                column.DefaultCallEnd = callClose + 1;
                i = callClose;
            }
            else if (s.IsWord(i, "PRIMARY") && s.IsWord(i + 1, "KEY"))
            {
                column.PrimaryKey = true;
                int k = i + 2;
                if (s.IsWord(k, "ASC")) k++;
                column.PrimaryKeyEnd = k;
            }
            else if (s.IsWord(i, "GENERATED"))
            {
                int k = i + 1;
                char identity;
                if (s.IsWord(k, "ALWAYS")) { k++; identity = 'a'; }
                else if (s.IsWord(k, "BY") && s.IsWord(k + 1, "DEFAULT")) { k += 2; identity = 'd'; }
                else continue;
                if (!s.IsWord(k, "AS") || !s.IsWord(k + 1, "IDENTITY")) continue;
                k += 2;
                if (s.IsPunctuation(k, '('))
                {
                    int close = s.Closing(k);
                    if (close < 0) continue;
                    // Options other than the row id's own (from 1 by 1) make a sequence generate the values.
                    column.IdentityOptions = !IsRowIdSequence(s, k + 1, close);
                    column.IdentityOptionsStart = k + 1;
                    column.IdentityOptionsEnd = close;
                    k = close + 1;
                }
                if (column.GeneratedType is not null)
                    column.IdentityProblem ??= ("42601", $"both default and identity specified for column \"{column.Name}\"");
                else if (typeName is not ("smallint" or "int2" or "integer" or "int" or "int4" or "bigint" or "int8") || column.TypeEnd - column.TypeStart != 1)
                    column.IdentityProblem ??= ("42611", $"column \"{column.Name}\": identity column type must be smallint, integer, or bigint");
                column.IdentityStart = i;
                column.IdentityEnd = k;
                column.Identity = identity;
                column.GeneratedType = typeName switch
                {
                    "bigint" or "int8" => "bigint",
                    "smallint" or "int2" => "smallint",
                    _ => "integer",
                };
                i = k - 1;
            }
        }
        if (column.PrimaryKeyEnd >= 0 && column.PrimaryKeyEnd < end && s.IsWord(column.PrimaryKeyEnd, "AUTOINCREMENT")) column.PrimaryKeyEnd = -1;
        return column;
    }

    /// <summary>
    /// True when every identity sequence option in tokens [start, end) states what SQLite's row id does
    /// (start at 1 and grow by 1 up to the type's maximum, without cycling): PostgreSQL's defaults, as EF
    /// Core and pg_dump write them.
    /// </summary>
    private static bool IsRowIdSequence(ClientStatement s, int start, int end)
    {
        int i = start;
        while (i < end)
        {
            if (s.IsWord(i, "START"))
            {
                i += s.IsWord(i + 1, "WITH") ? 2 : 1;
                if (!IsOne(s, i)) return false;
                i++;
            }
            else if (s.IsWord(i, "INCREMENT"))
            {
                i += s.IsWord(i + 1, "BY") ? 2 : 1;
                if (!IsOne(s, i)) return false;
                i++;
            }
            else if (s.IsWord(i, "MINVALUE"))
            {
                if (!IsOne(s, i + 1)) return false;
                i += 2;
            }
            else if (s.IsWord(i, "NO") && (s.IsWord(i + 1, "MINVALUE") || s.IsWord(i + 1, "MAXVALUE") || s.IsWord(i + 1, "CYCLE"))) i += 2;
            else if (s.IsWord(i, "CACHE") && i + 1 < end && s.Tokens[i + 1].Kind == SqlTokenKind.Number) i += 2; // caching changes no value
            else return false;
        }
        return true;
    }

    private static bool IsOne(ClientStatement s, int i) => i < s.Tokens.Length && s.Tokens[i].Kind == SqlTokenKind.Number && s.TextOf(i) is "1";

    // SQLite's grammar has no "int[]": the array type is declared as a quoted name, which SQLite keeps as the declared type.
    private static void RewriteArray(ClientStatement s, SqlEdits edits, ColumnDefinition column)
    {
        if (column.TypeEnd - column.TypeStart < 3 || !s.IsPunctuation(column.TypeEnd - 1, ']') || !s.IsPunctuation(column.TypeEnd - 2, '[')) return;
        var text = s.Text[s.Tokens[column.TypeStart].Start..s.Tokens[column.TypeEnd - 1].End];
        edits.Replace(column.TypeStart, column.TypeEnd, "\"" + text.Replace("\"", "", StringComparison.Ordinal) + "\"");
    }

    // SQLite's NUMERIC affinity would turn '123456789012345678.5' into a double and lose digits: a numeric
    // wider than a double is declared with text affinity (its name holds TEXT) and a collation that orders
    // by value, so it keeps every digit and still compares as a number.
    private static void RewriteExactNumeric(ClientStatement s, SqlEdits edits, ColumnDefinition column)
    {
        if (!column.ExactNumeric) return;
        var modifiers = column.TypeEnd - column.TypeStart > 1 ? s.Text[s.Tokens[column.TypeStart + 1].Start..s.Tokens[column.TypeEnd - 1].End] : "";
        var replacement = $"NUMERIC TEXT{modifiers} COLLATE {PgNumeric.CollationName}";
        edits.Replace(column.TypeStart, column.TypeEnd, replacement);
    }

    // SQLite takes a function call as a default only in parentheses: DEFAULT f(x) becomes DEFAULT (f(x)). The
    // hardened connection refuses the engine's own functions in the schema ("unsafe use"), so now() and its
    // aliases become SQLite's clock in now()'s text form.
    private static void RewriteDefaultCall(ClientStatement s, SqlEdits edits, ColumnDefinition column)
    {
        if (column.DefaultCallStart < 0) return;
        if (column.DefaultCallEnd == column.DefaultCallStart + 3 && s.TextOf(column.DefaultCallStart).ToString().ToLowerInvariant() is "now" or "transaction_timestamp" or "statement_timestamp" or "clock_timestamp")
        {
            edits.Replace(column.DefaultCallStart, column.DefaultCallEnd, "(strftime('%Y-%m-%d %H:%M:%f+00', 'now'))");
            return;
        }
        edits.InsertBefore(column.DefaultCallStart, "(");
        edits.CloseAfter(column.DefaultCallEnd - 1, ")");
    }

    private static void RewriteLength(ClientStatement s, SqlEdits edits, ColumnDefinition column)
    {
        if (column.LengthType is null || column.GeneratedType is not null) return;
        var quoted = "\"" + column.Name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        // character(n) ignores trailing blanks, as PostgreSQL's does.
        var measured = column.LengthType == "character" ? $"rtrim({quoted}, ' ')" : quoted;
        var check = $" CONSTRAINT \"{LengthConstraintPrefix}{column.LengthType}({column.Length})\" CHECK (length({measured}) <= {column.Length}) ";
        if (column.TypeEnd < s.Tokens.Length) edits.InsertBefore(column.TypeEnd, check);
        else edits.Replace(column.TypeEnd - 1, column.TypeEnd, s.TextOf(column.TypeEnd - 1).ToString() + check);
    }

    private static bool IsTableConstraint(ClientStatement s, int i) =>
        s.IsWord(i, "CONSTRAINT") || s.IsWord(i, "PRIMARY") || s.IsWord(i, "UNIQUE") || s.IsWord(i, "CHECK") || s.IsWord(i, "FOREIGN")
        || s.IsWord(i, "EXCLUDE") || s.IsWord(i, "LIKE");

    private static bool IsColumnConstraintStart(ClientStatement s, int i) =>
        s.IsWord(i, "CONSTRAINT") || s.IsWord(i, "PRIMARY") || s.IsWord(i, "NOT") || s.IsWord(i, "NULL") || s.IsWord(i, "UNIQUE")
        || s.IsWord(i, "CHECK") || s.IsWord(i, "DEFAULT") || s.IsWord(i, "REFERENCES") || s.IsWord(i, "GENERATED") || s.IsWord(i, "COLLATE")
        || s.IsWord(i, "AUTOINCREMENT") || s.IsWord(i, "AS");

    private static List<(int Start, int End)> Split(ClientStatement s, int start, int end)
    {
        var parts = new List<(int, int)>();
        int depth = 0, itemStart = start;
        for (int i = start; i < end; i++)
        {
            if (s.IsPunctuation(i, '(')) depth++;
            else if (s.IsPunctuation(i, ')')) depth--;
            else if (depth == 0 && s.IsPunctuation(i, ','))
            {
                if (i > itemStart) parts.Add((itemStart, i));
                itemStart = i + 1;
            }
        }
        if (end > itemStart) parts.Add((itemStart, end));
        return parts;
    }

    private static string Name(ClientStatement s, int i) =>
        s.Tokens[i].Kind == SqlTokenKind.QuotedIdentifier ? SqlIdentifier.Unquote(s.Text, s.Tokens[i]) : s.TextOf(i).ToString();

    // "public.items" names items.
    private static string LastNamePart(ClientStatement s, int start, int end)
    {
        int last = end - 1;
        while (last > start && s.IsPunctuation(last, '.')) last--;
        return Name(s, last);
    }

    private sealed class ColumnDefinition
    {
        public string Name = "";
        public int TypeStart;
        public int TypeEnd;
        public string? GeneratedType;
        public bool PrimaryKey;
        public int PrimaryKeyEnd = -1;
        public int IdentityStart = -1;
        public int IdentityEnd = -1;
        /// <summary>pg_attribute.attidentity: 'a' (ALWAYS), 'd' (BY DEFAULT), or '\0' for no identity.</summary>
        public char Identity;
        /// <summary>True when the identity declares sequence options the row id cannot follow (tokens [IdentityOptionsStart, IdentityOptionsEnd)).</summary>
        public bool IdentityOptions;
        public int IdentityOptionsStart = -1;
        public int IdentityOptionsEnd = -1;
        /// <summary>Why the identity declaration cannot be honoured: its SQLSTATE and message.</summary>
        public (string State, string Message)? IdentityProblem;
        public bool ExactNumeric;
        public int DefaultCallStart = -1;
        public int DefaultCallEnd = -1;
        public string? LengthType;
        public string? Length;
    }
}

/// <summary>What a CREATE TABLE or ALTER TABLE ADD COLUMN needs besides its SQL.</summary>
internal sealed class TableDefinition(string table, bool replaceTable)
{
    /// <summary>The table defined or altered.</summary>
    public string Table { get; } = table;

    /// <summary>True for CREATE TABLE of a table in the main schema: types remembered for an older table of the name are dropped.</summary>
    public bool ReplaceTable { get; } = replaceTable;

    /// <summary>Columns whose PostgreSQL type (integer, bigint, smallint) SQLite's INTEGER declaration does not carry.</summary>
    public List<KeyValuePair<string, string>> ColumnTypes { get; } = [];

    /// <summary>Serial columns that are not the row id, and the sequences to create for them with the table.</summary>
    public List<TenantDb.Engine.Ddl.SerialSequence> SerialSequences { get; } = [];

    /// <summary>NOTICEs to send when the statement runs (ignored storage options).</summary>
    public List<string> Notices { get; init; } = [];

    /// <summary>Why the statement cannot run, or null.</summary>
    public string? Problem { get; set; }

    /// <summary>The SQLSTATE of <see cref="Problem"/>: 0A000 (not supported) unless the statement is wrong in PostgreSQL too.</summary>
    public string ProblemState { get; set; } = "0A000";

    /// <summary>Sets the first problem found and its SQLSTATE.</summary>
    public void Refuse(string sqlState, string problem)
    {
        if (Problem is not null) return;
        Problem = problem;
        ProblemState = sqlState;
    }
}
