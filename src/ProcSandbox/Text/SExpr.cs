using System.Text;
using TenantDb.ProcSandbox.Errors;

namespace TenantDb.ProcSandbox.Text;

/// <summary>The kind of an S-expression node.</summary>
internal enum SExprKind : byte
{
    /// <summary>A parenthesised list.</summary>
    List,
    /// <summary>A keyword, number, identifier or reserved word.</summary>
    Atom,
    /// <summary>A string literal.</summary>
    String,
}

/// <summary>
/// One node of the S-expression tree the WAT and WAST parsers walk. The text format is read
/// into this tree first so the parsers can look ahead freely (e.g. tell a folded instruction
/// from a field) without backtracking over tokens.
/// </summary>
internal sealed class SExpr
{
    private static readonly List<SExpr> s_noItems = [];

    private SExpr(SExprKind kind, string text, byte[]? bytes, List<SExpr> items, int line, int column)
    {
        Kind = kind;
        Text = text;
        Bytes = bytes;
        Items = items;
        Line = line;
        Column = column;
    }

    public SExprKind Kind { get; }
    /// <summary>The atom's text (empty for lists and strings).</summary>
    public string Text { get; }
    /// <summary>The string's bytes (null for lists and atoms).</summary>
    public byte[]? Bytes { get; }
    /// <summary>The list's items (empty for atoms and strings).</summary>
    public List<SExpr> Items { get; }
    public int Line { get; }
    public int Column { get; }

    public bool IsList => Kind == SExprKind.List;
    public bool IsAtom => Kind == SExprKind.Atom;
    public bool IsString => Kind == SExprKind.String;
    /// <summary>An atom of the form <c>$name</c>.</summary>
    public bool IsId => Kind == SExprKind.Atom && Text.Length > 1 && Text[0] == '$';

    /// <summary>The leading keyword of a list, or null.</summary>
    public string? Head => Kind == SExprKind.List && Items.Count > 0 && Items[0].IsAtom ? Items[0].Text : null;

    /// <summary>True for an atom with exactly this text.</summary>
    public bool IsKeyword(string keyword) => Kind == SExprKind.Atom && Text == keyword;

    /// <summary>True for a list whose head is this keyword.</summary>
    public bool IsListOf(string keyword) => Head == keyword;

    public static SExpr Atom(WatToken token) => new(SExprKind.Atom, token.Text, null, s_noItems, token.Line, token.Column);

    public static SExpr String(WatToken token) => new(SExprKind.String, "", token.Bytes, s_noItems, token.Line, token.Column);

    public static SExpr List(List<SExpr> items, int line, int column) => new(SExprKind.List, "", null, items, line, column);

    /// <summary>An error located at this node.</summary>
    public WatParseException Error(string message) => new(message, Line, Column);

    /// <summary>A short rendering for error messages: atoms in full, strings and lists abbreviated.</summary>
    public override string ToString() => Kind switch
    {
        SExprKind.Atom => Text.Length <= 40 ? Text : Text[..40] + "...",
        SExprKind.String => Bytes!.Length <= 20 ? "\"" + Encoding.UTF8.GetString(Bytes) + "\"" : "\"" + Encoding.UTF8.GetString(Bytes, 0, 20) + "...\"",
        _ => Items.Count == 0 ? "()" : $"({(Items[0].IsList ? "(...)" : Items[0].ToString())}{(Items.Count > 1 ? " ..." : "")})",
    };
}
