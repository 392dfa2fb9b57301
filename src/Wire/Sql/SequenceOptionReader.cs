using System.Globalization;
using TenantDb.Engine.Ddl;
using TenantDb.Engine.SqlText;
using TenantDb.Wire.Protocol;

namespace TenantDb.Wire.Sql;

/// <summary>
/// The options of CREATE and ALTER SEQUENCE, also as an identity column declares them
/// (<c>GENERATED ... AS IDENTITY (START WITH 10 SEQUENCE NAME s)</c>) and as ALTER COLUMN changes them
/// (<c>SET INCREMENT BY 2</c>): one reader, PostgreSQL's grammar.
/// </summary>
internal static class SequenceOptionReader
{
    /// <summary>
    /// Reads options from the tokens' position up to token <paramref name="end"/> (exclusive) or the
    /// statement's end, adding to <paramref name="earlier"/> when given. <paramref name="alter"/> admits RESTART;
    /// <paramref name="identity"/> admits <c>SEQUENCE NAME name</c>, returned in <paramref name="sequenceName"/>.
    /// Fails with 42601 on anything else.
    /// </summary>
    public static SequenceOptions Read(DdlTokens tokens, bool alter, int end, bool identity, out string? sequenceName, SequenceOptions? earlier = null)
    {
        sequenceName = null;
        var options = earlier ?? new SequenceOptions();
        while (!tokens.AtEnd && tokens.Position < end)
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
            else if (identity && tokens.Accept("SEQUENCE", "NAME")) sequenceName = tokens.Name();
            else if (!identity && tokens.Accept("OWNED", "BY"))
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

    /// <summary>smallint, integer or bigint (PostgreSQL's names for the three), else 22023.</summary>
    public static string TypeName(DdlTokens tokens)
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

    /// <summary>True when a number (or its sign) is next.</summary>
    public static bool IsNumberNext(DdlTokens tokens)
    {
        if (tokens.AtEnd) return false;
        var token = tokens.Statement.Tokens[tokens.Position];
        return token.Kind == SqlTokenKind.Number || (token.Kind == SqlTokenKind.Operator && tokens.Statement.TextOf(tokens.Position) is "-" or "+");
    }

    /// <summary>[+|-] digits, as a bigint.</summary>
    public static long Number(DdlTokens tokens)
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
