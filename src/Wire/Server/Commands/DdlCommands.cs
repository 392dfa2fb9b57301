using TenantDb.Engine;
using TenantDb.Engine.Ddl;
using TenantDb.Engine.Errors;
using TenantDb.Wire.Protocol;
using TenantDb.Wire.Sql;

namespace TenantDb.Wire.Server.Commands;

/// <summary>
/// PostgreSQL DDL that SQLite has no single statement for, read with the one lexer's tokens and run by
/// the engine: DROP of several objects, TRUNCATE, ALTER TABLE ... ADD/DROP CONSTRAINT, sequences,
/// VACUUM, ANALYZE and LOCK TABLE. Also answers the statements TenantDb cannot emulate with 0A000.
/// </summary>
internal sealed class DdlCommands(Func<TenantSession> session, PgMessageWriter writer)
{
    /// <summary>Runs one DDL statement and writes its CommandComplete.</summary>
    /// <param name="sql">The statement as the client wrote it.</param>
    /// <param name="inTransactionBlock">True inside BEGIN ... COMMIT.</param>
    public void Execute(string sql, bool inTransactionBlock)
    {
        var tokens = new DdlTokens(ClientStatement.ReadFirst(sql));
        string tag;
        if (tokens.Accept("DROP")) tag = Drop(tokens);
        else if (tokens.Accept("TRUNCATE")) tag = Truncate(tokens);
        else if (tokens.Accept("ALTER")) tag = Alter(tokens);
        else if (tokens.Accept("CREATE")) tag = SequenceCommands.Create(tokens, session());
        else if (tokens.Accept("VACUUM")) tag = Vacuum(tokens);
        else if (tokens.Accept("ANALYZE") || tokens.Accept("ANALYSE")) tag = Analyze(tokens);
        else if (tokens.Accept("LOCK")) tag = Lock(tokens, inTransactionBlock);
        else throw tokens.SyntaxError();
        writer.WriteCommandComplete(tag);
    }

    /// <summary>VACUUM and ALTER TABLE (whose rebuild may turn foreign keys off) must not open an implicit transaction.</summary>
    public static bool RunsOutsideTransaction(string sql)
    {
        var statement = ClientStatement.ReadFirst(sql);
        return statement.IsWord(0, "VACUUM") || (statement.IsWord(0, "ALTER") && statement.IsWord(1, "TABLE"));
    }

    /// <summary>The 0A000 error for a statement <see cref="DdlClassifier"/> found unsupported (or its tag, for the few that are harmless as they are).</summary>
    public void ExecuteUnsupported(string sql)
    {
        var statement = ClientStatement.ReadFirst(sql);
        var tokens = new DdlTokens(statement);
        // CREATE SCHEMA IF NOT EXISTS public (ORM migrations send it): the schema exists, nothing to do.
        if (tokens.Accept("CREATE") && tokens.Accept("SCHEMA") && tokens.Accept("IF") && tokens.Accept("NOT") && tokens.Accept("EXISTS")
            && tokens.Identifier() == "public" && tokens.AtEnd)
        {
            writer.WriteErrorResponse(new PgError("42P06", "schema \"public\" already exists, skipping", "NOTICE"), notice: true);
            writer.WriteCommandComplete("CREATE SCHEMA");
            return;
        }
        if (statement.IsWord(0, "ALTER") && statement.IsWord(1, "TABLE") && DdlClassifier.AlterColumnAt(statement) is var alter and > 0)
            throw new PgStatementException(SqlState.FeatureNotSupported, $"ALTER TABLE ... ALTER COLUMN ... {AlterColumnAction(statement, alter)} is not supported by TenantDb: SQLite cannot change a column in place (create a new table and copy the rows)");
        throw new PgStatementException(SqlState.FeatureNotSupported, $"{FeatureName(statement)} is not supported by TenantDb");
    }

