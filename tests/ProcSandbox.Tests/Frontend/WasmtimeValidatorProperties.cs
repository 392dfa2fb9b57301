using FsCheck;
using FsCheck.Xunit;

namespace TenantDb.ProcSandbox.Tests.Frontend;

/// <summary>
/// Differential property against Wasmtime's validator (wasmparser), configured without the
/// proposals TenantDb does not support: any mutated module we accept, Wasmtime must accept too.
/// That is the direction that matters for safety (accepting an invalid module would hand the
/// compiler something it may mis-compile). The other direction differs by design: the 2019 spec
/// we follow rejects some modules newer specs accept (over-long LEB128 limits, br_table targets
/// of different types in unreachable code).
/// </summary>
public class WasmtimeValidatorProperties
{
    private static readonly Lazy<Wasmtime.Engine> s_engine = new(() => new Wasmtime.Engine(new Wasmtime.Config()
        .WithReferenceTypes(false).WithBulkMemory(false).WithMultiValue(false).WithSIMD(false)
        .WithRelaxedSIMD(false, false).WithMultiMemory(false).WithMemory64(false).WithTailCalls(false)
        .WithFunctionReferences(false).WithGc(false).WithWasmThreads(false).WithExceptions(false)
        .WithWideArithmetic(false)));

    /// <summary>Null when both agree (or the difference is a documented one), else a description.</summary>
    internal static string? Disagreement(byte[] bytes)
    {
        if (!Wasm.TryModule(bytes, out var module)) return null;
        string? theirs = Wasmtime.Module.Validate(s_engine.Value, bytes);
        if (theirs is null) return null;
        // We accept the data count section (bulk memory) without the rest of that proposal.
        if (module.DataCount is not null) return null;
        // Wasmtime's own implementation limits (e.g. table sizes) are not validity rules.
        if (theirs.Contains("limit", StringComparison.OrdinalIgnoreCase) || theirs.Contains("too large", StringComparison.OrdinalIgnoreCase)) return null;
        return $"we accept, Wasmtime rejects ({theirs.Split('\n')[0]}): {Convert.ToHexString(bytes)}";
    }

    [Property(MaxTest = 2000)]
    public void Mutated_modules_we_accept_are_accepted_by_wasmtime(NonNegativeInt which, NonNegativeInt position, byte value, NonNegativeInt kind, NonNegativeInt count)
    {
        var corpus = DecoderFuzzProperties.Corpus;
        byte[] mutated = DecoderFuzzProperties.Mutate(corpus[which.Get % corpus.Length], position.Get, value, kind.Get % 6, 1 + (count.Get % 4));
        Assert.Null(Disagreement(mutated));
    }

    [SkippableFact]
    public void Corpus_is_accepted_by_wasmtime()
    {
        // Most of the corpus comes from the spec scripts converted by wast2json.
        TenantDb.TestKit.ExternalTool.Wast2Json.Require();
        foreach (byte[] bytes in DecoderFuzzProperties.Corpus) Assert.Null(Disagreement(bytes));
        Assert.True(DecoderFuzzProperties.Corpus.Length > 100, $"corpus has {DecoderFuzzProperties.Corpus.Length} modules");
    }
}
