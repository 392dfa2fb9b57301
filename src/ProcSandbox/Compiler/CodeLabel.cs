namespace TenantDb.ProcSandbox.Compiler;

/// <summary>
/// A position in the function being assembled that branches can name before it is bound (see
/// <see cref="CodeBuffer"/>). Labels are numbered per function from 1; the default value is "no label".
/// </summary>
internal readonly record struct CodeLabel(int Id)
{
    public bool IsEmpty => Id == 0;
}
