using TenantDb.ProcSandbox;
using TenantDb.ProcSandbox.Binary;
using TenantDb.ProcSandbox.Errors;
using TenantDb.ProcSandbox.Module;
using TenantDb.ProcSandbox.Validation;

namespace TenantDb.Fuzz.Targets;

/// <summary>
/// Binary decoder and validator. Contract: <see cref="WasmDecoder.Decode"/> throws only
/// <see cref="WasmMalformedException"/>; <see cref="WasmValidator.Validate"/> only <see cref="WasmInvalidException"/>.
/// </summary>
internal sealed class WasmDecodeTarget : IFuzzTarget
{
    public string Name => "wasm-decode";

    public void Run(ReadOnlySpan<byte> input)
    {
        WasmModule module;
        try
        {
            module = WasmDecoder.Decode(input);
        }
        catch (Exception ex) when (ex is WasmMalformedException or WasmLimitException)
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
