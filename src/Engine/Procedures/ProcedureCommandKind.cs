namespace TenantDb.Engine.Procedures;

/// <summary>Which procedure statement a <see cref="ProcedureStatement"/> is.</summary>
public enum ProcedureCommandKind
{
    /// <summary><c>CREATE [OR REPLACE] PROCEDURE</c>.</summary>
    Create,
    /// <summary><c>DROP PROCEDURE</c>.</summary>
    Drop,
    /// <summary><c>CALL</c>: returns rows like a SELECT.</summary>
    Call,
}