    // What ALTER [COLUMN] c does: TYPE, SET NOT NULL, DROP DEFAULT, ADD GENERATED, DROP IDENTITY...
    private static string AlterColumnAction(ClientStatement statement, int alter)
    {
        int i = alter + (statement.IsWord(alter + 1, "COLUMN") ? 3 : 2);
        var words = new List<string>();
        for (; i < statement.Tokens.Length && words.Count < 3; i++)
        {
            var word = statement.WordAt(i);
            if (word.IsEmpty) break;
            words.Add(word.ToString().ToUpperInvariant());
            if (words[^1] is "TYPE" or "DEFAULT" or "NULL" or "IDENTITY" or "GENERATED" or "STATISTICS" or "STORAGE" or "COMPRESSION" or "EXPRESSION") break;
        }
        return words.Count == 0 ? "" : string.Join(' ', words);
    }

    /// <summary>The statement's leading keywords, which name the feature (e.g. "CREATE EXTENSION", "GRANT").</summary>
    internal static string FeatureName(ClientStatement statement)
    {
        var words = new List<string>();
        for (var i = 0; i < statement.Tokens.Length && words.Count < 3; i++)
        {
            var word = statement.WordAt(i);
            if (word.IsEmpty) break;
            words.Add(word.ToString().ToUpperInvariant());
            if (words.Count == 1 && words[0] is not ("CREATE" or "DROP" or "ALTER")) break;
            if (words.Count == 2 && words[1] is "OR") continue;
            if (words.Count >= 2 && words[^1] is not ("OR" or "REPLACE" or "MATERIALIZED" or "EVENT" or "FOREIGN" or "TEXT" or "ACCESS" or "DEFAULT")) break;
        }
        return string.Join(' ', words);
    }

    private string Drop(DdlTokens tokens)
    {
        string kind;
        if (tokens.Accept("TABLE")) kind = "TABLE";
        else if (tokens.Accept("VIEW")) kind = "VIEW";
        else if (tokens.Accept("INDEX")) kind = "INDEX";
        else if (tokens.Accept("SEQUENCE")) return SequenceCommands.Drop(tokens, session());
        else throw tokens.SyntaxError();
        if (kind == "INDEX") tokens.Accept("CONCURRENTLY");
        var ifExists = tokens.Accept("IF", "EXISTS");
        var names = NameList(tokens);
        var cascade = DropBehavior(tokens);
        tokens.ExpectEnd();
        session().DropRelations(kind, names, ifExists, cascade);
        return "DROP " + kind;
    }

    // TRUNCATE [TABLE] [ONLY] name [*] [, ...] [RESTART IDENTITY | CONTINUE IDENTITY] [CASCADE | RESTRICT]
    private string Truncate(DdlTokens tokens)
    {
        tokens.Accept("TABLE");
        var names = NameList(tokens);
        var restart = false;
        if (tokens.Accept("RESTART", "IDENTITY")) restart = true;
        else tokens.Accept("CONTINUE", "IDENTITY");
        var cascade = DropBehavior(tokens);
        tokens.ExpectEnd();
        session().Truncate(names, restart, cascade);
        return "TRUNCATE TABLE";
    }

