using System.Text;

namespace TenantDb.Engine.Sql;

/// <summary>
/// The parts of PostgreSQL's regular-expression syntax .NET writes differently, rewritten before a pattern is compiled:
/// POSIX classes inside brackets (<c>[[:digit:]]</c>, <c>[^[:space:]]</c>) and the word-boundary escapes <c>\y</c>, <c>\Y</c>.
/// Everything else is passed on as written (see <see cref="PgRegexFunctions"/> for what that means).
/// </summary>
internal static class PgRegexSyntax
{
    private static readonly (string Posix, string DotNet)[] Classes =
    [
        ("[:alpha:]", @"\p{L}"), ("[:digit:]", @"\d"), ("[:alnum:]", @"\p{L}\p{Nd}"), ("[:space:]", @"\s"),
        ("[:upper:]", @"\p{Lu}"), ("[:lower:]", @"\p{Ll}"), ("[:punct:]", @"\p{P}"), ("[:xdigit:]", "0-9A-Fa-f"),
        ("[:word:]", @"\w"), ("[:blank:]", @" \t"), ("[:cntrl:]", @"\p{Cc}"), ("[:print:]", @"\P{C}"), ("[:graph:]", @"\p{L}\p{M}\p{N}\p{P}\p{S}"),
    ];

    /// <summary>The .NET form of PostgreSQL pattern <paramref name="pattern"/>.</summary>
    public static string ToDotNet(string pattern)
    {
        if (pattern.IndexOf("[:", StringComparison.Ordinal) < 0 && pattern.IndexOf('\\') < 0) return pattern;
        var result = new StringBuilder(pattern.Length + 16);
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                char next = pattern[i + 1];
                result.Append(next switch { 'y' => @"\b", 'Y' => @"\B", _ => pattern.Substring(i, 2) });
                i++;
                continue;
            }
            if (c == '[' && i + 1 < pattern.Length && pattern[i + 1] == ':')
            {
                var posix = Match(pattern, i);
                if (posix is not null)
                {
                    result.Append(posix.Value.DotNet);
                    i += posix.Value.Posix.Length - 1;
                    continue;
                }
            }
            result.Append(c);
        }
        return result.ToString();
    }

    private static (string Posix, string DotNet)? Match(string pattern, int at)
    {
        foreach (var entry in Classes)
        {
            if (string.CompareOrdinal(pattern, at, entry.Posix, 0, entry.Posix.Length) == 0) return entry;
        }
        return null;
    }
}
