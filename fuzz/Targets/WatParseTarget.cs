using System.Text;
using TenantDb.ProcSandbox;
using TenantDb.ProcSandbox.Errors;
using TenantDb.ProcSandbox.Module;
using TenantDb.ProcSandbox.Text;
using TenantDb.ProcSandbox.Validation;

namespace TenantDb.Fuzz.Targets;

/// <summary>
/// WAT text parser (and, for text that parses, the decoder and validator behind it). Contract:
/// <see cref="WatParser.ParseModule"/> throws only <see cref="WatParseException"/> or, for a
/// <c>(module binary ...)</c> form, <see cref="WasmMalformedException"/>.
/// </summary>
internal sealed class WatParseTarget : IFuzzTarget
{
    public string Name => "wat-parse";

    public void Run(ReadOnlySpan<byte> input)
    {
        // Invalid UTF-8 becomes U+FFFD: the parser sees text, as it would from any caller.
        string text = Encoding.UTF8.GetString(input);
        WasmModule module;
        try
        {
            module = WatParser.ParseModule(text);
        }
        catch (Exception ex) when (ex is WatParseException or WasmMalformedException or WasmLimitException)
        {
            return;
        }
        try
        {
            WasmValidator.Validate(module);
        }
        catch (Exception ex) when (ex is WasmInvalidException or WasmLimitException)
        {
        }
    }
}
