using System.Text;

namespace TenantDb.ProcSandbox.Tests.Frontend;

/// <summary>What a spec script expects of a <c>(module binary ...)</c> form.</summary>
internal enum SpecExpectation
{
    /// <summary>A top-level module: must decode and validate.</summary>
    Valid,
    /// <summary>Inside <c>assert_malformed</c>: decoding must fail.</summary>
    Malformed,
    /// <summary>Inside <c>assert_invalid</c>: decoding succeeds, validation must fail.</summary>
    Invalid,
    /// <summary>Inside another command (e.g. assert_unlinkable): decodes and validates.</summary>
    OtherCommand,
}

/// <summary>One binary module of a spec script with what is expected of it.</summary>
internal sealed record SpecBinaryModule(string File, int Line, SpecExpectation Expectation, byte[] Bytes, string ExpectedMessage);

/// <summary>
/// A deliberately tiny extractor of the <c>(module binary "...")</c> forms of a .wast script:
/// it skips comments and strings, tracks parenthesis nesting to know the enclosing command, and
/// decodes the string literals. It is not a WAST parser (text modules are ignored).
/// </summary>
internal static class SpecBinaryModules
{
    public static List<SpecBinaryModule> Extract(string path)
    {
        string text = File.ReadAllText(path);
        string file = Path.GetFileName(path);
        var result = new List<SpecBinaryModule>();
        var heads = new List<string>();
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (c == ';' && At(text, i, ";;")) { i = SkipLine(text, i); continue; }
            if (c == '(' && At(text, i, "(;")) { i = SkipBlockComment(text, i); continue; }
            if (c == '"') { i = SkipString(text, i); continue; }
            if (c == ')') { if (heads.Count > 0) heads.RemoveAt(heads.Count - 1); i++; continue; }
            if (c != '(') { i++; continue; }

            int start = i;
            i++;
            string head = ReadAtom(text, ref i);
            if (head == "module" && TryReadBinaryModule(text, ref i, out byte[] bytes))
            {
                string parent = heads.Count > 0 ? heads[^1] : "";
                var expectation = parent switch
                {
                    "" => SpecExpectation.Valid,
                    "assert_malformed" => SpecExpectation.Malformed,
                    "assert_invalid" => SpecExpectation.Invalid,
                    _ => SpecExpectation.OtherCommand,
                };
                string message = heads.Count > 0 ? ReadFollowingString(text, i) : "";
                result.Add(new SpecBinaryModule(file, LineOf(text, start), expectation, bytes, message));
                continue; // TryReadBinaryModule consumed the closing parenthesis
            }
            heads.Add(head);
        }
        return result;
    }

    private static bool TryReadBinaryModule(string text, ref int i, out byte[] bytes)
    {
        bytes = [];
        int j = i;
        SkipSpace(text, ref j);
        if (j < text.Length && text[j] == '$') { ReadAtom(text, ref j); SkipSpace(text, ref j); }
        if (ReadAtom(text, ref j) != "binary") return false;
        var buffer = new List<byte>();
        while (true)
        {
            SkipSpace(text, ref j);
            if (j >= text.Length) return false;
            if (text[j] == ')') { j++; break; }
            if (text[j] != '"') return false;
            j = DecodeString(text, j, buffer);
        }
        i = j;
        bytes = [.. buffer];
        return true;
    }

    /// <summary>The string literal following a module in an assertion: its expected message.</summary>
    private static string ReadFollowingString(string text, int i)
    {
        SkipSpace(text, ref i);
        if (i >= text.Length || text[i] != '"') return "";
        var buffer = new List<byte>();
        DecodeString(text, i, buffer);
        return Encoding.UTF8.GetString([.. buffer]);
    }

    private static void SkipSpace(string text, ref int i)
    {
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i])) i++;
            else if (At(text, i, ";;")) i = SkipLine(text, i);
            else if (At(text, i, "(;")) i = SkipBlockComment(text, i);
            else break;
        }
    }

    private static string ReadAtom(string text, ref int i)
    {
        SkipSpace(text, ref i);
        int start = i;
        while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('(' or ')' or '"' or ';')) i++;
        return text[start..i];
    }

    private static int DecodeString(string text, int i, List<byte> into)
    {
        i++; // opening quote
        Span<byte> utf8 = stackalloc byte[4];
        while (text[i] != '"')
        {
            char c = text[i];
            if (c != '\\')
            {
                var rune = Rune.GetRuneAt(text, i);
                int n = rune.EncodeToUtf8(utf8);
                for (int k = 0; k < n; k++) into.Add(utf8[k]);
                i += rune.Utf16SequenceLength;
                continue;
            }
            char e = text[i + 1];
            switch (e)
            {
                case 'n': into.Add((byte)'\n'); i += 2; break;
                case 't': into.Add((byte)'\t'); i += 2; break;
                case 'r': into.Add((byte)'\r'); i += 2; break;
                case '"': into.Add((byte)'"'); i += 2; break;
                case '\'': into.Add((byte)'\''); i += 2; break;
                case '\\': into.Add((byte)'\\'); i += 2; break;
                case 'u':
                {
                    int close = text.IndexOf('}', i);
                    int code = Convert.ToInt32(text[(i + 3)..close].Replace("_", "", StringComparison.Ordinal), 16);
                    int n = new Rune(code).EncodeToUtf8(utf8);
                    for (int k = 0; k < n; k++) into.Add(utf8[k]);
                    i = close + 1;
                    break;
                }
                default:
                    into.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                    i += 3;
                    break;
            }
        }
        return i + 1;
    }

    private static bool At(string text, int i, string token) => string.CompareOrdinal(text, i, token, 0, token.Length) == 0;

    private static int SkipLine(string text, int i)
    {
        int end = text.IndexOf('\n', i);
        return end < 0 ? text.Length : end + 1;
    }

    private static int SkipBlockComment(string text, int i)
    {
        int depth = 0;
        while (i < text.Length)
        {
            if (At(text, i, "(;")) { depth++; i += 2; }
            else if (At(text, i, ";)")) { depth--; i += 2; if (depth == 0) return i; }
            else i++;
        }
        return i;
    }

    private static int SkipString(string text, int i)
    {
        i++;
        while (i < text.Length && text[i] != '"') i += text[i] == '\\' ? 2 : 1;
        return i + 1;
    }

    private static int LineOf(string text, int index)
    {
        int line = 1;
        for (int k = 0; k < index; k++) if (text[k] == '\n') line++;
        return line;
    }
}
