using TenantDb.Cli;

namespace TenantDb.Cli.Tests;

/// <summary>Runs the `tenantdb` command line in-process, the way the executable does, capturing its output.</summary>
internal static class CliRun
{
    public static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = TenantDbCommandLine.RunAsync(args, output, error).GetAwaiter().GetResult();
        return (exit, output.ToString().ReplaceLineEndings("\n"), error.ToString().ReplaceLineEndings("\n"));
    }
}
