using System.Buffers.Binary;

namespace TenantDb.ProcSandbox.Runtime.Wasi;

public sealed partial class WasiProcess
{
    public int FdRead(Span<byte> memory, int fd, uint iovecs, uint iovecCount, uint readPointer)
    {
        var descriptor = Descriptor(fd);
        if (descriptor is null) return Errno(WasiErrno.BadDescriptor);
        if (descriptor.IsDirectory) return Errno(WasiErrno.IsDirectory);
        if (descriptor.Reader is not { } reader) return Errno(WasiErrno.BadDescriptor);
        if (iovecCount > MaxIovecs) return Errno(WasiErrno.Invalid);
        var m = new GuestMemory(memory);
        Span<ulong> buffers = stackalloc ulong[(int)iovecCount];
        if (ReadIovecs(memory, iovecs, buffers, readPointer) is { } problem) return problem;

        ulong total = 0;
        foreach (ulong entry in buffers)
        {
            var buffer = Buffer(memory, entry);
            if (buffer.IsEmpty) continue;
            int n = reader.Read(buffer);
            if ((uint)n > (uint)buffer.Length) throw new InvalidOperationException($"a channel reported reading {n} bytes into a buffer of {buffer.Length}");
            total += (uint)n;
            // Stop at a short read: the channel has nothing more right now (or is at its end).
            if (n < buffer.Length) break;
        }
        m.TryWriteU32(readPointer, (uint)Math.Min(total, uint.MaxValue));
        return 0;
    }

    public int FdWrite(Span<byte> memory, int fd, uint iovecs, uint iovecCount, uint writtenPointer)
    {
        var descriptor = Descriptor(fd);
        if (descriptor is null) return Errno(WasiErrno.BadDescriptor);
        if (descriptor.IsDirectory) return Errno(WasiErrno.IsDirectory);
        if (descriptor.Writer is not { } writer) return Errno(WasiErrno.BadDescriptor);
        if (iovecCount > MaxIovecs) return Errno(WasiErrno.Invalid);
        var m = new GuestMemory(memory);
        Span<ulong> buffers = stackalloc ulong[(int)iovecCount];
        if (ReadIovecs(memory, iovecs, buffers, writtenPointer) is { } problem) return problem;

        ulong total = 0;
        foreach (ulong entry in buffers)
        {
            var buffer = Buffer(memory, entry);
            writer.Write(buffer);
            total += (uint)buffer.Length;
        }
        m.TryWriteU32(writtenPointer, (uint)Math.Min(total, uint.MaxValue));
        return 0;
    }

    /// <summary>
    /// Copies the iovec array into <paramref name="buffers"/> (pointer, then length in the high half) and checks
    /// every buffer it names and the count pointer before any byte moves, so a bad pointer anywhere is EFAULT with
    /// no partial effect. The copy is what the call uses: a read into a buffer that overlaps the array itself
    /// cannot change the buffers that follow.
    /// </summary>
    private static int? ReadIovecs(Span<byte> memory, uint iovecs, Span<ulong> buffers, uint countPointer)
    {
        var m = new GuestMemory(memory);
        if (!m.Contains(iovecs, (ulong)buffers.Length * WasiLayout.IovecSize) || !m.Contains(countPointer, 4)) return Errno(WasiErrno.Fault);
        for (int i = 0; i < buffers.Length; i++)
        {
            m.TryReadU32(iovecs + (uint)i * WasiLayout.IovecSize, out uint pointer);
            m.TryReadU32(iovecs + (uint)i * WasiLayout.IovecSize + 4, out uint length);
            if (!m.Contains(pointer, length)) return Errno(WasiErrno.Fault);
            buffers[i] = pointer | (ulong)length << 32;
        }
        return null;
    }

    /// <summary>The guest buffer an entry <see cref="ReadIovecs"/> checked names.</summary>
    private static Span<byte> Buffer(Span<byte> memory, ulong entry) => memory.Slice((int)(uint)entry, (int)(entry >> 32));

    public int FdClose(int fd)
    {
        var descriptor = Descriptor(fd);
        if (descriptor is null) return Errno(WasiErrno.BadDescriptor);
        _descriptors[fd] = null;
        // Each descriptor has its own reader (a named channel's every open makes a fresh one), so
        // closing the descriptor closes the channel.
        descriptor.Reader?.Close();
        return 0;
    }

    /// <summary>Channels are streams: a seek is ESPIPE (the C library's <c>fseek</c> reports "Illegal seek").</summary>
    public int FdSeek(int fd, int whence)
    {
        var descriptor = Descriptor(fd);
        if (descriptor is null || descriptor.IsDirectory) return Errno(WasiErrno.BadDescriptor);
        if ((uint)whence > 2) return Errno(WasiErrno.Invalid);
        return Errno(WasiErrno.SeekOnPipe);
    }

    public int FdTell(int fd)
    {
        var descriptor = Descriptor(fd);
        if (descriptor is null || descriptor.IsDirectory) return Errno(WasiErrno.BadDescriptor);
        return Errno(WasiErrno.SeekOnPipe);
    }

    public int FdFdstatGet(Span<byte> memory, int fd, uint pointer)
    {
        var descriptor = Descriptor(fd);
        if (descriptor is null) return Errno(WasiErrno.BadDescriptor);
        if (!new GuestMemory(memory).TrySlice(pointer, WasiLayout.FdstatSize, out var stat)) return Errno(WasiErrno.Fault);
        stat.Clear();
        stat[0] = descriptor.FileType;
        BinaryPrimitives.WriteUInt16LittleEndian(stat[2..], descriptor.Flags);
        BinaryPrimitives.WriteUInt64LittleEndian(stat[8..], descriptor.Rights);
        BinaryPrimitives.WriteUInt64LittleEndian(stat[16..], descriptor.InheritingRights);
        return 0;
    }

    public int FdFdstatSetFlags(int fd, int flags)
    {
        var descriptor = Descriptor(fd);
        if (descriptor is null) return Errno(WasiErrno.BadDescriptor);
        // Appending is what a write channel does anyway, and no channel ever blocks the program.
        const int accepted = WasiLayout.FdFlagAppend | WasiLayout.FdFlagNonBlock;
        if ((flags & ~accepted) != 0) return Errno(WasiErrno.NotSupported);
        if ((flags & WasiLayout.FdFlagAppend) != 0 && descriptor.Writer is null) return Errno(WasiErrno.NotSupported);
        descriptor.Flags = (ushort)flags;
        return 0;
    }

    public int FdFilestatGet(Span<byte> memory, int fd, uint pointer)
    {
        var descriptor = Descriptor(fd);
        if (descriptor is null) return Errno(WasiErrno.BadDescriptor);
        if (!new GuestMemory(memory).TrySlice(pointer, WasiLayout.FilestatSize, out var stat)) return Errno(WasiErrno.Fault);
        stat.Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(stat[8..], (ulong)fd + 1); // ino
        stat[16] = descriptor.FileType;
        BinaryPrimitives.WriteUInt64LittleEndian(stat[24..], 1); // nlink
        // size stays 0: a channel's length is not known before it ends.
        BinaryPrimitives.WriteUInt64LittleEndian(stat[40..], _startup.RealtimeNanoseconds);
        BinaryPrimitives.WriteUInt64LittleEndian(stat[48..], _startup.RealtimeNanoseconds);
        BinaryPrimitives.WriteUInt64LittleEndian(stat[56..], _startup.RealtimeNanoseconds);
        return 0;
    }
}
