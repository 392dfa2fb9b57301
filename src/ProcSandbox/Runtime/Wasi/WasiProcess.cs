using System.Text;

namespace TenantDb.ProcSandbox.Runtime.Wasi;

/// <summary>
/// SAFETY-CRITICAL. The host side of one run of a WASI preview-1 program: its descriptors,
/// arguments, clocks and randomness. It is the state object of the program's instance, and every
/// WASI function is a method here taking the program's memory, so each pointer and length is
/// checked (through <see cref="GuestMemory"/>) against the memory the program actually has.
/// Failures are errno values, never exceptions; only <c>proc_exit</c> and a channel's own
/// exception (a limit) end the program.
/// </summary>
public sealed partial class WasiProcess
{
    /// <summary>Most descriptors open at once; <c>path_open</c> answers EMFILE beyond.</summary>
    public const int MaxDescriptors = 64;

    /// <summary>Most iovecs one <c>fd_read</c>/<c>fd_write</c> takes (POSIX's IOV_MAX); EINVAL beyond.</summary>
    public const int MaxIovecs = 1024;

    private const int PreopenDescriptor = 3;

    private readonly WasiChannels _channels;
    private readonly WasiStartup _startup;
    private readonly List<WasiDescriptor?> _descriptors = [];
    private readonly byte[] _arguments;
    private readonly byte[] _environment;
    private readonly int _argumentCount;
    private readonly int _environmentCount;
    private readonly DeterministicRandom? _random;
    private readonly string[] _channelNames;

    public WasiProcess(WasiChannels channels, WasiStartup startup)
    {
        ArgumentNullException.ThrowIfNull(channels);
        ArgumentNullException.ThrowIfNull(startup);
        _channels = channels;
        _startup = startup;
        byte stdioType = channels.Terminal ? WasiLayout.FileTypeCharacterDevice : WasiLayout.FileTypeUnknown;
        _descriptors.Add(WasiDescriptor.ForReader(channels.Stdin, stdioType));
        _descriptors.Add(WasiDescriptor.ForWriter(channels.Stdout, stdioType));
        _descriptors.Add(WasiDescriptor.ForWriter(channels.Stderr, stdioType));
        _descriptors.Add(WasiDescriptor.ForDirectory(preopen: true));
        _arguments = NulTerminated(startup.Arguments);
        _argumentCount = startup.Arguments.Count;
        _environment = NulTerminated(startup.Environment);
        _environmentCount = startup.Environment.Count;
        _random = startup.RandomSeed is { } seed ? new DeterministicRandom(seed) : null;
        _channelNames = [.. channels.Named.Keys.Order(StringComparer.Ordinal)];
    }

    public int ArgsSizesGet(Span<byte> memory, uint countPointer, uint sizePointer) =>
        SizesGet(memory, _argumentCount, _arguments, countPointer, sizePointer);

    public int ArgsGet(Span<byte> memory, uint pointers, uint buffer) =>
        StringsGet(memory, _argumentCount, _arguments, pointers, buffer);

    public int EnvironSizesGet(Span<byte> memory, uint countPointer, uint sizePointer) =>
        SizesGet(memory, _environmentCount, _environment, countPointer, sizePointer);

    public int EnvironGet(Span<byte> memory, uint pointers, uint buffer) =>
        StringsGet(memory, _environmentCount, _environment, pointers, buffer);

    private static int SizesGet(Span<byte> memory, int count, byte[] strings, uint countPointer, uint sizePointer)
    {
        var m = new GuestMemory(memory);
        if (!m.Contains(countPointer, 4) || !m.Contains(sizePointer, 4)) return Errno(WasiErrno.Fault);
        m.TryWriteU32(countPointer, (uint)count);
        m.TryWriteU32(sizePointer, (uint)strings.Length);
        return 0;
    }

    /// <summary>Writes the strings (NUL-terminated, back to back) at <paramref name="buffer"/> and a pointer to each at <paramref name="pointers"/>.</summary>
    private static int StringsGet(Span<byte> memory, int count, byte[] strings, uint pointers, uint buffer)
    {
        var m = new GuestMemory(memory);
        if (!m.Contains(pointers, 4UL * (uint)count) || !m.TrySlice(buffer, (uint)strings.Length, out var destination)) return Errno(WasiErrno.Fault);
        strings.CopyTo(destination);
        uint offset = 0;
        for (int i = 0; i < count; i++)
        {
            m.TryWriteU32(pointers + 4 * (uint)i, buffer + offset);
            offset += (uint)strings.AsSpan((int)offset).IndexOf((byte)0) + 1;
        }
        return 0;
    }

    private static byte[] NulTerminated(IReadOnlyList<string> strings)
    {
        var bytes = new List<byte>();
        foreach (var s in strings)
        {
            // A NUL inside a string would split it in C; drop the rest so counts and pointers agree.
            int nul = s.IndexOf('\0');
            bytes.AddRange(Encoding.UTF8.GetBytes(nul < 0 ? s : s[..nul]));
            bytes.Add(0);
        }
        return [.. bytes];
    }

    private static int Errno(WasiErrno errno) => (int)errno;

    private WasiDescriptor? Descriptor(int fd) =>
        (uint)fd < (uint)_descriptors.Count ? _descriptors[fd] : null;
}
