namespace TenantDb.ProcSandbox.Runtime.Wasi;

/// <summary>A readable channel: stdin or a named channel under <c>/channels</c>.</summary>
public interface IWasiReader
{
    /// <summary>
    /// Copies the next bytes into <paramref name="destination"/> and returns how many; 0 only at
    /// the end of the channel. May return fewer than asked. Throwing ends the program with a trap.
    /// </summary>
    int Read(Span<byte> destination);

    /// <summary>
    /// The program closed the channel (<c>fd_close</c>): no read follows, so whatever produces its
    /// bytes can stop now instead of when the program ends. Throwing ends the program with a trap.
    /// </summary>
    void Close()
    {
    }
}

/// <summary>A writable channel: stdout or stderr.</summary>
public interface IWasiWriter
{
    /// <summary>Takes all of <paramref name="bytes"/>. Throwing (a limit, say) ends the program with a trap.</summary>
    void Write(ReadOnlySpan<byte> bytes);
}

/// <summary>
/// What a WASI program may see of its host, in the spirit of a ZeroVM manifest: three standard
/// channels and named read channels it opens as files <c>/channels/NAME</c>. Nothing else exists
/// for it: no other file, no socket, no environment beyond <see cref="Environment"/>.
/// </summary>
public sealed class WasiChannels
{
    /// <summary>The directory the named channels appear in.</summary>
    public const string Directory = "/channels";

    public required IWasiReader Stdin { get; init; }

    public required IWasiWriter Stdout { get; init; }

    public required IWasiWriter Stderr { get; init; }

    /// <summary>Named read channels: each open of <c>/channels/NAME</c> calls the function for a fresh reader.</summary>
    public IReadOnlyDictionary<string, Func<IWasiReader>> Named { get; init; } = new Dictionary<string, Func<IWasiReader>>();

    /// <summary>Whether the standard channels are a terminal (C's stdio then buffers stdout by line).</summary>
    public bool Terminal { get; init; }
}

/// <summary>The rest of what a WASI program is started with: arguments, environment, clock and randomness.</summary>
public sealed class WasiStartup
{
    /// <summary>argv, the program name first.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = ["program"];

    /// <summary>Environment entries <c>NAME=value</c>; none by default.</summary>
    public IReadOnlyList<string> Environment { get; init; } = [];

    /// <summary>
    /// What the real-time clock reads during the whole run (nanoseconds since 1970-01-01 UTC):
    /// deterministic, like ZeroVM. The monotonic and CPU clocks start at 0 and advance with the
    /// fuel consumed (one nanosecond per unit) plus what the program slept through <c>poll_oneoff</c>.
    /// </summary>
    public ulong RealtimeNanoseconds { get; init; }

    /// <summary>
    /// The seed <c>random_get</c>'s bytes derive from (any length); the same seed gives the same
    /// bytes. Null: bytes come from the operating system's cryptographic generator instead.
    /// </summary>
    public byte[]? RandomSeed { get; init; } = [];
}
