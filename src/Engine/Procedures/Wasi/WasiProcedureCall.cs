using System.Security.Cryptography;
using System.Text;
using TenantDb.Engine.Values;
using TenantDb.ProcSandbox.Runtime.Wasi;

namespace TenantDb.Engine.Procedures.Wasi;

/// <summary>
/// One call of a WASI procedure: the <see cref="WasiProcess"/> its program runs with, built from
/// the procedure's manifest and the CALL's arguments. stdin and named channels are query readers,
/// stdout parses into result rows, stderr goes to the log; argv is the procedure's name and the
/// arguments as text; clocks read the call's start and random bytes derive from the procedure's
/// hash and the arguments, unless the manifest says NONDETERMINISTIC.
/// </summary>
internal sealed class WasiProcedureCall
{
    private readonly StdoutRowWriter _stdout;
    private readonly StderrLogWriter _stderr;
    private readonly ProcedureCallContext _context;
    private readonly string _procedure;

    public WasiProcedureCall(
        ProcedureCallContext context, string procedure, byte[] sha256, WasiManifest manifest,
        IReadOnlyList<ProcedureColumn> parameters, IReadOnlyList<ProcedureColumn> columns, IReadOnlyList<SqlValue> arguments, DateTime start)
    {
        _context = context;
        _procedure = procedure;
        _stdout = new StdoutRowWriter(context, procedure, columns, manifest.Stdout);
        _stderr = new StderrLogWriter(context);
        var named = new Dictionary<string, Func<IWasiReader>>(StringComparer.Ordinal);
        foreach (var channel in manifest.Channels)
        {
            named[channel.Name!] = () => new QueryChannelReader(context, $"channel {channel.Name}", channel, arguments);
        }
        IWasiReader stdin = manifest.Stdin is { } s ? new QueryChannelReader(context, "stdin", s, arguments) : new WasiStreamReader(Stream.Null);
        var argv = new List<string> { procedure };
        argv.AddRange(arguments.Select((a, i) => ArgumentText(a, parameters[i].Type)));
        Process = new WasiProcess(
            new WasiChannels { Stdin = stdin, Stdout = _stdout, Stderr = _stderr, Named = named },
            new WasiStartup
            {
                Arguments = argv,
                RealtimeNanoseconds = manifest.Nondeterministic ? Nanoseconds(DateTime.UtcNow) : Nanoseconds(start),
                RandomSeed = manifest.Nondeterministic ? null : Seed(sha256, arguments),
            });
    }

    public WasiProcess Process { get; }

    /// <summary>
    /// After the program ended: logs stderr's last unfinished line, and with status 0 turns stdout's
    /// unfinished last line (or raw output) into rows; with another status sets the failure message.
    /// </summary>
    public void Finish(uint status)
    {
        _stderr.Flush();
        if (status == 0)
        {
            _stdout.Finish();
            return;
        }
        string detail = _stderr.LastLine.Length > 0 ? ": " + Encoding.UTF8.GetString(_stderr.LastLine) : "";
        byte[] message = Encoding.UTF8.GetBytes($"procedure {_procedure} exited with status {status}{detail}");
        _context.Fail(message, 0, message.Length);
    }

    /// <summary>An argument as the program's argv sees it: PostgreSQL's text form, NULL as the empty string.</summary>
    private static string ArgumentText(SqlValue value, ProcedureType type) => value.Type switch
    {
        SqlType.Null => "",
        SqlType.Integer when type == ProcedureType.Bool => value.AsInteger != 0 ? "t" : "f",
        SqlType.Integer => value.AsInteger.ToString(System.Globalization.CultureInfo.InvariantCulture),
        SqlType.Real => value.AsReal.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        SqlType.Text => value.AsText,
        _ => "\\x" + Convert.ToHexStringLower(value.AsBlob),
    };

    private static ulong Nanoseconds(DateTime time) => (ulong)Math.Max(0, (time - DateTime.UnixEpoch).Ticks) * 100;

    private static byte[] Seed(byte[] sha256, IReadOnlyList<SqlValue> arguments)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(sha256);
        hash.AppendData(AbiRow.Encode(arguments.ToArray()));
        return hash.GetHashAndReset();
    }
}
