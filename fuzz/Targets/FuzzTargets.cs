namespace TenantDb.Fuzz.Targets;

/// <summary>Every fuzz target by name (the names are the corpus and regression directory names).</summary>
internal static class FuzzTargets
{
    public static IReadOnlyList<IFuzzTarget> All { get; } =
    [
        new WasmDecodeTarget(),
        new WatParseTarget(),
        new WasmExecuteTarget(),
        new PgMessageTarget(),
        new PgSessionTarget(),
        new WasiManifestTarget(),
        new ChannelTextTarget(),
    ];

    public static IFuzzTarget? Find(string name)
    {
        foreach (var target in All)
        {
            if (string.Equals(target.Name, name, StringComparison.Ordinal)) return target;
        }
        return null;
    }
}
