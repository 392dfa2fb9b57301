using TenantDb.Engine.SqlText;
using TenantDb.Wire.Protocol;

namespace TenantDb.Wire.Sql;

/// <summary>A cursor over one DDL statement's tokens, with PostgreSQL's rules for names.</summary>
internal sealed class DdlTokens(ClientStatement statement)
{
    /// <summary>The statement being read.</summary>
    public ClientStatement Statement { get; } = statement;

    /// <summary>Index of the next token.</summary>
    public int Position { get; set; }

    /// <summary>True when every token has been read.</summary>
    public bool AtEnd => Position >= Statement.Tokens.Length;

    /// <summary>Consumes <paramref name="word"/> when it is next; false otherwise.</summary>
    public bool Accept(string word)
    {
        if (!Statement.IsWord(Position, word)) return false;
        Position++;
        return true;
    }

    /// <summary>Consumes the two words when they are next; false otherwise.</summary>
    public bool Accept(string first, string second)
    {
        if (!Statement.IsWord(Position, first) || !Statement.IsWord(Position + 1, second)) return false;
        Position += 2;
        return true;
    }

    /// <summary>Consumes the punctuation <paramref name="c"/> when it is next.</summary>
    public bool AcceptPunctuation(char c)
    {
        if (!Statement.IsPunctuation(Position, c)) return false;
        Position++;
        return true;
    }

    /// <summary>Consumes <paramref name="word"/> or fails with a syntax error.</summary>
    public void Expect(string word)
    {
        if (!Accept(word)) throw SyntaxError();
    }

    /// <summary>Consumes <paramref name="c"/> or fails with a syntax error.</summary>
    public void ExpectPunctuation(char c)
    {
        if (!AcceptPunctuation(c)) throw SyntaxError();
    }

    /// <summary>Fails with a syntax error unless every token has been read.</summary>
    public void ExpectEnd()
    {
        if (!AtEnd) throw SyntaxError();
    }

    /// <summary>
    /// Reads a name: an unquoted identifier folds to lower case, a quoted one is kept as written. A
    /// schema qualifier must be <c>public</c> (the tenant's schema) or <c>pg_temp</c>.
    /// </summary>
    public string Name()
    {
        var name = Identifier();
        if (!AcceptPunctuation('.')) return name;
        if (name is not ("public" or "pg_temp")) throw new PgStatementException("3F000", $"schema \"{name}\" does not exist");
        return Identifier();
    }

    /// <summary>Reads one identifier (PostgreSQL's folding).</summary>
    public string Identifier()
    {
        if (Position >= Statement.Tokens.Length) throw SyntaxError();
        var token = Statement.Tokens[Position];
        string name = token.Kind switch
        {
            SqlTokenKind.Word => token.TextIn(Statement.Text).ToString().ToLowerInvariant(),
            SqlTokenKind.QuotedIdentifier => SqlIdentifier.Unquote(Statement.Text, token),
            _ => throw SyntaxError(),
        };
        if (name.Length == 0) throw new PgStatementException(SqlState.SyntaxError, "zero-length delimited identifier");
        Position++;
        return name;
    }

    /// <summary>Reads <c>( name [, ...] )</c>.</summary>
    public List<string> ColumnList()
    {
        ExpectPunctuation('(');
        var names = new List<string> { Identifier() };
        while (AcceptPunctuation(',')) names.Add(Identifier());
        ExpectPunctuation(')');
        return names;
    }

    /// <summary>Skips a parenthesized group (nested parentheses included) when one is next.</summary>
    public bool SkipParenthesized()
    {
        if (!Statement.IsPunctuation(Position, '(')) return false;
        var depth = 0;
        do
        {
            if (AtEnd) throw SyntaxError();
            if (Statement.IsPunctuation(Position, '(')) depth++;
            else if (Statement.IsPunctuation(Position, ')')) depth--;
            Position++;
        }
        while (depth > 0);
        return true;
    }

    /// <summary>The text of tokens [<paramref name="from"/>, <paramref name="to"/>) as the client wrote it.</summary>
    public string TextBetween(int from, int to) =>
        to <= from ? "" : Statement.Text[Statement.Tokens[from].Start..Statement.Tokens[to - 1].End];

    /// <summary>A syntax error at the current token.</summary>
    public PgStatementException SyntaxError()
    {
        var near = AtEnd ? "end of input" : $"\"{Statement.TextOf(Position).ToString()}\"";
        return new PgStatementException(SqlState.SyntaxError, $"syntax error at or near {near}");
    }
}
