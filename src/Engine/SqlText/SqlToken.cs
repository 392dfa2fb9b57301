namespace TenantDb.Engine.SqlText;

/// <summary>One token: its kind and where it is in the text (in characters). Comments and whitespace are not tokens.</summary>
/// <param name="Kind">What the token is.</param>
/// <param name="Start">Index of its first character.</param>
/// <param name="Length">Its length in characters.</param>
public readonly record struct SqlToken(SqlTokenKind Kind, int Start, int Length)
{
    /// <summary>Index just past the token.</summary>
    public int End => Start + Length;

    /// <summary>The token's characters in <paramref name="text"/>.</summary>
    public ReadOnlySpan<char> TextIn(ReadOnlySpan<char> text) => text.Slice(Start, Length);

    /// <summary>True for a <see cref="SqlTokenKind.Word"/> equal to <paramref name="word"/>, ignoring ASCII case.</summary>
    public bool IsWord(ReadOnlySpan<char> text, string word) =>
        Kind == SqlTokenKind.Word && TextIn(text).Equals(word, StringComparison.OrdinalIgnoreCase);

    /// <summary>True for the <see cref="SqlTokenKind.Punctuation"/> token <paramref name="c"/>.</summary>
    public bool IsPunctuation(ReadOnlySpan<char> text, char c) => Kind == SqlTokenKind.Punctuation && text[Start] == c;
}
