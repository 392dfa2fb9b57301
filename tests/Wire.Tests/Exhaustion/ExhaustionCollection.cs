namespace TenantDb.Wire.Tests.Exhaustion;

/// <summary>
/// The attack tests run one after another: each one loads the machine on purpose, and two at once
/// would make their "still served within 10 s" bounds and process-wide measurements meaningless.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ExhaustionCollection
{
    public const string Name = "Exhaustion";
}
