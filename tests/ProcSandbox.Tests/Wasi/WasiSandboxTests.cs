using System.Text;
using TenantDb.ProcSandbox.Runtime;
using TenantDb.ProcSandbox.Runtime.Wasi;
using TenantDb.TestKit;

namespace TenantDb.ProcSandbox.Tests.Wasi;

/// <summary>
/// What a C program can see of the host: only its declared channels (read-only, not seekable),
/// no environment, a real-time clock fixed at the start, a monotonic clock moved by fuel and by
/// sleeping (without waiting), and random bytes fixed by the seed.
/// </summary>
public class WasiSandboxTests
{
    private static readonly Dictionary<string, byte[]> s_channels = new()
    {
        ["orders"] = Encoding.UTF8.GetBytes("order 1\norder 2\n"),
        ["customers"] = Encoding.UTF8.GetBytes("alice\n"),
    };

    [SkippableFact]
    public void The_program_sees_only_its_declared_channels()
    {
        var outcome = WasiRun.TenantDb(WasiPrograms.Test("sandbox"), [], channels: s_channels);
        string[] lines = outcome.StdoutText.Split('\n');
        Assert.Equal(0, outcome.ExitCode);
        Assert.StartsWith("open /channels/orders: read [order 1\norder 2\n]\n", outcome.StdoutText);
        // ".." never leaves the channel directory, even to come back: the C library and the host both refuse it.
        Assert.Contains("open /channels/../channels/orders: Capabilities insufficient", lines);
        Assert.Contains("open /channels/missing: No such file or directory", lines);
        Assert.Contains("open /etc/passwd: Capabilities insufficient", lines);
        Assert.Contains("open ../etc/passwd: Capabilities insufficient", lines);
        Assert.Contains("write /channels/orders: Read-only file system", lines);
        Assert.Contains("create /channels/new: Read-only file system", lines);
        Assert.Equal(["entry .", "entry ..", "entry customers", "entry orders"], lines.Where(l => l.StartsWith("entry ", StringComparison.Ordinal)));
        Assert.Contains("seek stdin: Invalid seek", lines);
        Assert.Contains("getenv HOME: (none)", lines);
        Assert.Contains("time: 1700000000", lines);
        Assert.Contains("monotonic advances: yes", lines);
        Assert.Contains("slept 5 s: yes", lines);
        Assert.Contains("read closed stdin: Bad file descriptor", lines);
    }

    [SkippableFact]
    public void Runs_are_deterministic_and_the_seed_chooses_the_random_bytes()
    {
        var wasm = WasiPrograms.Test("sandbox");
        var first = WasiRun.TenantDb(wasm, [], channels: s_channels, seed: [1, 2, 3]);
        var again = WasiRun.TenantDb(wasm, [], channels: s_channels, seed: [1, 2, 3]);
        var other = WasiRun.TenantDb(wasm, [], channels: s_channels, seed: [4]);
        Assert.Equal(first.StdoutText, again.StdoutText);
        string Random(WasiOutcome o) => o.StdoutText.Split('\n').Single(l => l.StartsWith("random:", StringComparison.Ordinal));
        Assert.NotEqual(Random(first), Random(other));
    }

    [SkippableFact]
    public void A_program_that_writes_forever_stops_at_its_fuel()
    {
        var wasm = WasiPrograms.Example("cat");
        var endless = new EndlessStream();
        var stdout = new MemoryStream();
        var process = new WasiProcess(
            new WasiChannels
            {
                Stdin = new WasiStreamReader(endless),
                Stdout = new WasiStreamWriter(stdout, limit: 1 << 20),
                Stderr = new WasiStreamWriter(Stream.Null),
            },
            new WasiStartup());
        var trap = Assert.Throws<WasmTrapException>(() =>
            WasiProgram.Run(WasiRun.Compile(wasm), process, new InstanceLimits { Fuel = 10_000_000 }));
        Assert.IsType<WasiOutputLimitException>(trap.InnerException);
        Assert.True(stdout.Length <= 1 << 20);
    }

    private sealed class EndlessStream : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => 0; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
        public override int Read(Span<byte> buffer)
        {
            buffer.Fill((byte)'y');
            return buffer.Length;
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
