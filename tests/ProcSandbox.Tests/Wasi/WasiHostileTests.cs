using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TenantDb.ProcSandbox.Module;
using TenantDb.ProcSandbox.Runtime;
using TenantDb.ProcSandbox.Runtime.Wasi;
using TenantDb.ProcSandbox.Tests.Compiler;

namespace TenantDb.ProcSandbox.Tests.Wasi;

/// <summary>
/// Hand-written programs that call every WASI function with hostile arguments: pointers outside
/// memory or straddling its end, huge counts, closed descriptors. Each call answers an errno; none
/// traps or harms the host.
/// </summary>
public class WasiHostileTests
{
    private const int Fault = (int)WasiErrno.Fault;
    private const uint Bad = 0xFFFF_FFF0;
    private const uint Edge = 65_534; // memory is one page: 4-byte writes here straddle its end

    /// <summary>A module exporting, for each WASI function, a wrapper with the same signature; iovecs at 16 and 32 point outside memory.</summary>
    private static readonly Lazy<CompiledModule> s_module = new(() => Wasm.Compile(BuildWat()));

    private static string BuildWat()
    {
        var wat = new StringBuilder("(module\n");
        foreach (var (name, type) in WasiImports.All)
        {
            string parameters = string.Join(" ", type.Parameters.Select(p => p == ValType.I64 ? "i64" : "i32"));
            string result = type.Results.Length == 0 ? "" : "(result i32)";
            wat.Append($"  (import \"wasi_snapshot_preview1\" \"{name}\" (func ${name} (param {parameters}) {result}))\n");
        }
        wat.Append("  (memory (export \"memory\") 1)\n");
        wat.Append("  (data (i32.const 16) \"\\00\\ff\\ff\\ff\\64\\00\\00\\00\")\n"); // iovec {0xFFFFFF00, 100}
        wat.Append("  (data (i32.const 32) \"\\dc\\ff\\00\\00\\64\\00\\00\\00\")\n"); // iovec {65500, 100}
        wat.Append("  (data (i32.const 48) \"\\00\\01\\00\\00\\04\\00\\00\\00\")\n"); // iovec {256, 4}: valid
        wat.Append("  (func (export \"_start\"))\n");
        foreach (var (name, type) in WasiImports.All)
        {
            string parameters = string.Join(" ", type.Parameters.Select(p => p == ValType.I64 ? "i64" : "i32"));
            string result = type.Results.Length == 0 ? "" : "(result i32)";
            string gets = string.Join(" ", type.Parameters.Select((_, i) => $"(local.get {i})"));
            wat.Append($"  (func (export \"{name}\") (param {parameters}) {result} (call ${name} {gets}))\n");
        }
        return wat.Append(')').ToString();
    }

    private static (Instance Instance, MemoryStream Stdout) Start(byte[]? stdin = null)
    {
        var stdout = new MemoryStream();
        var process = new WasiProcess(
            new WasiChannels
            {
                Stdin = new WasiStreamReader(new MemoryStream(stdin ?? Encoding.UTF8.GetBytes("input"))),
                Stdout = new WasiStreamWriter(stdout),
                Stderr = new WasiStreamWriter(Stream.Null),
                Named = new Dictionary<string, Func<IWasiReader>> { ["orders"] = () => new WasiStreamReader(new MemoryStream([1, 2, 3])) },
            },
            new WasiStartup { Arguments = ["program", "argument"], Environment = ["A=b"] });
        return (Instance.Instantiate(s_module.Value, WasiLinker.Linker, new InstanceLimits { Fuel = 1_000_000 }, process), stdout);
    }

    private static int Call(Instance instance, string name, params long[] args)
    {
        var type = WasiImports.Find(name)!;
        var values = type.Parameters.Select((p, i) => p == ValType.I64 ? WasmValue.I64(args[i]) : WasmValue.I32((int)args[i])).ToArray();
        return instance.Invoke(name, values)[0].AsI32;
    }

