using TenantDb.ProcSandbox.Errors;

namespace TenantDb.ProcSandbox.Text;

/// <summary>Reads a whole source text into a sequence of top-level S-expressions.</summary>
internal static class SExprReader
{
    /// <summary>Deepest list nesting accepted, so hostile input cannot exhaust the stack.</summary>
    internal const int MaxDepth = 2000;

    /// <summary>Parses every top-level S-expression of <paramref name="text"/>.</summary>
    public static List<SExpr> ReadAll(string text)
    {
        var lexer = new WatLexer(text);
        var result = new List<SExpr>();
        var stack = new Stack<(List<SExpr> Items, int Line, int Column)>();
        var current = result;
        while (true)
        {
            var token = lexer.Next();
            switch (token.Kind)
            {
                case WatTokenKind.End:
                    if (stack.Count > 0)
                    {
                        var open = stack.Peek();
                        throw new WatParseException("unclosed parenthesis", open.Line, open.Column);
                    }
                    return result;
                case WatTokenKind.LeftParen:
                    if (stack.Count >= MaxDepth) throw new WatParseException("nesting too deep", token.Line, token.Column);
                    stack.Push((current, token.Line, token.Column));
                    current = [];
                    break;
                case WatTokenKind.RightParen:
                    {
                        if (stack.Count == 0) throw new WatParseException("unexpected token )", token.Line, token.Column);
                        var (parent, line, column) = stack.Pop();
                        parent.Add(SExpr.List(current, line, column));
                        current = parent;
                        break;
                    }
                case WatTokenKind.Atom:
                    current.Add(SExpr.Atom(token));
                    break;
                default:
                    current.Add(SExpr.String(token));
                    break;
            }
        }
    }
}
