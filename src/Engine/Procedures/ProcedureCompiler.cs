using TenantDb.Engine.Errors;
using TenantDb.ProcSandbox;
using TenantDb.ProcSandbox.Compiler.Verification;
using TenantDb.ProcSandbox.Errors;
using TenantDb.ProcSandbox.Module;
using TenantDb.ProcSandbox.Runtime;

namespace TenantDb.Engine.Procedures;

/// <summary>
/// Turns an uploaded module into machine code for one engine, within bounds: the procedure size
/// limits (stricter than ProcSandbox's own), the statement's cancellation and deadline, and at most
/// <see cref="EngineOptions.MaxConcurrentCompilations"/> compilations at once, so that tenants
/// uploading large or hostile modules together cannot take every core and the memory of the server.
/// Every failure leaves as a <see cref="TenantDbException"/> with the kind that fits it.
/// </summary>
internal sealed class ProcedureCompiler(int maxConcurrent)
{
    /// <summary>Largest procedure module, in bytes of WebAssembly binary.</summary>
    public const int MaxModuleBytes = 8 << 20;

    /// <summary>
    /// Largest WAT text accepted for a procedure, in bytes. Parsing text allocates about 30 bytes
    /// per character (transiently), so text gets the binary's limit rather than a multiple of it.
    /// </summary>
    public const int MaxModuleTextBytes = MaxModuleBytes;

    /// <summary>
    /// Largest function body of a procedure, in bytes. Compiling costs a few hundred bytes of
    /// transient memory per byte of the largest body (ProcSandbox assembles one function at a
    /// time), so this bounds one compilation's working memory to about 250 MB.
    /// </summary>
    public const int MaxFunctionBodyBytes = 512 << 10;

    /// <summary>
    /// Most function types a procedure module may declare. The process-wide signature table holds
    /// about a million signatures and is shared by every tenant; with at most 1,024 modules in the
    /// compiled-code cache at 512 types each, procedures of all tenants together can hold at most half
    /// of it, so no tenant can exhaust it for the others. Compilers emit a few dozen types.
    /// </summary>
    public const int MaxTypes = 512;

    private readonly SemaphoreSlim _gate = new(Math.Max(1, maxConcurrent));
    private int _waiting;

    /// <summary>Compiles a decoded, validated module that passed the procedure rules.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> fired while waiting or compiling.</exception>
    public CompiledModule Compile(WasmModule module, CancellationToken cancellation)
    {
        using (Reserve(cancellation))
        {
            long started = System.Diagnostics.Stopwatch.GetTimestamp();
            CompiledModule compiled = CompiledModule.Compile(module, new CompileOptions { CancellationToken = cancellation });
            Usage.EngineMetrics.CompileDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
            return compiled;
        }
    }

    /// <summary>Takes one of the compilation slots (waiting as long as <paramref name="cancellation"/> allows) until disposed.</summary>
    public Slot Reserve(CancellationToken cancellation)
    {
        Interlocked.Increment(ref _waiting);
        try
        {
            _gate.Wait(cancellation);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
        return new Slot(_gate);
    }

    /// <summary>Compilations waiting for a slot right now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>A held compilation slot.</summary>
    public readonly struct Slot(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }

    /// <summary>Returns a problem when the module declares more types, or a body larger, than procedures may have, else null.</summary>
    public static string? CheckSizes(WasmModule module)
    {
        if (module.Types.Count > MaxTypes)
        {
            return $"the module declares {module.Types.Count} function types, the limit for procedures is {MaxTypes}";
        }


        for (int i = 0; i < module.Bodies.Count; i++)
        {
            int size = module.Bodies[i].Code.Length;
            if (size > MaxFunctionBodyBytes)
            {
                return $"function {module.ImportedFunctionCount + i} has a body of {size} bytes, the limit for procedures is {MaxFunctionBodyBytes}";
            }
        }
        return null;
    }

    /// <summary>
    /// The error a tenant sees for a compilation that failed with <paramref name="error"/>:
    /// a limit is 54000, a construct the compiler lacks 0A000, a module error 42P13, a stop
    /// 57014, and a rejection by the code verifier (a compiler bug, never the tenant's fault) XX000.
    /// </summary>
    public static TenantDbException Describe(Exception error, bool canceledByClient) => error switch
    {
        WasmLimitException limit => new TenantDbException(TenantDbErrorKind.TooBig,
            $"procedure module exceeds an implementation limit: {limit.Reason} (at byte offset {limit.Offset}); see docs/abi.md"),
        WasmNotSupportedException unsupported => new TenantDbException(TenantDbErrorKind.NotSupported,
            $"procedure module uses what the compiler does not support: {unsupported.Message}"),
        OperationCanceledException => canceledByClient
            ? new TenantDbException(TenantDbErrorKind.Canceled, "compiling the procedure module was canceled")
            : new TenantDbException(TenantDbErrorKind.Timeout, "compiling the procedure module took longer than the statement timeout"),
        CodeVerificationException verification => new TenantDbException(TenantDbErrorKind.Internal,
            $"internal error: the generated code for this module failed verification and was not run: {verification.Message}"),
        _ => throw new ArgumentException("not a compilation failure", nameof(error), error),
    };
}
