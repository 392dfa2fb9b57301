// SAFETY-CRITICAL: creates and deletes whole directory trees. It deletes only directories it created
// itself (its own path, kept in memory) or, when sweeping, directories with its own name pattern whose
// lock no live process holds.
using System.Collections.Concurrent;

namespace TenantDb.Engine.Tenants;

/// <summary>
/// The directory where an engine opened with <see cref="TenantDbEngine.OpenInMemory"/> keeps its
/// databases: real files, so that tenants run in WAL mode exactly as on disk (readers never wait for a
/// writer), but private to the engine and deleted with it. It is on RAM-backed /dev/shm when that is a
/// writable tmpfs with room, else in the temp directory; mode 0700, a unique name, and a lock file held
/// while the engine lives, so that a later engine can recognise and remove the directory of a process
/// that died without cleaning up.
/// </summary>
internal sealed class PrivateStorageDirectory : IDisposable
{
    internal const string NamePrefix = "tenantdb-engine-";
    internal const string LockFileName = ".owner-lock";

    /// <summary>/dev/shm is used only with at least this much free: tests write databases of hundreds of MB.</summary>
    private const long MinimumRamFreeBytes = 2L << 30;

    // Directories of engines not disposed yet: removed at process exit if their engines never are.
    private static readonly ConcurrentDictionary<PrivateStorageDirectory, byte> Live = new();
    private static int s_swept;

    private readonly FileStream _ownerLock;
    private int _deleted;

    static PrivateStorageDirectory()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (PrivateStorageDirectory directory in Live.Keys) directory.Dispose();
        };
    }

    private PrivateStorageDirectory(string path, FileStream ownerLock)
    {
        Path = path;
        _ownerLock = ownerLock;
    }

    /// <summary>The directory's full path.</summary>
    public string Path { get; }

    /// <summary>Creates a fresh directory (and, once per process, removes those left by dead processes).</summary>
    public static PrivateStorageDirectory Create()
    {
        string root = ChooseRoot();
        if (Interlocked.Exchange(ref s_swept, 1) == 0) SweepAbandoned(root);
        string path = System.IO.Path.Combine(root, NamePrefix + Guid.NewGuid().ToString("N"));
        var info = OperatingSystem.IsWindows()
            ? Directory.CreateDirectory(path)
            : Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        // Directory.CreateDirectory succeeds on an existing path: refuse anything but a fresh, real directory.
        if (info.LinkTarget is not null || info.EnumerateFileSystemInfos().Any())
        {
            throw new IOException($"the engine's private directory \"{path}\" already existed");
        }

        FileStream? ownerLock = null;
        try
        {
            // FileShare.None takes an advisory lock on Unix, held until the stream is closed (or the process dies).
            ownerLock = new FileStream(System.IO.Path.Combine(path, LockFileName), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
            var directory = new PrivateStorageDirectory(path, ownerLock);
            Live[directory] = 0;
            return directory;
        }
        catch
        {
            ownerLock?.Dispose();
            Directory.Delete(path, recursive: true);
            throw;
        }
    }

    /// <summary>Deletes the directory and everything in it; idempotent.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _deleted, 1) != 0) return;
        Live.TryRemove(this, out _);
        _ownerLock.Dispose();
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }

    private static string ChooseRoot()
    {
        const string ram = "/dev/shm";
        if (!OperatingSystem.IsWindows() && Directory.Exists(ram))
        {
            try
            {
                var drive = new DriveInfo(ram);
                if (drive.AvailableFreeSpace >= MinimumRamFreeBytes && (File.GetUnixFileMode(ram) & UnixFileMode.OtherWrite) != 0) return ram;
            }
            catch (IOException)
            {
                // Not measurable here (an unusual mount): the temp directory is always a correct choice.
            }
            catch (UnauthorizedAccessException)
            {
                // As above.
            }
        }

        return System.IO.Path.GetTempPath();
    }

    // A directory of ours whose lock file can be locked belongs to no live engine: its process ended
    // without disposing it (killed, crashed). One being created right now has no lock file yet and is
    // left alone.
    internal static void SweepAbandoned(string root)
    {
        IEnumerable<string> candidates;
        try
        {
            candidates = Directory.EnumerateDirectories(root, NamePrefix + "*").ToList();
        }
        catch (IOException)
        {
            return; // An unreadable root: nothing can be swept, and nothing needs to be for this engine.
        }
        catch (UnauthorizedAccessException)
        {
            return; // As above.
        }

        foreach (string candidate in candidates)
        {
            string lockFile = System.IO.Path.Combine(candidate, LockFileName);
            try
            {
                if (!File.Exists(lockFile) || new DirectoryInfo(candidate).LinkTarget is not null) continue;
                using (new FileStream(lockFile, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
                {
                    Directory.Delete(candidate, recursive: true);
                }
            }
            catch (IOException)
            {
                // Locked by a live engine, or removed by another sweeper meanwhile: not ours to delete.
            }
            catch (UnauthorizedAccessException)
            {
                // Another user's directory.
            }
        }
    }
}