    private string Alter(DdlTokens tokens)
    {
        if (tokens.Accept("SEQUENCE")) return SequenceCommands.Alter(tokens, session());
        tokens.Expect("TABLE");
        var ifExists = tokens.Accept("IF", "EXISTS");
        tokens.Accept("ONLY");
        var table = tokens.Name();
        if (tokens.Statement.TextOf(tokens.Position) is "*") tokens.Position++;
        if (ifExists && !TableExists(table))
        {
            writer.WriteErrorResponse(new PgError("00000", $"relation \"{table}\" does not exist, skipping", "NOTICE"), notice: true);
            return "ALTER TABLE";
        }
        if (tokens.Accept("ALTER"))
        {
            tokens.Accept("COLUMN");
            var column = tokens.Identifier();
            if (AlterColumnGenerationCommand.TryRun(tokens, table, column, session(), writer) is { } generationTag) return generationTag;
            if (tokens.Accept("SET")) tokens.Expect("DATA");
            tokens.Expect("TYPE");
            int typeStart = tokens.Position;
            while (!tokens.AtEnd && !tokens.Statement.IsWord(tokens.Position, "USING") && !tokens.Statement.IsWord(tokens.Position, "COLLATE")) tokens.Position++;
            int typeEnd = tokens.Position;
            string? usingSelect = tokens.Accept("USING") ? AlterColumnUsing.Select(tokens, table) : null;
            if (!tokens.AtEnd) throw new PgStatementException(SqlState.FeatureNotSupported, $"ALTER COLUMN ... TYPE ... {tokens.Statement.TextOf(tokens.Position).ToString().ToUpperInvariant()} is not supported by TenantDb");
            session().AlterColumnType(table, column, ColumnTypeSql(tokens, column, typeStart, typeEnd), usingSelect);
            return "ALTER TABLE";
        }
        if (tokens.Accept("DROP"))
        {
            if (!tokens.Statement.IsWord(tokens.Position, "CONSTRAINT"))
            {
                // DROP [COLUMN] [IF EXISTS] c CASCADE | RESTRICT: SQLite drops a column nothing else uses, and
                // refuses (naming the index or constraint) otherwise, as RESTRICT does.
                tokens.Accept("COLUMN");
                var columnIfExists = tokens.Accept("IF", "EXISTS");
                var dropped = tokens.Identifier();
                DropBehavior(tokens);
                tokens.ExpectEnd();
                try
                {
                    using var drop = session().Prepare($"ALTER TABLE {QuoteIdentifier(table)} DROP COLUMN {QuoteIdentifier(dropped)}");
                    drop.ExecuteNonQuery();
                }
                catch (TenantDbException e) when (columnIfExists && e.Message.Contains("no such column", StringComparison.OrdinalIgnoreCase))
                {
                    writer.WriteErrorResponse(new PgError("00000", $"column \"{dropped}\" of relation \"{table}\" does not exist, skipping", "NOTICE"), notice: true);
                }

                return "ALTER TABLE";
            }
            tokens.Expect("CONSTRAINT");
            var constraintIfExists = tokens.Accept("IF", "EXISTS");
            var name = tokens.Identifier();
            DropBehavior(tokens);
            tokens.ExpectEnd();
            session().DropTableConstraint(table, name, constraintIfExists);
            return "ALTER TABLE";
        }
        tokens.Expect("ADD");
        var constraint = TableConstraintReader.Read(tokens);
        tokens.ExpectEnd();
        session().AddTableConstraint(table, constraint);
        return "ALTER TABLE";
    }

    private static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    // The column definition text a CREATE TABLE of the client's type would store (varchar(n) gains its length
    // CHECK), from the same rewrite. The type must be a type name: words, numbers, ( , ) [ ] and a schema dot.
    private static string ColumnTypeSql(DdlTokens tokens, string column, int typeStart, int typeEnd)
    {
        var statement = tokens.Statement;
        if (typeStart >= typeEnd) throw tokens.SyntaxError();
        int depth = 0;
        for (int i = typeStart; i < typeEnd; i++)
        {
            var kind = statement.Tokens[i].Kind;
            if (statement.IsPunctuation(i, '(')) depth++;
            else if (statement.IsPunctuation(i, ')')) depth--;
            bool allowed = kind is Engine.SqlText.SqlTokenKind.Word or Engine.SqlText.SqlTokenKind.Number
                || (kind == Engine.SqlText.SqlTokenKind.Punctuation && statement.TextOf(i) is "(" or ")" or "[" or "]" or ".")
                || (depth == 1 && statement.IsPunctuation(i, ','));
            allowed &= depth is 0 or 1 && !(kind == Engine.SqlText.SqlTokenKind.Word && depth == 1);
            if (!allowed || i - typeStart > 16) throw new PgStatementException(SqlState.SyntaxError, $"syntax error at or near \"{statement.TextOf(i).ToString()}\": ALTER COLUMN ... TYPE takes a type name");
        }

        string prefix = "ALTER TABLE t ADD COLUMN " + QuoteIdentifier(column) + " ";
        var definition = ClientStatement.ReadFirst(prefix + tokens.TextBetween(typeStart, typeEnd));
        var edits = new SqlEdits(definition);
        if (TableDefinitionRewriter.AddEdits(definition, edits) is { Problem: { } problem }) throw new PgStatementException(SqlState.FeatureNotSupported, problem);
        string rewritten = edits.Any ? edits.Build() : definition.Sql;
        if (!rewritten.StartsWith(prefix, StringComparison.Ordinal)) throw tokens.SyntaxError();
        return rewritten[prefix.Length..].Trim();
    }