    public static TheoryData<string, long[]> BadPointers => new()
    {
        { "args_sizes_get", [Bad, 0] }, { "args_sizes_get", [0, Edge] }, { "args_get", [Bad, 0] }, { "args_get", [0, Edge + 1] },
        { "environ_sizes_get", [0, Bad] }, { "environ_get", [Edge, 0] }, { "environ_get", [0, Bad] },
        { "clock_time_get", [0, 0, Bad] }, { "clock_time_get", [1, 0, Edge - 4] }, { "clock_res_get", [0, Bad] },
        { "fd_fdstat_get", [1, Bad] }, { "fd_fdstat_get", [1, 65_520] }, { "fd_filestat_get", [1, 65_500] },
        { "fd_prestat_get", [3, Bad] }, { "fd_prestat_get", [3, 65_530] }, { "fd_prestat_dir_name", [3, 65_530, 9] },
        { "fd_read", [0, Bad, 1, 0] }, { "fd_read", [0, 16, 1, 0] }, { "fd_read", [0, 32, 1, 0] }, { "fd_read", [0, 48, 1, Bad] },
        { "fd_write", [1, Bad, 1, 0] }, { "fd_write", [1, 16, 1, 0] }, { "fd_write", [1, 32, 1, 0] }, { "fd_write", [1, 48, 1, Edge] },
        { "fd_write", [1, 60_000, WasiProcess.MaxIovecs, 0] },
        { "fd_readdir", [3, Bad, 100, 0, 0] }, { "fd_readdir", [3, 0, 100, 0, Bad] },
        { "path_open", [3, 0, Bad, 6, 0, 0, 0, 0, 0] }, { "path_open", [3, 0, 65_533, 6, 0, 0, 0, 0, 0] },
        { "poll_oneoff", [Bad, 0, 1, 0] }, { "poll_oneoff", [0, Bad, 1, 0] }, { "poll_oneoff", [0, 0, 2000, 0] },
        { "random_get", [Bad, 10] }, { "random_get", [65_530, 10] }, { "random_get", [0, 0x7FFF_FFFF] },
    };

    [Theory]
    [MemberData(nameof(BadPointers))]
    public void Bad_pointers_are_efault_and_change_nothing(string function, long[] args)
    {
        var (instance, stdout) = Start();
        using (instance)
        {
            Assert.Equal(Fault, Call(instance, function, args));
            Assert.Equal(0, stdout.Length);
            // The program and its host go on working.
            Assert.Equal(0, Call(instance, "fd_write", 1, 48, 1, 64));
        }
    }

    [Fact]
    public void Huge_iovec_counts_are_einval()
    {
        var (instance, _) = Start();
        using (instance)
        {
            Assert.Equal((int)WasiErrno.Invalid, Call(instance, "fd_read", 0, 0, 0x7FFF_FFFF, 64));
            Assert.Equal((int)WasiErrno.Invalid, Call(instance, "fd_write", 1, 0, -1, 64));
            Assert.Equal((int)WasiErrno.Invalid, Call(instance, "fd_write", 1, 0, WasiProcess.MaxIovecs + 1, 64));
            Assert.Equal(0, Call(instance, "fd_write", 1, 1024, WasiProcess.MaxIovecs, 64)); // iovecs of length 0 from zeroed memory
        }
    }

    [Fact]
    public void Closed_and_wrong_way_descriptors_are_ebadf()
    {
        var (instance, _) = Start();
        using (instance)
        {
            Assert.Equal((int)WasiErrno.BadDescriptor, Call(instance, "fd_write", 0, 48, 1, 64));
            Assert.Equal((int)WasiErrno.BadDescriptor, Call(instance, "fd_read", 1, 48, 1, 64));
            Assert.Equal(0, Call(instance, "fd_close", 0));
            Assert.Equal((int)WasiErrno.BadDescriptor, Call(instance, "fd_read", 0, 48, 1, 64));
            Assert.Equal((int)WasiErrno.BadDescriptor, Call(instance, "fd_close", 0));
            Assert.Equal((int)WasiErrno.BadDescriptor, Call(instance, "fd_read", 99, 48, 1, 64));
            Assert.Equal((int)WasiErrno.BadDescriptor, Call(instance, "fd_read", -1, 48, 1, 64));
            Assert.Equal((int)WasiErrno.BadDescriptor, Call(instance, "fd_prestat_get", 4, 64));
        }
    }

