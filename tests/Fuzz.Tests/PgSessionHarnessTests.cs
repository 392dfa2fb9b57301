using System.Text;
using TenantDb.Fuzz.Mutation;
using TenantDb.Fuzz.Targets;

namespace TenantDb.Fuzz.Tests;

/// <summary>The session target really reaches the post-authentication state, so the fuzz bytes exercise the message loop.</summary>
public sealed class PgSessionHarnessTests
{
    private static readonly string FuzzDirectory = FuzzInputs.FindFuzzDirectory(AppContext.BaseDirectory);

    [Fact]
    public void Fuzz_input_is_served_as_post_authentication_messages()
    {
        var input = File.ReadAllBytes(Path.Combine(FuzzDirectory, "corpus", "pg-session", "ddl-dml.bin"));
        var response = new PgSessionTarget().RunAndCapture(input);
        var text = Encoding.UTF8.GetString(response);
        Assert.Contains("INSERT 0 2", text, StringComparison.Ordinal);
        Assert.Contains("SELECT 2", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_input_starts_with_a_fresh_tenant()
    {
        var target = new PgSessionTarget();
        var input = File.ReadAllBytes(Path.Combine(FuzzDirectory, "corpus", "pg-session", "ddl-dml.bin"));
        target.RunAndCapture(input);
        var again = Encoding.UTF8.GetString(target.RunAndCapture(input));
        Assert.DoesNotContain("already exists", again, StringComparison.Ordinal);
    }
}
