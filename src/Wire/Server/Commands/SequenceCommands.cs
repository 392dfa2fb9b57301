using System.Globalization;
using TenantDb.Engine;
using TenantDb.Engine.Ddl;
using TenantDb.Engine.SqlText;
using TenantDb.Wire.Protocol;
using TenantDb.Wire.Sql;

namespace TenantDb.Wire.Server.Commands;

/// <summary>CREATE, ALTER and DROP SEQUENCE, read from the statement's tokens and run by the engine.</summary>
internal static class SequenceCommands
{
    /// <summary>CREATE SEQUENCE [IF NOT EXISTS] name [options] (after CREATE).</summary>
    public static string Create(DdlTokens tokens, TenantSession session)
    {
        if (tokens.Accept("TEMP") || tokens.Accept("TEMPORARY") || tokens.Accept("UNLOGGED"))
            throw new PgStatementException(SqlState.FeatureNotSupported, "temporary and unlogged sequences are not supported by TenantDb");
        tokens.Expect("SEQUENCE");
        var ifNotExists = tokens.Accept("IF", "NOT") && Expect(tokens, "EXISTS");
        var name = tokens.Name();
        var options = Options(tokens, alter: false);
        tokens.ExpectEnd();
        session.CreateSequence(name, options, ifNotExists);
        return "CREATE SEQUENCE";
    }

    /// <summary>ALTER SEQUENCE [IF EXISTS] name [options] [RESTART [[WITH] n]] (after ALTER SEQUENCE).</summary>
    public static string Alter(DdlTokens tokens, TenantSession session)
    {
        var ifExists = tokens.Accept("IF", "EXISTS");
        var name = tokens.Name();
        if (tokens.Accept("RENAME") || tokens.Accept("OWNER") || tokens.Accept("SET"))
            throw new PgStatementException(SqlState.FeatureNotSupported, "ALTER SEQUENCE supports changing the sequence's options and RESTART only");
        var options = Options(tokens, alter: true);
        tokens.ExpectEnd();
        session.AlterSequence(name, options, ifExists);
        return "ALTER SEQUENCE";
    }

    /// <summary>DROP SEQUENCE [IF EXISTS] name [, ...] [CASCADE|RESTRICT] (after DROP SEQUENCE).</summary>
    public static string Drop(DdlTokens tokens, TenantSession session)
    {
        var ifExists = tokens.Accept("IF", "EXISTS");
        var names = new List<string>();
        do names.Add(tokens.Name());
        while (tokens.AcceptPunctuation(','));
        if (!tokens.Accept("CASCADE")) tokens.Accept("RESTRICT");
        tokens.ExpectEnd();
        session.DropSequences(names, ifExists);
        return "DROP SEQUENCE";
    }

    private static bool Expect(DdlTokens tokens, string word)
    {
        tokens.Expect(word);
        return true;
    }

    private static SequenceOptions Options(DdlTokens tokens, bool alter)
    {
        var options = new SequenceOptions();
        while (!tokens.AtEnd)
        {
            if (tokens.Accept("AS")) options = options with { DataType = TypeName(tokens) };
            else if (tokens.Accept("INCREMENT"))
            {
                tokens.Accept("BY");
                var increment = Number(tokens);
                if (increment == 0) throw new PgStatementException("22023", "INCREMENT must not be zero");
                options = options with { Increment = increment };
            }
            else if (tokens.Accept("MINVALUE")) options = options with { MinValue = Number(tokens) };
            else if (tokens.Accept("MAXVALUE")) options = options with { MaxValue = Number(tokens) };
            else if (tokens.Accept("NO", "MINVALUE")) options = options with { NoMinValue = true };
            else if (tokens.Accept("NO", "MAXVALUE")) options = options with { NoMaxValue = true };
            else if (tokens.Accept("NO", "CYCLE")) options = options with { Cycle = false };
            else if (tokens.Accept("CYCLE")) options = options with { Cycle = true };
            else if (tokens.Accept("START"))
            {
                tokens.Accept("WITH");
                options = options with { Start = Number(tokens) };
            }
            else if (alter && tokens.Accept("RESTART"))
            {
                var with = tokens.Accept("WITH");
                long? value = with || IsNumberNext(tokens) ? Number(tokens) : null;
                options = options with { Restart = true, RestartWith = value };
            }
            else if (tokens.Accept("CACHE")) Number(tokens); // values are handed out one at a time
            else if (tokens.Accept("OWNED", "BY"))
            {
                if (tokens.Accept("NONE")) options = options with { OwnedBy = ("", "") };
                else
                {
                    var table = tokens.Identifier();
                    tokens.ExpectPunctuation('.');
                    var column = tokens.Identifier();
                    if (tokens.AcceptPunctuation('.'))
                    {
                        if (table != "public") throw new PgStatementException("3F000", $"schema \"{table}\" does not exist");
                        table = column;
                        column = tokens.Identifier();
                    }
                    options = options with { OwnedBy = (table, column) };
                }
            }
            else throw tokens.SyntaxError();
        }
        return options;
    }

    private static string TypeName(DdlTokens tokens)
    {
        var type = tokens.Identifier();
        return type switch
        {
            "smallint" or "int2" => "smallint",
            "integer" or "int" or "int4" => "integer",
            "bigint" or "int8" => "bigint",
            _ => throw new PgStatementException("22023", "sequence type must be smallint, integer, or bigint"),
        };
    }

    internal static bool IsNumberNext(DdlTokens tokens)
    {
        if (tokens.AtEnd) return false;
        var token = tokens.Statement.Tokens[tokens.Position];
        return token.Kind == SqlTokenKind.Number || (token.Kind == SqlTokenKind.Operator && tokens.Statement.TextOf(tokens.Position) is "-" or "+");
    }

    // [+|-] digits
    internal static long Number(DdlTokens tokens)
    {
        var negative = false;
        if (!tokens.AtEnd && tokens.Statement.Tokens[tokens.Position].Kind == SqlTokenKind.Operator)
        {
            var sign = tokens.Statement.TextOf(tokens.Position);
            if (sign is not ("-" or "+")) throw tokens.SyntaxError();
            negative = sign is "-";
            tokens.Position++;
        }
        if (tokens.AtEnd || tokens.Statement.Tokens[tokens.Position].Kind != SqlTokenKind.Number) throw tokens.SyntaxError();
        var text = tokens.Statement.TextOf(tokens.Position);
        if (!decimal.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            throw new PgStatementException(SqlState.InvalidTextRepresentation, $"invalid integer \"{text.ToString()}\"");
        if (negative) value = -value;
        if (value < long.MinValue || value > long.MaxValue)
            throw new PgStatementException(SqlState.NumericValueOutOfRange, $"value \"{text.ToString()}\" is out of range for type bigint");
        tokens.Position++;
        return (long)value;
    }
}
