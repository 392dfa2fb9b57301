using System.Text.Json;
using System.Text.Json.Serialization;

namespace TenantDb.Engine.Procedures.Wasi;

/// <summary>How a channel's rows become bytes (stdin, named channels) or bytes become rows (stdout).</summary>
public enum ChannelFormat
{
    /// <summary>Tab-separated lines, PostgreSQL COPY text style: <c>\N</c> is NULL; <c>\\</c>, <c>\t</c>, <c>\n</c>, <c>\r</c> escape.</summary>
    Tsv,

    /// <summary>RFC 4180 CSV, PostgreSQL style: an empty unquoted field is NULL, <c>""</c> the empty string.</summary>
    Csv,

    /// <summary>The bytes of the first column of each row, back to back (stdout: the whole output is one value).</summary>
    Raw,
}

/// <summary>A channel a WASI procedure reads: the rows of a query, its <c>$n</c> bound from the CALL's arguments.</summary>
/// <param name="Name">The file name under /channels (null for stdin).</param>
/// <param name="Query">The query.</param>
/// <param name="Format">How its rows are written.</param>
public sealed record WasiChannel(string? Name, string Query, ChannelFormat Format);

/// <summary>
/// The channels of a WASI procedure, declared with it like a ZeroVM manifest (docs/abi.md, "UNIX
/// channels"). Stored as JSON beside the procedure and re-validated whenever it is read back.
/// </summary>
/// <param name="Stdin">What stdin holds; null: stdin is empty.</param>
/// <param name="Stdout">How stdout becomes result rows.</param>
/// <param name="Channels">Named read channels, files /channels/NAME.</param>
/// <param name="Nondeterministic">True: real clocks and operating-system randomness instead of the call's fixed time and seeded bytes.</param>
public sealed record WasiManifest(WasiChannel? Stdin, ChannelFormat Stdout, IReadOnlyList<WasiChannel> Channels, bool Nondeterministic)
{
    /// <summary>Most named channels one procedure may declare.</summary>
    public const int MaxChannels = 16;

    /// <summary>Longest query text of one channel.</summary>
    public const int MaxQueryLength = 64 * 1024;

    /// <summary>A manifest with an empty stdin and tab-separated stdout.</summary>
    public static WasiManifest Default { get; } = new(null, ChannelFormat.Tsv, [], false);

    private static readonly JsonSerializerOptions s_json = new() { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Null when the manifest is acceptable for a procedure returning <paramref name="columns"/>, else what is wrong.</summary>
    public string? Problem(IReadOnlyList<ProcedureColumn> columns)
    {
        if (Channels is null) return "no channel list";
        if (Channels.Count > MaxChannels) return $"{Channels.Count} channels declared, the limit is {MaxChannels}";
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var channel in Channels)
        {
            if (channel is null || channel.Name is null || !ProcedureCommandParser.IsValidName(channel.Name)) return "a channel has an invalid name";
            if (!names.Add(channel.Name)) return $"channel \"{channel.Name}\" is declared twice";
            if (QueryProblem(channel) is { } problem) return problem;
        }
        if (Stdin is not null && QueryProblem(Stdin) is { } stdinProblem) return stdinProblem;
        if (!Enum.IsDefined(Stdout)) return "unknown stdout format";
        if (Stdout == ChannelFormat.Raw && (columns.Count != 1 || columns[0].Type is not (ProcedureType.Bytea or ProcedureType.Text)))
        {
            return "STDOUT FORMAT raw needs RETURNS TABLE with exactly one bytea or text column";
        }
        return null;
    }

    private static string? QueryProblem(WasiChannel channel)
    {
        if (string.IsNullOrWhiteSpace(channel.Query)) return "a channel has an empty query";
        if (channel.Query.Length > MaxQueryLength) return $"a channel query is longer than {MaxQueryLength} characters";
        return Enum.IsDefined(channel.Format) ? null : "unknown channel format";
    }

    public string ToJson() => JsonSerializer.Serialize(this, s_json);

    /// <summary>Reads a stored manifest back; null when it does not parse or fails <see cref="Problem"/>.</summary>
    public static WasiManifest? FromJson(string json, IReadOnlyList<ProcedureColumn> columns)
    {
        try
        {
            var manifest = JsonSerializer.Deserialize<WasiManifest>(json, s_json);
            return manifest is not null && manifest.Problem(columns) is null ? manifest : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
