using System.Text;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Procedures;

namespace TenantDb.Engine.Tests.Procedures;

/// <summary>
/// The signature table is shared by every tenant: a procedure module may declare at most
/// <see cref="ProcedureCompiler.MaxTypes"/> function types, so no tenant can fill it for the others.
/// </summary>
public sealed class ProcedureTypeLimitTests
{
    // A valid procedure declaring `extra` distinct types (functions of 1..extra i32 parameters) besides the ABI's.
    private static string WithTypes(int extra)
    {
        var types = new StringBuilder();
        for (int i = 1; i <= extra; i++) types.Append("(type (func (param ").Append(string.Join(" ", Enumerable.Repeat("i32", i))).Append(")))\n");
        return $$"""
            (module
              {{ProcedureModules.Imports}}
              {{types}}
              (memory (export "memory") 1)
              (func (export "run") (result i32) (i32.const 0)))
            """;
    }

    [Fact]
    public void A_module_with_more_types_than_procedures_may_have_is_refused_with_54000()
    {
        using var engine = TenantDbEngine.OpenInMemory();
        engine.CreateTenant("types");
        using TenantSession session = engine.OpenSession("types");
        var error = Assert.Throws<TenantDbException>(() => session.CreateProcedure("many", [], [], Encoding.UTF8.GetBytes(WithTypes(ProcedureCompiler.MaxTypes))));
        Assert.Equal(TenantDbErrorKind.TooBig, error.Kind);
        Assert.Contains("function types", error.Message, StringComparison.Ordinal);

        // The ABI's own imports use a few types; a module just under the limit is accepted.
        session.CreateProcedure("enough", [], [], Encoding.UTF8.GetBytes(WithTypes(ProcedureCompiler.MaxTypes - 10)));
    }
}
