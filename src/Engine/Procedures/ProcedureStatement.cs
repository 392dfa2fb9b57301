using TenantDb.Engine.Errors;

namespace TenantDb.Engine.Procedures;

/// <summary>
/// A parsed procedure statement (CREATE [OR REPLACE] PROCEDURE, DROP PROCEDURE, CALL) as a protocol
/// layer keeps it between prepare and execute: what kind it is, which procedure a CALL targets and
/// the types its <c>$n</c> parameters take. Run it with <see cref="TenantSession.ExecuteProcedureStatement"/>.
/// </summary>
public sealed class ProcedureStatement
{
    private ProcedureStatement(ProcedureCommand command, ProcedureCommandKind kind)
    {
        Command = command;
        Kind = kind;
    }

    /// <summary>Which statement this is.</summary>
    public ProcedureCommandKind Kind { get; }

    /// <summary>For a CALL, the procedure it calls; otherwise null.</summary>
    public string? Target => Command is CallProcedureCommand call ? call.Name : null;

    internal ProcedureCommand Command { get; }

    /// <summary>Parses <paramref name="sql"/> (one statement); false when it is no procedure statement, an error when it is a malformed one.</summary>
    /// <exception cref="TenantDbException">The statement starts like a procedure statement but is malformed.</exception>
    public static bool TryParse(string sql, out ProcedureStatement? statement)
    {
        ArgumentNullException.ThrowIfNull(sql);
        statement = null;
        if (!ProcedureCommandParser.TryParse(sql, out var command) || command is null) return false;
        var kind = command switch
        {
            CreateProcedureCommand => ProcedureCommandKind.Create,
            DropProcedureCommand => ProcedureCommandKind.Drop,
            _ => ProcedureCommandKind.Call,
        };
        statement = new ProcedureStatement(command, kind);
        return true;
    }

    /// <summary>
    /// The type each <c>$n</c> parameter takes (index 0 is <c>$1</c>), as far as the statement says:
    /// a CALL argument takes the type of the <paramref name="target"/>'s parameter at its position, a
    /// CREATE's module parameter is bytes; null where nothing says (the caller picks its default).
    /// </summary>
    public ProcedureType?[] ParameterTypes(ProcedureHandle? target)
    {
        switch (Command)
        {
            case CallProcedureCommand call:
            {
                var count = 0;
                foreach (var a in call.Arguments)
                    if (a is CallArgument.Parameter p) count = Math.Max(count, p.Index + 1);
                var types = new ProcedureType?[count];
                if (target is null) return types;
                for (var k = 0; k < call.Arguments.Count && k < target.Parameters.Count; k++)
                    if (call.Arguments[k] is CallArgument.Parameter p) types[p.Index] = target.Parameters[k].Type;
                return types;
            }
            case CreateProcedureCommand { Module: ModuleSource.Parameter module }:
            {
                var types = new ProcedureType?[module.Index + 1];
                types[module.Index] = ProcedureType.Bytea;
                return types;
            }
            default:
                return [];
        }
    }
}
