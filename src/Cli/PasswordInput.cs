using System.CommandLine;
using System.Text;

namespace TenantDb.Cli;

/// <summary>
/// Where an admin command takes a password from, so it need not appear on a command line (and in the
/// shell history and process list): --password, --password-stdin (first line of standard input), the
/// TENANTDB_PASSWORD environment variable, or a prompt without echo when a terminal is attached.
/// </summary>
internal sealed class PasswordInput
{
    /// <summary>The environment variable read when neither flag is given.</summary>
    public const string EnvironmentVariable = "TENANTDB_PASSWORD";

    private readonly Option<string?> _password = new("--password")
    {
        Description = "The password (visible in the process list: prefer --password-stdin, TENANTDB_PASSWORD or the prompt).",
    };

    private readonly Option<bool> _fromStdin = new("--password-stdin") { Description = "Read the password from the first line of standard input." };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(_password);
        command.Options.Add(_fromStdin);
    }

    /// <summary>The password the user gave, asking for it on a terminal when no other source has one.</summary>
    public string Read(ParseResult parse, string user)
    {
        string? given = parse.GetValue(_password);
        bool fromStdin = parse.GetValue(_fromStdin);
        if (given is not null && fromStdin) throw new CliException(CliExitCode.Usage, "give either --password or --password-stdin, not both");
        if (given is not null) return NonEmpty(given, "--password");
        if (fromStdin) return NonEmpty(Console.In.ReadLine() ?? string.Empty, "--password-stdin");
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { } fromEnvironment) return NonEmpty(fromEnvironment, EnvironmentVariable);
        if (Console.IsInputRedirected)
        {
            throw new CliException(CliExitCode.Usage, $"no password for user {user}: use --password-stdin, {EnvironmentVariable} or --password");
        }

        return NonEmpty(Prompt($"password for user {user}: "), "the prompt");
    }

    private static string NonEmpty(string password, string source) =>
        password.Length > 0 ? password : throw new CliException(CliExitCode.Usage, $"the password from {source} is empty");

    private static string Prompt(string text)
    {
        Console.Error.Write(text);
        var password = new StringBuilder();
        while (true)
        {
            ConsoleKeyInfo key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter) break;
            if (key.Key == ConsoleKey.Backspace)
            {
                if (password.Length > 0) password.Length--;
                continue;
            }

            if (!char.IsControl(key.KeyChar)) password.Append(key.KeyChar);
        }

        Console.Error.WriteLine();
        return password.ToString();
    }
}
