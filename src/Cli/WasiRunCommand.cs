using System.Security.Cryptography;
using System.Text;
using TenantDb.ProcSandbox;
using TenantDb.ProcSandbox.Compiler.Verification;
using TenantDb.ProcSandbox.Errors;
using TenantDb.ProcSandbox.Module;
using TenantDb.ProcSandbox.Runtime;
using TenantDb.ProcSandbox.Runtime.Wasi;

namespace TenantDb.Cli;

/// <summary>
/// `tenantdb wasm run PROGRAM.wasm [ARGS...]` for a WASI command module: runs it with the
/// terminal's stdin, stdout and stderr, the way a procedure runs with its channels, and exits with
/// the program's exit status — so a C program can be tried with a pipe before it is uploaded.
/// </summary>
internal static class WasiRunCommand
{
    /// <summary>Exit code when the program trapped or exceeded a limit (what a shell shows for an aborted process).</summary>
    public const int TrapExit = 134;

    /// <summary>
    /// Runs <paramref name="module"/> with the given streams and returns its exit status (clamped to
    /// 0-255 like a process's), <see cref="WasmCommand.ErrorExit"/> when it cannot start, or <see cref="TrapExit"/>.
    /// </summary>
    public static int Run(string name, byte[] wasm, WasmModule module, string[] args, InstanceLimits limits,
        Stream stdin, Stream stdout, Stream stderr, bool terminal, TextWriter error)
    {
        if (WasiProgram.Check(module) is { } problem)
        {
            error.WriteLine($"{name}: not a WASI command module: {problem}");
            return WasmCommand.ErrorExit;
        }
        var process = new WasiProcess(
            new WasiChannels
            {
                Stdin = new WasiStreamReader(stdin),
                Stdout = new WasiStreamWriter(stdout),
                Stderr = new WasiStreamWriter(stderr),
                Terminal = terminal,
            },
            new WasiStartup
            {
                Arguments = [name, .. args],
                RealtimeNanoseconds = (ulong)(DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100,
                RandomSeed = Seed(wasm, args),
            });
        try
        {
            uint status = WasiProgram.Run(CompiledModule.Compile(module), process, limits);
            return status > 255 ? 255 : (int)status;
        }
        catch (WasmTrapException trap)
        {
            error.WriteLine($"{name}: trap: {trap.Kind} ({trap.Message})");
            return TrapExit;
        }
        catch (WasmException e)
        {
            error.WriteLine($"{name}: {e.Message}");
            return WasmCommand.ErrorExit;
        }
        catch (CodeVerificationException e)
        {
            error.WriteLine($"{name}: internal error: {e.Message}");
            return WasmCommand.ErrorExit;
        }
        finally
        {
            stdout.Flush();
            stderr.Flush();
        }
    }

    /// <summary>The same seed for the same program and arguments, as for a procedure call: runs repeat exactly.</summary>
    private static byte[] Seed(byte[] wasm, string[] args)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(SHA256.HashData(wasm));
        foreach (string arg in args)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(arg));
            hash.AppendData([0]);
        }
        return hash.GetHashAndReset();
    }
}