    // VACUUM [FULL] [FREEZE] [VERBOSE] [ANALYZE] [( option [, ...] )] [table [(columns)] [, ...]]
    private string Vacuum(DdlTokens tokens)
    {
        var analyze = false;
        while (true)
        {
            if (tokens.Accept("FULL") || tokens.Accept("FREEZE") || tokens.Accept("VERBOSE")) continue;
            if (tokens.Accept("ANALYZE") || tokens.Accept("ANALYSE"))
            {
                analyze = true;
                continue;
            }
            break;
        }
        if (tokens.Statement.IsPunctuation(tokens.Position, '(')) analyze |= OptionList(tokens);
        var tables = TablesWithColumns(tokens);
        session().Vacuum(tables, analyze);
        return "VACUUM";
    }

    // ANALYZE [VERBOSE] [( option [, ...] )] [table [(columns)] [, ...]]
    private string Analyze(DdlTokens tokens)
    {
        tokens.Accept("VERBOSE");
        if (tokens.Statement.IsPunctuation(tokens.Position, '(')) OptionList(tokens);
        session().Analyze(TablesWithColumns(tokens));
        return "ANALYZE";
    }

    // LOCK [TABLE] [ONLY] name [*] [, ...] [IN lockmode MODE] [NOWAIT]. A TenantDb transaction holds the
    // tenant's write lock from its first write, which already excludes every other writer; PostgreSQL's
    // rule that LOCK needs a transaction block is kept, and the tables must exist.
    private string Lock(DdlTokens tokens, bool inTransactionBlock)
    {
        tokens.Accept("TABLE");
        var names = NameList(tokens);
        if (tokens.Accept("IN"))
        {
            while (!tokens.AtEnd && !tokens.Statement.IsWord(tokens.Position, "MODE")) tokens.Position++;
            tokens.Expect("MODE");
        }
        tokens.Accept("NOWAIT");
        tokens.ExpectEnd();
        if (!inTransactionBlock) throw new PgStatementException(SqlState.NoActiveSqlTransaction, "LOCK TABLE can only be used in transaction blocks");
        session().CheckTablesExist(names);
        return "LOCK TABLE";
    }

    private bool TableExists(string table)
    {
        try
        {
            session().CheckTablesExist([table]);
            return true;
        }
        catch (TenantDbException e) when (e.SqlState == "42P01")
        {
            return false;
        }
    }

    // name [*] [, ...], with ONLY allowed before each name.
    private static List<string> NameList(DdlTokens tokens)
    {
        var names = new List<string>();
        do
        {
            tokens.Accept("ONLY");
            names.Add(tokens.Name());
            if (tokens.Statement.TextOf(tokens.Position) is "*") tokens.Position++;
        }
        while (tokens.AcceptPunctuation(','));
        return names;
    }

    private static List<string> TablesWithColumns(DdlTokens tokens)
    {
        var tables = new List<string>();
        while (!tokens.AtEnd)
        {
            tables.Add(tokens.Name());
            tokens.SkipParenthesized();
            if (!tokens.AcceptPunctuation(',')) break;
        }
        tokens.ExpectEnd();
        return tables;
    }

    // ( option [value] [, ...] ): true when ANALYZE is among the options (and not set false).
    private static bool OptionList(DdlTokens tokens)
    {
        var analyze = false;
        tokens.ExpectPunctuation('(');
        do
        {
            var option = tokens.Identifier();
            var on = !(tokens.Accept("FALSE") || tokens.Accept("OFF") || tokens.Statement.TextOf(tokens.Position) is "0" && ++tokens.Position > 0);
            tokens.Accept("TRUE");
            tokens.Accept("ON");
            if (tokens.Statement.TextOf(tokens.Position) is "1") tokens.Position++;
            if (option is "analyze" or "analyse") analyze = on;
        }
        while (tokens.AcceptPunctuation(','));
        tokens.ExpectPunctuation(')');
        return analyze;
    }

    // [CASCADE | RESTRICT]: true for CASCADE.
    private static bool DropBehavior(DdlTokens tokens)
    {
        if (tokens.Accept("CASCADE")) return true;
        tokens.Accept("RESTRICT");
        return false;
    }
}
