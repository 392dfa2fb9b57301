using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using TenantDb.Engine.Errors;

namespace TenantDb.Engine.Sql;

/// <summary>
/// PostgreSQL's string functions SQLite lacks, with PostgreSQL's results: <c>repeat</c>, <c>lpad</c>, <c>rpad</c>,
/// <c>left</c>, <c>right</c>, <c>reverse</c>, <c>initcap</c>, <c>split_part</c>, <c>btrim</c>, <c>chr</c>,
/// <c>ascii</c>, <c>md5</c>, and <c>gen_random_uuid</c>. Lengths count characters (code points), as PostgreSQL's
/// do in UTF-8. A result longer than the engine's largest value is refused (<c>54000</c>) before it is built,
/// so <c>repeat('x', 2000000000)</c> costs nothing.
/// </summary>
internal static class PgStringFunctions
{
    /// <summary>Registers the functions on <paramref name="connection"/>; <paramref name="maxLength"/> is the largest value in characters.</summary>
    public static void Register(SqliteConnection connection, int maxLength)
    {
        connection.CreateFunction("repeat", (string? text, long? count) => Repeat(text, count, maxLength), isDeterministic: true);
        connection.CreateFunction("lpad", (string? text, long? length) => Pad(text, length, " ", left: true, maxLength), isDeterministic: true);
        connection.CreateFunction("lpad", (string? text, long? length, string? fill) => Pad(text, length, fill, left: true, maxLength), isDeterministic: true);
        connection.CreateFunction("rpad", (string? text, long? length) => Pad(text, length, " ", left: false, maxLength), isDeterministic: true);
        connection.CreateFunction("rpad", (string? text, long? length, string? fill) => Pad(text, length, fill, left: false, maxLength), isDeterministic: true);
        connection.CreateFunction("left", (string? text, long? count) => Left(text, count), isDeterministic: true);
        connection.CreateFunction("right", (string? text, long? count) => Right(text, count), isDeterministic: true);
        connection.CreateFunction("reverse", (string? text) => text is null ? null : string.Concat(Elements(text).Reverse()), isDeterministic: true);
        connection.CreateFunction("initcap", (string? text) => InitCap(text), isDeterministic: true);
        connection.CreateFunction("split_part", (string? text, string? delimiter, long? field) => SplitPart(text, delimiter, field), isDeterministic: true);
        connection.CreateFunction("btrim", (string? text) => text?.Trim(' '), isDeterministic: true);
        connection.CreateFunction("btrim", (string? text, string? characters) => characters is null ? null : text?.Trim(characters.ToCharArray()), isDeterministic: true);
        connection.CreateFunction("chr", (long? code) => Chr(code), isDeterministic: true);
        connection.CreateFunction("ascii", (string? text) => text is null ? null : text.Length == 0 ? 0 : (long?)char.ConvertToUtf32(text, 0), isDeterministic: true);
        connection.CreateFunction("md5", (string? text) => text is null ? null : Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text))), isDeterministic: true);
        connection.CreateFunction("gen_random_uuid", () => Guid.NewGuid().ToString());
    }

    private static string? Repeat(string? text, long? count, int maxLength)
    {
        if (text is null || count is null) return null;
        if (count <= 0 || text.Length == 0) return "";
        if (count > maxLength / text.Length) throw TooLong();
        return new StringBuilder(text.Length * (int)count).Insert(0, text, (int)count).ToString();
    }

    private static string? Pad(string? text, long? length, string? fill, bool left, int maxLength)
    {
        if (text is null || length is null || fill is null) return null;
        if (length <= 0) return "";
        if (length > maxLength) throw TooLong();
        var elements = Elements(text).ToList();
        if (elements.Count >= length) return string.Concat(elements.Take((int)length));
        var fillElements = Elements(fill).ToList();
        if (fillElements.Count == 0) return text;
        var padding = new StringBuilder();
        for (int i = 0; i < length - elements.Count; i++) padding.Append(fillElements[i % fillElements.Count]);
        return left ? padding + text : text + padding;
    }

    private static string? Left(string? text, long? count)
    {
        if (text is null || count is null) return null;
        var elements = Elements(text).ToList();
        int n = count >= 0 ? (int)Math.Min(count.Value, elements.Count) : (int)Math.Max(0, elements.Count + count.Value);
        return string.Concat(elements.Take(n));
    }

    private static string? Right(string? text, long? count)
    {
        if (text is null || count is null) return null;
        var elements = Elements(text).ToList();
        int n = count >= 0 ? (int)Math.Min(count.Value, elements.Count) : (int)Math.Max(0, elements.Count + count.Value);
        return string.Concat(elements.Skip(elements.Count - n));
    }

    // Words start after any character that is not a letter or digit, as PostgreSQL's initcap reads them.
    private static string? InitCap(string? text)
    {
        if (text is null) return null;
        var result = new StringBuilder(text.Length);
        bool start = true;
        foreach (char c in text)
        {
            result.Append(start ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
            start = !char.IsLetterOrDigit(c);
        }
        return result.ToString();
    }

    private static string? SplitPart(string? text, string? delimiter, long? field)
    {
        if (text is null || delimiter is null || field is null) return null;
        if (field == 0) throw new TenantDbException(TenantDbErrorKind.Sql, "22023", "field position must not be zero");
        var parts = delimiter.Length == 0 ? [text] : text.Split(delimiter);
        long index = field > 0 ? field.Value - 1 : parts.Length + field.Value;
        return index >= 0 && index < parts.Length ? parts[index] : "";
    }

    private static string? Chr(long? code)
    {
        if (code is null) return null;
        if (code is <= 0 or > 0x10FFFF || code is >= 0xD800 and <= 0xDFFF)
            throw new TenantDbException(TenantDbErrorKind.Sql, "54000", $"requested character too large for encoding: {code}");
        return char.ConvertFromUtf32((int)code);
    }

    // Characters as PostgreSQL counts them: code points, a surrogate pair being one.
    private static IEnumerable<string> Elements(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                yield return text.Substring(i, 2);
                i++;
            }
            else yield return text[i].ToString(CultureInfo.InvariantCulture);
        }
    }

    private static TenantDbException TooLong() => new(TenantDbErrorKind.Sql, "54000", "requested length too large");
}
