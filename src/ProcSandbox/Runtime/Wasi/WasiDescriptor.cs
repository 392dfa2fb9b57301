namespace TenantDb.ProcSandbox.Runtime.Wasi;

/// <summary>An open file descriptor of a WASI program: a read channel, a write channel or the channel directory.</summary>
internal sealed class WasiDescriptor
{
    private WasiDescriptor(byte fileType, ulong rights, IWasiReader? reader, IWasiWriter? writer, bool preopen)
    {
        FileType = fileType;
        Rights = rights;
        Reader = reader;
        Writer = writer;
        IsPreopen = preopen;
    }

    public byte FileType { get; }

    public ulong Rights { get; }

    public IWasiReader? Reader { get; }

    public IWasiWriter? Writer { get; }

    /// <summary>The channel directory given to the program at start (fd 3), which wasi-libc resolves paths against.</summary>
    public bool IsPreopen { get; }

    public bool IsDirectory => FileType == WasiLayout.FileTypeDirectory;

    public ushort Flags { get; set; }

    public ulong InheritingRights => IsDirectory ? WasiLayout.ReadRights : 0;

    public static WasiDescriptor ForReader(IWasiReader reader, byte fileType) => new(fileType, WasiLayout.ReadRights, reader, null, false);

    public static WasiDescriptor ForWriter(IWasiWriter writer, byte fileType) => new(fileType, WasiLayout.WriteRights, null, writer, false);

    public static WasiDescriptor ForDirectory(bool preopen) => new(WasiLayout.FileTypeDirectory, WasiLayout.DirectoryRights, null, null, preopen);
}
