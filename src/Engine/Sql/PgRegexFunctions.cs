using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using TenantDb.Engine.Errors;

namespace TenantDb.Engine.Sql;

/// <summary>
/// <c>regexp_replace(source, pattern, replacement [, flags])</c> as PostgreSQL has it: the first match replaced, every
/// match with flag <c>g</c>; <c>i</c> ignores case, <c>c</c> respects it; in the replacement <c>\1</c> … <c>\9</c> are the
/// groups, <c>\&amp;</c> the whole match and <c>\\</c> a backslash. Patterns are .NET regular expressions (after
/// <see cref="PgRegexSyntax"/>: POSIX classes, word boundaries) run without
/// backtracking, so matching is linear in the input whatever a hostile tenant writes; the common subset of PostgreSQL's
/// syntax (classes, quantifiers, groups, anchors, alternation) means the same, back-references inside a pattern are
/// refused (<c>2201B</c>, as any invalid pattern). Patterns are at most 1,000 characters, results at most the engine's
/// largest value (<c>54000</c>).
/// </summary>
internal static class PgRegexFunctions
{
    private const int MaxPatternLength = 1000;
    private const int CachedPatterns = 64;

    /// <summary>Registers the functions on <paramref name="connection"/>; <paramref name="maxLength"/> is the largest value in characters.</summary>
    public static void Register(SqliteConnection connection, int maxLength)
    {
        // One cache per connection: a connection runs one statement at a time.
        var cache = new Dictionary<(string, bool), Regex>();
        connection.CreateFunction("regexp_replace", (string? source, string? pattern, string? replacement) =>
            Replace(cache, source, pattern, replacement, "", maxLength), isDeterministic: true);
        connection.CreateFunction("regexp_replace", (string? source, string? pattern, string? replacement, string? flags) =>
            Replace(cache, source, pattern, replacement, flags, maxLength), isDeterministic: true);
    }

    private static string? Replace(Dictionary<(string, bool), Regex> cache, string? source, string? pattern, string? replacement, string? flags, int maxLength)
    {
        if (source is null || pattern is null || replacement is null || flags is null) return null;
        bool global = false, ignoreCase = false;
        foreach (char flag in flags)
        {
            switch (flag)
            {
                case 'g': global = true; break;
                case 'i': ignoreCase = true; break;
                case 'c': ignoreCase = false; break;
                default: throw new TenantDbException(TenantDbErrorKind.Sql, "22023", $"invalid regular expression option: \"{flag}\"");
            }
        }
        var regex = Compile(cache, pattern, ignoreCase);
        var result = new StringBuilder(source.Length);
        int copied = 0;
        for (var match = regex.Match(source); match.Success; match = match.NextMatch())
        {
            result.Append(source, copied, match.Index - copied);
            AppendReplacement(result, replacement, match);
            copied = match.Index + match.Length;
            if (result.Length > maxLength) throw TooLong();
            if (!global) break;
        }
        result.Append(source, copied, source.Length - copied);
        if (result.Length > maxLength) throw TooLong();
        return result.ToString();
    }

    private static void AppendReplacement(StringBuilder result, string replacement, Match match)
    {
        for (int i = 0; i < replacement.Length; i++)
        {
            char c = replacement[i];
            if (c != '\\' || i + 1 == replacement.Length)
            {
                result.Append(c);
                continue;
            }
            char next = replacement[++i];
            if (next is >= '1' and <= '9')
            {
                int group = next - '0';
                if (group < match.Groups.Count) result.Append(match.Groups[group].Value);
            }
            else if (next == '&')
            {
                result.Append(match.Value);
            }
            else
            {
                // \\ is a backslash; a backslash before anything else stands for that character.
                result.Append(next);
            }
        }
    }

    private static Regex Compile(Dictionary<(string, bool), Regex> cache, string pattern, bool ignoreCase)
    {
        if (cache.TryGetValue((pattern, ignoreCase), out var regex)) return regex;
        if (pattern.Length > MaxPatternLength)
            throw new TenantDbException(TenantDbErrorKind.Sql, "54000", $"regular expression is longer than {MaxPatternLength} characters");
        try
        {
            regex = new Regex(PgRegexSyntax.ToDotNet(pattern), RegexOptions.NonBacktracking | RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            throw new TenantDbException(TenantDbErrorKind.Sql, "2201B", $"invalid regular expression: {e.Message}");
        }
        if (cache.Count >= CachedPatterns) cache.Clear();
        cache[(pattern, ignoreCase)] = regex;
        return regex;
    }

    private static TenantDbException TooLong() => new(TenantDbErrorKind.Sql, "54000", "requested length too large");
}
