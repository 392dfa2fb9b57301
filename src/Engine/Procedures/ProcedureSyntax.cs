using TenantDb.Engine.Errors;

namespace TenantDb.Engine.Procedures;

/// <summary>Builds the syntax errors of procedure statements, worded like PostgreSQL's.</summary>
internal static class ProcedureSyntax
{
    public static TenantDbException Error(string message, int offset) =>
        new(TenantDbErrorKind.Syntax, message, 0, 0, offset);

    public static TenantDbException Near(ProcedureToken token, string? expected = null)
    {
        string near = token.Kind == ProcedureTokenKind.End ? "syntax error at end of input" : $"syntax error at or near \"{token.Text}\"";
        return Error(expected is null ? near : $"{near}: {expected}", token.Offset);
    }
}
