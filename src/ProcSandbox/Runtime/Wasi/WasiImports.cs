using TenantDb.ProcSandbox.Module;

namespace TenantDb.ProcSandbox.Runtime.Wasi;

/// <summary>
/// Every function of WASI preview 1 with its signature. A module may import any of them; those
/// this host does not implement return ENOSYS (see <see cref="WasiLinker"/>).
/// </summary>
public static class WasiImports
{
    /// <summary>The import module name of WASI preview 1.</summary>
    public const string ModuleName = WasiLayout.ModuleName;

    private static readonly Dictionary<string, FuncType> s_signatures = Build();

    /// <summary>The functions this host implements; the others answer ENOSYS.</summary>
    internal static readonly HashSet<string> Implemented =
    [
        "args_get", "args_sizes_get", "environ_get", "environ_sizes_get", "clock_res_get", "clock_time_get",
        "fd_close", "fd_fdstat_get", "fd_fdstat_set_flags", "fd_filestat_get", "fd_prestat_get", "fd_prestat_dir_name",
        "fd_read", "fd_readdir", "fd_seek", "fd_tell", "fd_write", "path_open", "poll_oneoff", "proc_exit",
        "random_get", "sched_yield",
    ];

    /// <summary>The signature of preview-1 function <paramref name="name"/>, or null if there is none.</summary>
    public static FuncType? Find(string name) => s_signatures.GetValueOrDefault(name);

    /// <summary>All preview-1 functions, by name.</summary>
    internal static IReadOnlyDictionary<string, FuncType> All => s_signatures;

    private static Dictionary<string, FuncType> Build()
    {
        // Parameter lists: 'i' is i32, 'I' is i64. Every function returns an i32 errno except proc_exit.
        var list = new (string Name, string Parameters)[]
        {
            ("args_get", "ii"), ("args_sizes_get", "ii"), ("environ_get", "ii"), ("environ_sizes_get", "ii"),
            ("clock_res_get", "ii"), ("clock_time_get", "iIi"),
            ("fd_advise", "iIIi"), ("fd_allocate", "iII"), ("fd_close", "i"), ("fd_datasync", "i"),
            ("fd_fdstat_get", "ii"), ("fd_fdstat_set_flags", "ii"), ("fd_fdstat_set_rights", "iII"),
            ("fd_filestat_get", "ii"), ("fd_filestat_set_size", "iI"), ("fd_filestat_set_times", "iIIi"),
            ("fd_pread", "iiiIi"), ("fd_prestat_get", "ii"), ("fd_prestat_dir_name", "iii"), ("fd_pwrite", "iiiIi"),
            ("fd_read", "iiii"), ("fd_readdir", "iiiIi"), ("fd_renumber", "ii"), ("fd_seek", "iIii"),
            ("fd_sync", "i"), ("fd_tell", "ii"), ("fd_write", "iiii"),
            ("path_create_directory", "iii"), ("path_filestat_get", "iiiii"), ("path_filestat_set_times", "iiiiIIi"),
            ("path_link", "iiiiiii"), ("path_open", "iiiiiIIii"), ("path_readlink", "iiiiii"),
            ("path_remove_directory", "iii"), ("path_rename", "iiiiii"), ("path_symlink", "iiiii"),
            ("path_unlink_file", "iii"), ("poll_oneoff", "iiii"), ("proc_exit", "i"), ("proc_raise", "i"),
            ("sched_yield", ""), ("random_get", "ii"),
            ("sock_accept", "iii"), ("sock_recv", "iiiiii"), ("sock_send", "iiiii"), ("sock_shutdown", "ii"),
        };
        var signatures = new Dictionary<string, FuncType>(StringComparer.Ordinal);
        foreach (var (name, parameters) in list)
        {
            var types = parameters.Select(c => c == 'I' ? ValType.I64 : ValType.I32).ToArray();
            signatures[name] = new FuncType(types, name == "proc_exit" ? [] : [ValType.I32]);
        }
        return signatures;
    }
}