    [Theory]
    [InlineData("..", WasiErrno.NotCapable)]
    [InlineData("../etc/passwd", WasiErrno.NotCapable)]
    [InlineData("/etc/passwd", WasiErrno.NotCapable)]
    [InlineData("orders/..", WasiErrno.NotCapable)]
    [InlineData("etc/passwd", WasiErrno.NoEntry)]
    [InlineData("Orders", WasiErrno.NoEntry)]
    [InlineData("orders/x", WasiErrno.NoEntry)]
    public void Path_open_reaches_only_declared_channels(string path, WasiErrno expected)
    {
        var (instance, _) = Start();
        using (instance)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(path);
            bytes.CopyTo(instance.Memory[1024..]);
            Assert.Equal((int)expected, Call(instance, "path_open", 3, 0, 1024, bytes.Length, 0, 2, 0, 0, 64));
            Encoding.UTF8.GetBytes("orders").CopyTo(instance.Memory[1024..]);
            Assert.Equal(0, Call(instance, "path_open", 3, 0, 1024, 6, 0, 2, 0, 0, 64));
            Assert.Equal((int)WasiErrno.NotDirectory, Call(instance, "path_open", 4, 0, 1024, 6, 0, 2, 0, 0, 64));
        }
    }

    [Fact]
    public void Opening_channels_is_bounded_by_the_descriptor_limit()
    {
        var (instance, _) = Start();
        using (instance)
        {
            Encoding.UTF8.GetBytes("orders").CopyTo(instance.Memory[1024..]);
            int opened = 0;
            while (Call(instance, "path_open", 3, 0, 1024, 6, 0, 2, 0, 0, 64) == 0) opened++;
            Assert.Equal(WasiProcess.MaxDescriptors - 4, opened);
            Assert.Equal((int)WasiErrno.TooManyOpenFiles, Call(instance, "path_open", 3, 0, 1024, 6, 0, 2, 0, 0, 64));
        }
    }

    [Theory]
    [InlineData("sock_accept")]
    [InlineData("path_unlink_file")]
    [InlineData("fd_pwrite")]
    [InlineData("proc_raise")]
    [InlineData("path_create_directory")]
    public void Unimplemented_functions_are_enosys(string function)
    {
        var (instance, _) = Start();
        using (instance)
        {
            Assert.Equal((int)WasiErrno.NoSystem, Call(instance, function, new long[9]));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(125)]
    [InlineData(126)]
    [InlineData(255)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void Proc_exit_ends_the_program_with_any_status(int status)
    {
        var (instance, _) = Start();
        using (instance)
        {
            var trap = Assert.Throws<WasmTrapException>(() => instance.Invoke("proc_exit", WasmValue.I32(status)));
            Assert.Equal((uint)status, Assert.IsType<WasiExit>(trap.InnerException).Status);
        }
    }

    [Fact]
    public void A_read_that_overwrites_its_own_iovec_array_uses_the_buffers_it_was_given()
    {
        // Two iovecs at 2048: the first is the array itself (16 bytes), the second {4096, 8}. The read fills the first
        // with bytes that, read as an iovec, would point outside memory; the second buffer is still the one given.
        var stdin = new byte[24];
        for (int i = 0; i < 16; i++) stdin[i] = 0xFF;
        for (int i = 16; i < 24; i++) stdin[i] = (byte)i;
        var (instance, _) = Start(stdin);
        using (instance)
        {
            var memory = instance.Memory;
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(memory[2048..], 2048);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(memory[2052..], 16);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(memory[2056..], 4096);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(memory[2060..], 8);
            Assert.Equal(0, Call(instance, "fd_read", 0, 2048, 2, 3000));
            Assert.Equal(24u, System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(instance.Memory[3000..]));
            Assert.Equal(stdin[16..], instance.Memory.Slice(4096, 8).ToArray());
        }
    }

    /// <summary>The fuzz property: any function, any arguments from a hostile mix, answers an errno and never traps.</summary>
    [Property(MaxTest = 1000)]
    public Property Any_call_answers_an_errno()
    {
        var names = WasiImports.All.Keys.Where(n => n != "proc_exit").Order(StringComparer.Ordinal).ToArray();
        var value = Gen.OneOf(
            Gen.Elements(0L, 1L, 2L, 3L, 4L, 16L, 32L, 48L, 64L, 65_532L, 65_535L, 65_536L, 0x7FFF_FFFFL, 0xFFFF_FFFFL, -1L, long.MinValue),
            Gen.Choose(0, 70_000).Select(i => (long)i));
        var call = Gen.Elements(names).SelectMany(name => Gen.ArrayOf(value, 9).Select(args => (name, args)));
        return Prop.ForAll(call.ToArbitrary(), c =>
        {
            var (instance, _) = Start();
            using (instance)
            {
                int errno = Call(instance, c.name, c.args);
                return errno is >= 0 and <= 76;
            }
        });
    }
}
