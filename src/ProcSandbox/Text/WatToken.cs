namespace TenantDb.ProcSandbox.Text;

/// <summary>The kind of a WAT/WAST token.</summary>
internal enum WatTokenKind : byte
{
    /// <summary>End of input.</summary>
    End,
    /// <summary><c>(</c>.</summary>
    LeftParen,
    /// <summary><c>)</c>.</summary>
    RightParen,
    /// <summary>A keyword, number, identifier (<c>$name</c>) or other run of idchars.</summary>
    Atom,
    /// <summary>A quoted string; its bytes are in <see cref="WatToken.Bytes"/>.</summary>
    String,
}

/// <summary>One token with its 1-based position in the source.</summary>
internal readonly record struct WatToken(WatTokenKind Kind, string Text, byte[]? Bytes, int Line, int Column);
