namespace TenantDb.ProcSandbox.Runtime.Wasi;

/// <summary>Constants and structure layouts of WASI preview 1 (wasm32: pointers and sizes are 32-bit).</summary>
internal static class WasiLayout
{
    public const string ModuleName = "wasi_snapshot_preview1";

    // filetype
    public const byte FileTypeUnknown = 0;
    public const byte FileTypeCharacterDevice = 2;
    public const byte FileTypeDirectory = 3;

    // rights
    public const ulong RightFdRead = 1UL << 1;
    public const ulong RightFdSeek = 1UL << 2;
    public const ulong RightFdFdstatSetFlags = 1UL << 3;
    public const ulong RightFdTell = 1UL << 5;
    public const ulong RightFdWrite = 1UL << 6;
    public const ulong RightPathOpen = 1UL << 13;
    public const ulong RightFdReaddir = 1UL << 14;
    public const ulong RightPathFilestatGet = 1UL << 18;
    public const ulong RightFdFilestatGet = 1UL << 21;
    public const ulong RightPollFdReadwrite = 1UL << 27;

    public const ulong ReadRights = RightFdRead | RightFdFdstatSetFlags | RightFdFilestatGet | RightPollFdReadwrite;
    public const ulong WriteRights = RightFdWrite | RightFdFdstatSetFlags | RightFdFilestatGet | RightPollFdReadwrite;
    public const ulong DirectoryRights = RightPathOpen | RightFdReaddir | RightPathFilestatGet | RightFdFilestatGet;

    // oflags
    public const ushort OpenCreate = 1 << 0;
    public const ushort OpenDirectory = 1 << 1;
    public const ushort OpenExclusive = 1 << 2;
    public const ushort OpenTruncate = 1 << 3;

    // fdflags
    public const ushort FdFlagAppend = 1 << 0;
    public const ushort FdFlagNonBlock = 1 << 2;

    // clock ids
    public const uint ClockRealtime = 0;
    public const uint ClockMonotonic = 1;
    public const uint ClockProcessCpu = 2;
    public const uint ClockThreadCpu = 3;

    // structure sizes
    public const uint IovecSize = 8;
    public const uint FdstatSize = 24;
    public const uint FilestatSize = 64;
    public const uint PrestatSize = 8;
    public const uint DirentHeaderSize = 24;
    public const uint SubscriptionSize = 48;
    public const uint EventSize = 32;

    // subscription / event tags
    public const byte EventClock = 0;
}
