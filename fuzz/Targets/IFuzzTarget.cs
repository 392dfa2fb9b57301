namespace TenantDb.Fuzz.Targets;

/// <summary>
/// One fuzz target: an entry function that feeds arbitrary bytes to a parser or a state machine.
/// The entry function returns normally for every outcome the code under test documents
/// (success or its typed errors); any other exception escaping it, a hang or a crash is a finding.
/// </summary>
internal interface IFuzzTarget
{
    /// <summary>Short name used on the command line and as the corpus directory name.</summary>
    string Name { get; }

    /// <summary>Runs one input.</summary>
    void Run(ReadOnlySpan<byte> input);
}
