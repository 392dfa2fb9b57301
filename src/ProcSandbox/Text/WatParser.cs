using System.Text;
using TenantDb.ProcSandbox.Binary;
using TenantDb.ProcSandbox.Errors;
using TenantDb.ProcSandbox.Module;
using TenantDb.ProcSandbox.Text;

namespace TenantDb.ProcSandbox.Text;

/// <summary>
/// Parses the WebAssembly text format (WAT). Text is encoded to the binary format first and then
/// decoded, so a text module and its binary form always give the same <see cref="WasmModule"/>.
/// Accepts <c>(module ...)</c>, a bare sequence of module fields, and the script forms
/// <c>(module binary "...")</c> and <c>(module quote "...")</c>.
/// </summary>
public static class WatParser
{
    /// <summary>Parses WAT text into a module binary.</summary>
    /// <exception cref="WatParseException">The text is not a well-formed module.</exception>
    public static byte[] ParseModuleBinary(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var items = SExprReader.ReadAll(text);
        if (items.Count == 1 && items[0].IsListOf("module")) return EncodeModule(items[0]);
        return WatModuleBuilder.Build(items);
    }

    /// <summary>Parses WAT text into a decoded (not yet validated) module.</summary>
    /// <exception cref="WatParseException">The text is not a well-formed module.</exception>
    /// <exception cref="WasmMalformedException">The text encodes a malformed binary (e.g. via <c>(module binary ...)</c>).</exception>
    public static WasmModule ParseModule(string text) => WasmDecoder.Decode(ParseModuleBinary(text));

    /// <summary>Encodes one <c>(module ...)</c> S-expression (text, binary or quote form).</summary>
    internal static byte[] EncodeModule(SExpr module)
    {
        var items = module.Items;
        int i = 1;
        if (i < items.Count && items[i].IsId) i++;
        if (i < items.Count && items[i].IsKeyword("binary")) return ConcatStrings(items, i + 1);
        if (i < items.Count && items[i].IsKeyword("quote"))
        {
            byte[] source = ConcatStrings(items, i + 1);
            string text;
            try
            {
                text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(source);
            }
            catch (DecoderFallbackException)
            {
                throw module.Error("malformed UTF-8 encoding in quoted module");
            }
            return ParseQuoted(text);
        }
        return WatModuleBuilder.Build(items.GetRange(i, items.Count - i));
    }

    /// <summary>A quoted module is the text of a module body (fields), or a whole (module ...) form.</summary>
    private static byte[] ParseQuoted(string text)
    {
        var items = SExprReader.ReadAll(text);
        if (items.Count == 1 && items[0].IsListOf("module")) return EncodeModule(items[0]);
        return WatModuleBuilder.Build(items);
    }

    private static byte[] ConcatStrings(List<SExpr> items, int start)
    {
        var bytes = new List<byte>();
        for (int i = start; i < items.Count; i++)
        {
            if (!items[i].IsString) throw items[i].Error($"unexpected token {items[i]}, expected a string");
            bytes.AddRange(items[i].Bytes!);
        }
        return [.. bytes];
    }
}
