using System.CommandLine;
using TenantDb.ProcSandbox;
using TenantDb.ProcSandbox.Binary;
using TenantDb.ProcSandbox.Compiler.Verification;
using TenantDb.ProcSandbox.Errors;
using TenantDb.ProcSandbox.Module;
using TenantDb.ProcSandbox.Runtime;
using TenantDb.ProcSandbox.Runtime.Wasi;
using TenantDb.ProcSandbox.Text;
using TenantDb.ProcSandbox.Validation;
using TenantDb.ProcSandbox.Wast;

namespace TenantDb.Cli;

/// <summary>
/// `tenantdb wasm run|validate|wast`: run one export of a module (binary or text), validate a
/// module, or run WebAssembly spec scripts — like `wasmtime run` / `wasmtime wast`, on our own
/// parser, validator, compiler and runtime.
/// </summary>
internal static class WasmCommand
{
    /// <summary>Exit code for a module that cannot be read, parsed, validated, compiled or linked, or bad arguments.</summary>
    public const int ErrorExit = 1;

    /// <summary>Exit code for a call that trapped.</summary>
    public const int TrapExit = 2;

    /// <summary>Builds the command group.</summary>
    public static Command Create()
    {
        var command = new Command("wasm", "Run, validate and test WebAssembly modules with TenantDb's compiler.");
        command.Subcommands.Add(RunCommand());
        command.Subcommands.Add(ValidateCommand());
        command.Subcommands.Add(WastCommand());
        return command;
    }

    private static Command RunCommand()
    {
        var file = new Argument<FileInfo>("file") { Description = "Module: binary (.wasm) or text (.wat)." };
        var args = new Argument<string[]>("args")
        {
            Description = "With --invoke: the function's arguments in decimal (floats also inf, nan, hex floats). For a WASI program: its argv (after --).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var invoke = new Option<string>("--invoke") { Description = "Name of the exported function to call; without it the module must be a WASI command (run with this terminal's stdin, stdout and stderr)." };
        var fuel = new Option<long?>("--fuel") { Description = "Fuel for the call (one unit per function entry and loop iteration)." };
        var maxMemory = new Option<int?>("--max-memory") { Description = "Most linear-memory pages (64 KiB each) the module may have." };
        var timeout = new Option<int?>("--timeout") { Description = "Wall-clock limit of the call, in milliseconds." };
        var command = new Command("run", "Run a WASI command module with this terminal's stdio and exit with its status, or call one exported function (--invoke).") { file, args, invoke, fuel, maxMemory, timeout };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var limits = new InstanceLimits();
            if (parse.GetValue(fuel) is long f) limits.Fuel = f;
            if (parse.GetValue(maxMemory) is int pages) limits.MaxMemoryPages = pages;
            if (parse.GetValue(timeout) is int ms) limits.Timeout = TimeSpan.FromMilliseconds(ms);
            return parse.GetValue(invoke) is { } export
                ? Run(parse.GetValue(file)!, export, parse.GetValue(args) ?? [], limits, output, error)
                : RunWasi(parse.GetValue(file)!, parse.GetValue(args) ?? [], limits, error);
        });
        return command;
    }

