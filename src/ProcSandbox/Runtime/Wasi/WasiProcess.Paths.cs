using System.Buffers.Binary;
using System.Text;

namespace TenantDb.ProcSandbox.Runtime.Wasi;

public sealed partial class WasiProcess
{
    private const int MaxPathBytes = 1024;
    private const byte FileTypeChannel = 4; // regular file: what `ls` would show; channels still cannot seek

    private static readonly byte[] s_directoryName = Encoding.UTF8.GetBytes(WasiChannels.Directory);

    public int FdPrestatGet(Span<byte> memory, int fd, uint pointer)
    {
        var descriptor = Descriptor(fd);
        if (descriptor is null || !descriptor.IsPreopen) return Errno(WasiErrno.BadDescriptor);
        var m = new GuestMemory(memory);
        if (!m.Contains(pointer, WasiLayout.PrestatSize)) return Errno(WasiErrno.Fault);
        m.TryWriteU32(pointer, 0); // tag 0: a directory (and its padding)
        m.TryWriteU32(pointer + 4, (uint)s_directoryName.Length);
        return 0;
    }

    public int FdPrestatDirName(Span<byte> memory, int fd, uint pointer, uint length)
    {
        var descriptor = Descriptor(fd);
        if (descriptor is null || !descriptor.IsPreopen) return Errno(WasiErrno.BadDescriptor);
        if (!new GuestMemory(memory).TrySlice(pointer, length, out var destination)) return Errno(WasiErrno.Fault);
        if (length < s_directoryName.Length) return Errno(WasiErrno.NameTooLong);
        s_directoryName.CopyTo(destination);
        return 0;
    }

    /// <summary>
    /// Opens a declared channel by name, relative to the channel directory, read-only. Nothing
    /// else can be opened: absolute paths and <c>..</c> are ENOTCAPABLE, other names ENOENT,
    /// creating or writing EROFS.
    /// </summary>
    public int PathOpen(Span<byte> memory, int dirFd, uint path, uint pathLength, int openFlags, ulong rights, uint fdPointer)
    {
        var directory = Descriptor(dirFd);
        if (directory is null) return Errno(WasiErrno.BadDescriptor);
        if (!directory.IsDirectory) return Errno(WasiErrno.NotDirectory);
        var m = new GuestMemory(memory);
        if (!m.TrySlice(path, pathLength, out var pathBytes) || !m.Contains(fdPointer, 4)) return Errno(WasiErrno.Fault);
        if (pathLength > MaxPathBytes) return Errno(WasiErrno.NameTooLong);
        if (!System.Text.Unicode.Utf8.IsValid(pathBytes)) return Errno(WasiErrno.NoEntry);
        string? name = ChannelName(Encoding.UTF8.GetString(pathBytes), out var refused);
        if (refused is { } errno) return Errno(errno);

        bool wantsWrite = (rights & WasiLayout.RightFdWrite) != 0;
        bool creates = (openFlags & (WasiLayout.OpenCreate | WasiLayout.OpenTruncate | WasiLayout.OpenExclusive)) != 0;
        WasiDescriptor opened;
        if (name is null)
        {
            if (creates || wantsWrite) return Errno(WasiErrno.IsDirectory);
            opened = WasiDescriptor.ForDirectory(preopen: false);
        }
        else
        {
            if (!_channels.Named.TryGetValue(name, out var open)) return Errno(creates ? WasiErrno.ReadOnlyFileSystem : WasiErrno.NoEntry);
            if (creates || wantsWrite) return Errno(WasiErrno.ReadOnlyFileSystem);
            if ((openFlags & WasiLayout.OpenDirectory) != 0) return Errno(WasiErrno.NotDirectory);
            if (FreeSlot() < 0) return Errno(WasiErrno.TooManyOpenFiles);
            opened = WasiDescriptor.ForReader(open(), FileTypeChannel);
        }
        int fd = FreeSlot();
        if (fd < 0) return Errno(WasiErrno.TooManyOpenFiles);
        if (fd == _descriptors.Count) _descriptors.Add(opened);
        else _descriptors[fd] = opened;
        m.TryWriteU32(fdPointer, (uint)fd);
        return 0;
    }

    /// <summary>The channel a relative path names, or null for the directory itself; a path leaving the directory is refused.</summary>
    private static string? ChannelName(string path, out WasiErrno? refused)
    {
        refused = null;
        if (path.StartsWith('/')) refused = WasiErrno.NotCapable;
        string? name = null;
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".") continue;
            if (part == "..") refused ??= WasiErrno.NotCapable;
            else if (name is null) name = part;
            else refused ??= WasiErrno.NoEntry; // channels are files: nothing lies below one
        }
        return name;
    }

    private int FreeSlot()
    {
        int slot = _descriptors.IndexOf(null);
        if (slot >= 0) return slot;
        return _descriptors.Count < MaxDescriptors ? _descriptors.Count : -1;
    }

    /// <summary>Lists the channel directory: ".", "..", then the channel names in ordinal order; the cookie is the entry index.</summary>
    public int FdReaddir(Span<byte> memory, int fd, uint buffer, uint length, ulong cookie, uint usedPointer)
    {
        var descriptor = Descriptor(fd);
        if (descriptor is null) return Errno(WasiErrno.BadDescriptor);
        if (!descriptor.IsDirectory) return Errno(WasiErrno.NotDirectory);
        var m = new GuestMemory(memory);
        if (!m.TrySlice(buffer, length, out var destination) || !m.Contains(usedPointer, 4)) return Errno(WasiErrno.Fault);

        Span<byte> header = stackalloc byte[(int)WasiLayout.DirentHeaderSize];
        int used = 0;
        for (ulong index = cookie; index < (ulong)_channelNames.Length + 2 && used < destination.Length; index++)
        {
            string name = index switch { 0 => ".", 1 => "..", _ => _channelNames[(int)index - 2] };
            byte[] nameBytes = Encoding.UTF8.GetBytes(name);
            header.Clear();
            BinaryPrimitives.WriteUInt64LittleEndian(header, index + 1); // d_next
            BinaryPrimitives.WriteUInt64LittleEndian(header[8..], index + 1); // d_ino
            BinaryPrimitives.WriteUInt32LittleEndian(header[16..], (uint)nameBytes.Length);
            header[20] = index < 2 ? WasiLayout.FileTypeDirectory : FileTypeChannel;
            // Entries are cut at the buffer's end; the C library sees bufused == buf_len and asks again.
            used += CopyCut(header, destination[used..]);
            used += CopyCut(nameBytes, destination[used..]);
        }
        m.TryWriteU32(usedPointer, (uint)used);
        return 0;
    }

    private static int CopyCut(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        int n = Math.Min(source.Length, destination.Length);
        source[..n].CopyTo(destination);
        return n;
    }
}
