namespace TenantDb.ProcSandbox.Runtime.Wasi;

/// <summary>
/// Binds every WASI preview-1 import to the <see cref="WasiProcess"/> that is the calling
/// instance's state. Built once and shared; functions this host does not implement answer ENOSYS,
/// so a program that probes for them keeps running.
/// </summary>
public static class WasiLinker
{
    /// <summary>The shared linker for WASI programs (instantiate with a <see cref="WasiProcess"/> as state).</summary>
    public static Linker Linker { get; } = Build();

    private const int NoSystem = (int)WasiErrno.NoSystem;

    private static Linker Build()
    {
        var linker = new Linker();
        foreach (var (name, type) in WasiImports.All)
        {
            linker.DefineFunction(WasiImports.ModuleName, name, type, Bind(name));
        }
        return linker;
    }

    private static HostFunction Bind(string name) => name switch
    {
        "args_sizes_get" => static (c, a, r) => r[0] = WasmValue.I32(P(c).ArgsSizesGet(c.Memory, U(a[0]), U(a[1]))),
        "args_get" => static (c, a, r) => r[0] = WasmValue.I32(P(c).ArgsGet(c.Memory, U(a[0]), U(a[1]))),
        "environ_sizes_get" => static (c, a, r) => r[0] = WasmValue.I32(P(c).EnvironSizesGet(c.Memory, U(a[0]), U(a[1]))),
        "environ_get" => static (c, a, r) => r[0] = WasmValue.I32(P(c).EnvironGet(c.Memory, U(a[0]), U(a[1]))),
        "clock_res_get" => static (c, a, r) => r[0] = WasmValue.I32(P(c).ClockResGet(c.Memory, U(a[0]), U(a[1]))),
        "clock_time_get" => static (c, a, r) => r[0] = WasmValue.I32(P(c).ClockTimeGet(c.Memory, U(a[0]), U(a[2]), c.FuelConsumed)),
        "fd_close" => static (c, a, r) => r[0] = WasmValue.I32(P(c).FdClose(a[0].AsI32)),
        "fd_fdstat_get" => static (c, a, r) => r[0] = WasmValue.I32(P(c).FdFdstatGet(c.Memory, a[0].AsI32, U(a[1]))),
        "fd_fdstat_set_flags" => static (c, a, r) => r[0] = WasmValue.I32(P(c).FdFdstatSetFlags(a[0].AsI32, a[1].AsI32 & 0xFFFF)),
        "fd_filestat_get" => static (c, a, r) => r[0] = WasmValue.I32(P(c).FdFilestatGet(c.Memory, a[0].AsI32, U(a[1]))),
        "fd_prestat_get" => static (c, a, r) => r[0] = WasmValue.I32(P(c).FdPrestatGet(c.Memory, a[0].AsI32, U(a[1]))),
        "fd_prestat_dir_name" => static (c, a, r) => r[0] = WasmValue.I32(P(c).FdPrestatDirName(c.Memory, a[0].AsI32, U(a[1]), U(a[2]))),
        "fd_read" => static (c, a, r) => r[0] = WasmValue.I32(P(c).FdRead(c.Memory, a[0].AsI32, U(a[1]), U(a[2]), U(a[3]))),
        "fd_write" => static (c, a, r) => r[0] = WasmValue.I32(P(c).FdWrite(c.Memory, a[0].AsI32, U(a[1]), U(a[2]), U(a[3]))),
        "fd_readdir" => static (c, a, r) => r[0] = WasmValue.I32(P(c).FdReaddir(c.Memory, a[0].AsI32, U(a[1]), U(a[2]), (ulong)a[3].AsI64, U(a[4]))),
        "fd_seek" => static (c, a, r) => r[0] = WasmValue.I32(P(c).FdSeek(a[0].AsI32, a[2].AsI32 & 0xFF)),
        "fd_tell" => static (c, a, r) => r[0] = WasmValue.I32(P(c).FdTell(a[0].AsI32)),
        "path_open" => static (c, a, r) => r[0] = WasmValue.I32(P(c).PathOpen(c.Memory, a[0].AsI32, U(a[2]), U(a[3]), a[4].AsI32 & 0xFFFF, (ulong)a[5].AsI64, U(a[8]))),
        "poll_oneoff" => static (c, a, r) => r[0] = WasmValue.I32(P(c).PollOneoff(c.Memory, U(a[0]), U(a[1]), U(a[2]), U(a[3]), c.FuelConsumed)),
        "random_get" => static (c, a, r) => r[0] = WasmValue.I32(P(c).RandomGet(c.Memory, U(a[0]), U(a[1]))),
        "sched_yield" => static (c, a, r) => r[0] = WasmValue.I32(0),
        "proc_exit" => static (c, a, r) => throw new WasiExit(U(a[0])),
        _ => static (c, a, r) => r[0] = WasmValue.I32(NoSystem),
    };

    private static WasiProcess P(HostCall call) =>
        call.State as WasiProcess ?? throw HostCall.Trap("a WASI function was called outside a WASI program");

    private static uint U(WasmValue value) => (uint)value.AsI32;
}