    private static Command ValidateCommand()
    {
        var file = new Argument<FileInfo>("file") { Description = "Module: binary (.wasm) or text (.wat)." };
        var command = new Command("validate", "Check that a module is well-formed and valid.") { file };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            try
            {
                WasmValidator.Validate(WasmDecoder.Decode(ReadModule(path)));
                parse.InvocationConfiguration.Output.WriteLine($"{path.Name}: valid");
                return 0;
            }
            catch (Exception e) when (e is WasmException or IOException or UnauthorizedAccessException)
            {
                parse.InvocationConfiguration.Error.WriteLine($"{path.Name}: {e.Message}");
                return ErrorExit;
            }
        });
        return command;
    }

    private static Command WastCommand()
    {
        var files = new Argument<FileInfo[]>("files") { Description = "WAST scripts.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("wast", "Run WebAssembly spec scripts and print per-file counts.") { files };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            int passed = 0, failed = 0;
            foreach (var file in parse.GetValue(files)!)
            {
                WastResult result;
                try
                {
                    result = WastRunner.RunFile(file.FullName);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    parse.InvocationConfiguration.Error.WriteLine($"{file.Name}: {e.Message}");
                    failed++;
                    continue;
                }
                output.WriteLine($"{result.File}: {result.Passed} passed, {result.Failed} failed");
                foreach (var failure in result.Failures) output.WriteLine($"  {result.File}:{failure.Line}: {failure.Message}");
                passed += result.Passed;
                failed += result.Failed;
            }
            output.WriteLine($"spec: {passed} passed, {failed} failed");
            return failed == 0 ? 0 : ErrorExit;
        });
        return command;
    }

    private static int Run(FileInfo file, string export, string[] args, InstanceLimits limits, TextWriter output, TextWriter error)
    {
        Instance instance;
        FuncType type;
        try
        {
            var module = WasmDecoder.Decode(ReadModule(file));
            WasmValidator.Validate(module);
            var compiled = CompiledModule.Compile(module);
            instance = Instance.Instantiate(compiled, new Linker(), limits);
            type = instance.GetFunctionType(export) ?? throw new ArgumentException($"no exported function named '{export}'");
        }
        catch (WasmTrapException trap)
        {
            output.WriteLine($"trap: {trap.Kind} ({trap.Message})");
            return TrapExit;
        }
        catch (Exception e) when (e is WasmException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            error.WriteLine($"{file.Name}: {e.Message}");
            return ErrorExit;
        }
        catch (CodeVerificationException e)
        {
            // A compiler bug: report it like any other failure instead of dying with a stack trace.
            error.WriteLine($"{file.Name}: internal error: {e.Message}");
            return ErrorExit;
        }
        using (instance)
        {
            if (args.Length != type.Parameters.Length)
            {
                error.WriteLine($"{export} takes {type.Parameters.Length} arguments ({type}), got {args.Length}");
                return ErrorExit;
            }
            var values = new WasmValue[args.Length];
            for (int i = 0; i < args.Length; i++)
            {
                if (!WasmLiteral.TryParse(type.Parameters[i], args[i], out values[i]))
                {
                    error.WriteLine($"argument {i + 1} ('{args[i]}') is not a valid {type.Parameters[i]}");
                    return ErrorExit;
                }
            }
            try
            {
                foreach (var result in instance.Invoke(export, values)) output.WriteLine(WasmValueText.Format(result));
                return 0;
            }
            catch (WasmTrapException trap)
            {
                output.WriteLine($"trap: {trap.Kind} ({trap.Message})");
                return TrapExit;
            }
        }
    }

    private static int RunWasi(FileInfo file, string[] args, InstanceLimits limits, TextWriter error)
    {
        byte[] wasm;
        WasmModule module;
        try
        {
            wasm = ReadModule(file);
            module = WasmDecoder.Decode(wasm);
            WasmValidator.Validate(module);
        }
        catch (Exception e) when (e is WasmException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"{file.Name}: {e.Message}");
            return ErrorExit;
        }
        if (!WasiProgram.IsCommand(module))
        {
            error.WriteLine($"{file.Name}: not a WASI command module; name the function to call with --invoke");
            return ErrorExit;
        }
        using var stdin = Console.OpenStandardInput();
        using var stdout = Console.OpenStandardOutput();
        using var stderr = Console.OpenStandardError();
        return WasiRunCommand.Run(file.Name, wasm, module, args, limits, stdin, stdout, stderr, !Console.IsInputRedirected && !Console.IsOutputRedirected, error);
    }

    /// <summary>Binary if it starts with the wasm magic, else WAT text.</summary>
    private static byte[] ReadModule(FileInfo file)
    {
        byte[] bytes = File.ReadAllBytes(file.FullName);
        if (bytes.AsSpan().StartsWith("\0asm"u8)) return bytes;
        return WatParser.ParseModuleBinary(System.Text.Encoding.UTF8.GetString(bytes));
    }
}
