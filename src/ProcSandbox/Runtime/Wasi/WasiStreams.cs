namespace TenantDb.ProcSandbox.Runtime.Wasi;

/// <summary>A read channel over a .NET stream (a terminal's stdin, a file, a byte array).</summary>
public sealed class WasiStreamReader(Stream stream) : IWasiReader
{
    public int Read(Span<byte> destination) => stream.Read(destination);
}

/// <summary>A write channel over a .NET stream, optionally bounded: past <paramref name="limit"/> bytes a write throws and ends the program.</summary>
public sealed class WasiStreamWriter(Stream stream, long limit = long.MaxValue) : IWasiWriter
{
    /// <summary>Bytes written so far.</summary>
    public long Written { get; private set; }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > limit - Written) throw new WasiOutputLimitException(limit);
        stream.Write(bytes);
        Written += bytes.Length;
    }
}

/// <summary>A program wrote more than its write channel takes.</summary>
public sealed class WasiOutputLimitException(long limit) : Exception($"the program wrote more than {limit} bytes to one channel")
{
    public long Limit { get; } = limit;
}
