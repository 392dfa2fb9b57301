using TenantDb.Engine.Ddl;
using TenantDb.Wire.Protocol;

namespace TenantDb.Wire.Sql;

/// <summary>
/// Reads the table constraint of ALTER TABLE ... ADD and writes it in SQLite's table-constraint syntax.
/// Names are re-quoted from what was read; only a CHECK expression is kept as the client wrote it,
/// within its balanced parentheses.
/// </summary>
internal static class TableConstraintReader
{
    /// <summary>Reads <c>[CONSTRAINT name] PRIMARY KEY (...) | UNIQUE (...) | FOREIGN KEY (...) REFERENCES ... | CHECK (...)</c> [NOT VALID].</summary>
    public static TableConstraint Read(DdlTokens tokens)
    {
        string? name = tokens.Accept("CONSTRAINT") ? tokens.Identifier() : null;
        TableConstraint constraint;
        if (tokens.Accept("PRIMARY", "KEY"))
        {
            var columns = tokens.ColumnList();
            IndexOptions(tokens);
            constraint = new TableConstraint(TableConstraintKind.PrimaryKey, name, columns, $"PRIMARY KEY ({Quoted(columns)})");
        }
        else if (tokens.Accept("UNIQUE"))
        {
            if (!tokens.Accept("NULLS", "DISTINCT") && tokens.Accept("NULLS"))
            {
                tokens.Expect("NOT");
                tokens.Expect("DISTINCT");
                throw new PgStatementException(SqlState.FeatureNotSupported, "UNIQUE NULLS NOT DISTINCT is not supported by TenantDb");
            }
            var columns = tokens.ColumnList();
            IndexOptions(tokens);
            constraint = new TableConstraint(TableConstraintKind.Unique, name, columns, $"UNIQUE ({Quoted(columns)})");
        }
        else if (tokens.Accept("FOREIGN", "KEY"))
        {
            var columns = tokens.ColumnList();
            tokens.Expect("REFERENCES");
            var parent = tokens.Name();
            var definition = $"FOREIGN KEY ({Quoted(columns)}) REFERENCES {Quote(parent)}";
            if (tokens.Statement.IsPunctuation(tokens.Position, '(')) definition += $" ({Quoted(tokens.ColumnList())})";
            definition += ReferenceOptions(tokens);
            constraint = new TableConstraint(TableConstraintKind.ForeignKey, name, columns, definition);
        }
        else if (tokens.Accept("CHECK"))
        {
            int open = tokens.Position;
            if (!tokens.SkipParenthesized()) throw tokens.SyntaxError();
            constraint = new TableConstraint(TableConstraintKind.Check, name, [], "CHECK " + tokens.TextBetween(open, tokens.Position));
            tokens.Accept("NO", "INHERIT");
        }
        else
        {
            throw tokens.SyntaxError();
        }
        // NOT VALID skips checking existing rows in PostgreSQL; a rebuild copies (and so checks) every row.
        tokens.Accept("NOT", "VALID");
        return constraint;
    }

    // [INCLUDE (...)] [WITH (...)] [USING INDEX TABLESPACE name]: storage details SQLite has no use for.
    private static void IndexOptions(DdlTokens tokens)
    {
        if (tokens.Accept("INCLUDE")) throw new PgStatementException(SqlState.FeatureNotSupported, "INCLUDE columns in a constraint's index are not supported by TenantDb");
        if (tokens.Accept("WITH")) tokens.SkipParenthesized();
        if (tokens.Accept("USING"))
        {
            tokens.Expect("INDEX");
            tokens.Expect("TABLESPACE");
            tokens.Identifier();
        }
    }

    // [MATCH FULL|SIMPLE] [ON DELETE action] [ON UPDATE action] [[NOT] DEFERRABLE] [INITIALLY DEFERRED|IMMEDIATE]
    private static string ReferenceOptions(DdlTokens tokens)
    {
        var options = "";
        while (true)
        {
            if (tokens.Accept("MATCH"))
            {
                if (tokens.Accept("PARTIAL")) throw new PgStatementException(SqlState.FeatureNotSupported, "MATCH PARTIAL is not implemented");
                if (!tokens.Accept("FULL")) tokens.Expect("SIMPLE");
            }
            else if (tokens.Accept("ON"))
            {
                var on = tokens.Accept("DELETE") ? "DELETE" : tokens.Accept("UPDATE") ? "UPDATE" : throw tokens.SyntaxError();
                string action;
                if (tokens.Accept("NO", "ACTION")) action = "NO ACTION";
                else if (tokens.Accept("RESTRICT")) action = "RESTRICT";
                else if (tokens.Accept("CASCADE")) action = "CASCADE";
                else if (tokens.Accept("SET", "NULL")) action = "SET NULL";
                else if (tokens.Accept("SET", "DEFAULT")) action = "SET DEFAULT";
                else throw tokens.SyntaxError();
                if (tokens.Statement.IsPunctuation(tokens.Position, '('))
                    throw new PgStatementException(SqlState.FeatureNotSupported, "a column list for ON DELETE SET NULL/DEFAULT is not supported by TenantDb");
                options += $" ON {on} {action}";
            }
            else if (tokens.Accept("DEFERRABLE")) options += " DEFERRABLE";
            else if (tokens.Accept("NOT", "DEFERRABLE")) options += " NOT DEFERRABLE";
            else if (tokens.Accept("INITIALLY", "DEFERRED")) options += " INITIALLY DEFERRED";
            else if (tokens.Accept("INITIALLY", "IMMEDIATE")) options += " INITIALLY IMMEDIATE";
            else return options;
        }
    }

    private static string Quoted(List<string> names) => string.Join(", ", names.Select(Quote));

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
