namespace TenantDb.Engine.SqlText;

/// <summary>What a <see cref="SqlToken"/> is, by PostgreSQL's lexical rules.</summary>
public enum SqlTokenKind : byte
{
    /// <summary>End of the text.</summary>
    End,

    /// <summary>A keyword or unquoted identifier (letters, digits, <c>_</c> and <c>$</c>, not starting with a digit or <c>$</c>).</summary>
    Word,

    /// <summary>A <c>"quoted"</c> or <c>U&amp;"quoted"</c> identifier.</summary>
    QuotedIdentifier,

    /// <summary>A <c>'string'</c>, <c>N'…'</c> or <c>U&amp;'…'</c> constant (<c>''</c> is a quote).</summary>
    String,

    /// <summary>An <c>E'escape string'</c>: backslash escapes, so <c>\'</c> does not end it.</summary>
    EscapeString,

    /// <summary>A <c>$tag$dollar-quoted$tag$</c> string (the tag may be empty).</summary>
    DollarString,

    /// <summary>A bit-string or hexadecimal constant: <c>B'0101'</c>, <c>X'1F'</c>.</summary>
    BitString,

    /// <summary>A numeric constant: <c>42</c>, <c>3.5</c>, <c>.5e-3</c>.</summary>
    Number,

    /// <summary>A positional parameter: <c>$1</c>.</summary>
    Parameter,

    /// <summary>An operator: a run of <c>+ - * / &lt; &gt; = ~ ! @ # % ^ &amp; | ` ?</c>.</summary>
    Operator,

    /// <summary><c>::</c>, the type cast.</summary>
    TypeCast,

    /// <summary>One of <c>( ) [ ] , . : ;</c>: the token's text is that character.</summary>
    Punctuation,

    /// <summary>
    /// A string, quoted identifier, dollar quote or block comment that the text ends inside. It runs to
    /// the end of the text; PostgreSQL would report a syntax error there.
    /// </summary>
    Unterminated,
}
