using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TenantDb.TestKit;

namespace TenantDb.ProcSandbox.Tests.Wasi;

/// <summary>
/// Ordinary C programs built against wasi-libc give byte-identical stdout and the same exit status
/// in TenantDb's WASI host as in Wasmtime's.
/// </summary>
public class WasiDifferentialTests
{
    private static void AssertSame(byte[] wasm, byte[] stdin, params string[] args)
    {
        var expected = WasiRun.Wasmtime(wasm, stdin, args);
        var actual = WasiRun.TenantDb(wasm, stdin, args);
        Assert.Equal(expected.ExitCode, actual.ExitCode);
        Assert.Equal(expected.StdoutText, actual.StdoutText);
        Assert.Equal(expected.Stdout, actual.Stdout);
    }

    private static byte[] Text(string s) => Encoding.UTF8.GetBytes(s);

    [SkippableTheory]
    [InlineData("")]
    [InlineData("one line\n")]
    [InlineData("no newline at the end")]
    [InlineData("tabs\tand\r\nCRLF\0nul\n")]
    public void Cat_copies_stdin(string input) => AssertSame(WasiPrograms.Example("cat"), Text(input));

    [SkippableFact]
    public void Cat_copies_a_megabyte()
    {
        var input = new byte[1 << 20];
        new Random(7).NextBytes(input);
        AssertSame(WasiPrograms.Example("cat"), input);
    }

    [SkippableFact]
    public void Sort_sorts_lines() => AssertSame(WasiPrograms.Example("sort"), Text("pear\napple\nfig\n\nbanana\napple\n"));

    [SkippableFact]
    public void Wordfreq_counts_words()
    {
        string text = string.Join(" ", Enumerable.Range(0, 3000).Select(i => $"w{i % 97} The the, THE! x{i % 13}"));
        AssertSame(WasiPrograms.Example("wordfreq"), Text(text), "2");
    }

    [SkippableFact]
    public void Groupby_sums_csv_groups() =>
        AssertSame(WasiPrograms.Example("groupby"), Text("apples,1.5\npears,2\napples,3.25\nplums,-1\npears,0.5\n"));

    [SkippableFact]
    public void Groupby_fails_on_a_malformed_line() =>
        AssertSame(WasiPrograms.Example("groupby"), Text("apples,1.5\nthis line has no comma\n"));

    [SkippableFact]
    public void Greyscale_converts_a_ppm_image()
    {
        var image = new MemoryStream();
        image.Write(Text("P6\n17 9\n255\n"));
        var random = new Random(3);
        for (int i = 0; i < 17 * 9 * 3; i++) image.WriteByte((byte)random.Next(256));
        AssertSame(WasiPrograms.Example("greyscale"), image.ToArray());
        AssertSame(WasiPrograms.Example("greyscale"), image.ToArray(), "watermark");
    }

    [SkippableTheory]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("42")]
    [InlineData("125")]
    public void Exit_status_and_arguments_match(string status) =>
        AssertSame(WasiPrograms.Test("probe"), Text("four"), status, "two words", "ünïcödé", "");

    [Property(MaxTest = 25)]
    public Property Cat_is_identity_for_random_stdin() => Prop.ForAll(RandomBytes(), input =>
    {
        if (!ToolsPresent()) return true;
        var wasm = WasiPrograms.Example("cat");
        var actual = WasiRun.TenantDb(wasm, input);
        return actual.ExitCode == 0 && actual.Stdout.AsSpan().SequenceEqual(input)
            && WasiRun.Wasmtime(wasm, input).Stdout.AsSpan().SequenceEqual(actual.Stdout);
    });

    [Property(MaxTest = 25)]
    public Property Sort_matches_wasmtime_for_random_lines() => Prop.ForAll(RandomLines(), input =>
    {
        if (!ToolsPresent()) return true;
        var wasm = WasiPrograms.Example("sort");
        var expected = WasiRun.Wasmtime(wasm, input);
        var actual = WasiRun.TenantDb(wasm, input);
        return expected.ExitCode == actual.ExitCode && expected.Stdout.AsSpan().SequenceEqual(actual.Stdout);
    });

    /// <summary>Properties cannot skip; without the toolchain they hold vacuously (the facts above report the skip).</summary>
    private static bool ToolsPresent()
    {
        try
        {
            WasiPrograms.Example("cat");
            return true;
        }
        catch (SkipException)
        {
            return false;
        }
    }

    private static Arbitrary<byte[]> RandomBytes() =>
        Gen.Sized(size => Gen.Choose(0, 1 + size * 700).SelectMany(length => Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), length))).ToArbitrary();

    private static Arbitrary<byte[]> RandomLines() =>
        Gen.ListOf(Gen.Elements("", "a", "b", "ab", "ba", "zz", "Z", "\t", " x", "ä", "0", "10", "9"))
            .Select(parts => Text(string.Join("", parts.Select((p, i) => i % 3 == 2 ? "\n" : p))))
            .ToArbitrary();
}
