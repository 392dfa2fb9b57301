using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Procedures;
using TenantDb.Engine.Procedures.Wasi;
using TenantDb.Engine.Tenants;
using TenantDb.Engine.Values;
using TenantDb.ProcSandbox;
using TenantDb.ProcSandbox.Binary;
using TenantDb.ProcSandbox.Compiler.Verification;
using TenantDb.ProcSandbox.Errors;
using TenantDb.ProcSandbox.Module;
using TenantDb.ProcSandbox.Runtime;
using TenantDb.ProcSandbox.Runtime.Wasi;
using TenantDb.ProcSandbox.Text;
using TenantDb.ProcSandbox.Validation;

namespace TenantDb.Engine;

public sealed partial class TenantSession
{
    private Instance? _runningProcedure;
    // The rental of _runningProcedure this session's call holds: stops name it, so none reaches a later renter.
    private long _runningLease;
    // Set by Interrupt while a procedure runs, so its stop is reported as a cancel, not as its time limit.
    private volatile bool _procedureCanceled;
    // The running compilation's stop (deadline + Interrupt); guarded so Interrupt never touches a disposed source.
    private readonly Lock _compileCancelLock = new();
    private CancellationTokenSource? _compileCancel;
    private volatile bool _compileCanceledByClient;
    private TenantStatement? _procedureLookup;
    private TenantStatement? _limitsLookup;
    private TenantStatement? _stampLookup;

    /// <summary>
    /// Uploads a stored procedure: <paramref name="module"/> is a WebAssembly binary or WAT text.
    /// It is decoded, validated, checked against the procedure rules of docs/abi.md and compiled
    /// before anything is stored; any problem is a <see cref="TenantDbErrorKind.InvalidProcedure"/>
    /// error saying what and where (byte offset, or line and column for text).
    /// </summary>
    public ProcedureInfo CreateProcedure(
        string name,
        IReadOnlyList<ProcedureColumn> parameters,
        IReadOnlyList<ProcedureColumn> columns,
        ReadOnlySpan<byte> module,
        bool orReplace = false,
        WasiManifest? wasi = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ThrowIfUnusable();
        if (!ProcedureCommandParser.IsValidName(name)) throw new TenantDbException(TenantDbErrorKind.Syntax, $"invalid procedure name \"{name}\"");
        ThrowIfSandboxUnsupported();
        byte[] wasm = ToWasm(module);
        CompiledModule compiled = CompileChecked(wasm);
        CheckWasiManifest(compiled, parameters, columns, wasi);
        byte[] sha256 = SHA256.HashData(wasm);
        var created = DateTime.UtcNow;
        string createdText = created.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);
        string insert = orReplace ? "INSERT OR REPLACE" : "INSERT";
        ChangeProcedureCatalog(() =>
        {
            try
            {
                ExecuteTrusted(
                    $"{insert} INTO {TenantSchema.QualifiedProceduresTable} (name, parameters, columns, module, sha256, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                    SqlValue.Text(name),
                    SqlValue.Text(ProcedureSignature.Format(parameters)),
                    SqlValue.Text(ProcedureSignature.Format(columns)),
                    SqlValue.Blob(wasm),
                    SqlValue.Blob(sha256),
                    SqlValue.Text(createdText));
            }
            catch (TenantDbException e) when (e.Kind == TenantDbErrorKind.Constraint)
            {
                throw new TenantDbException(TenantDbErrorKind.DuplicateProcedure, $"procedure \"{name}\" already exists (use CREATE OR REPLACE)");
            }
        });
        SaveWasiManifest(name, sha256, WasiProgram.IsCommand(compiled.Module) ? wasi ?? WasiManifest.Default : null);
        _engine.Procedures.Add(Tenant, wasm, sha256, compiled);
        return new ProcedureInfo(name, parameters, columns, wasm.Length, created);
    }

    /// <summary>Removes a stored procedure. Returns false if it did not exist and <paramref name="ifExists"/> is set.</summary>
    public bool DropProcedure(string name, bool ifExists = false)
    {
        ArgumentNullException.ThrowIfNull(name);
        ThrowIfUnusable();
        long removed = 0;
        ChangeProcedureCatalog(() => removed = ExecuteTrusted($"DELETE FROM {TenantSchema.QualifiedProceduresTable} WHERE name = ?", SqlValue.Text(name)));
        if (removed == 0 && !ifExists) throw new TenantDbException(TenantDbErrorKind.UndefinedProcedure, $"procedure \"{name}\" does not exist");
        if (removed > 0) SaveWasiManifest(name, [], null);
        return removed > 0;
    }

    /// <summary>The tenant's stored procedures, by name.</summary>
    public IReadOnlyList<ProcedureInfo> ListProcedures()
    {
        ThrowIfUnusable();
        var list = new List<ProcedureInfo>();
        using var statement = PrepareTrusted($"SELECT name, parameters, columns, length(module), created_at FROM {TenantSchema.QualifiedProceduresTable} ORDER BY name");
        using var reader = statement.ExecuteReader();
        while (reader.Read())
        {
            list.Add(ReadInfo(reader));
        }
        return list;
    }

    // For TenantDbEngine.ReadProcedureModule only: internal, so no tenant's session exposes it.
    internal ProcedureModule ReadProcedureModule(string name)
    {
        ThrowIfUnusable();
        IReadOnlyList<ProcedureColumn> parameters, columns;
        byte[] module;
        using (var statement = PrepareTrusted($"SELECT parameters, columns, module FROM {TenantSchema.QualifiedProceduresTable} WHERE name = ?"))
        {
            statement.Bind(0, SqlValue.Text(name));
            using var reader = statement.ExecuteReader();
            if (!reader.Read()) throw UndefinedProcedure(name);
            (parameters, columns, module) = (ProcedureSignature.Parse(reader.GetString(0)), ProcedureSignature.Parse(reader.GetString(1)), reader.GetBlobSpan(2).ToArray());
        }
        return new ProcedureModule(Tenant, name, parameters, columns, module, TryLoadWasiManifest(name, SHA256.HashData(module), columns));
    }

    private static ProcedureInfo ReadInfo(TenantReader reader) => new(
        reader.GetString(0),
        ProcedureSignature.Parse(reader.GetString(1)),
        ProcedureSignature.Parse(reader.GetString(2)),
        (int)reader.GetInt64(3),
        DateTime.Parse(reader.GetString(4), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal));

    /// <summary>
    /// Calls a stored procedure as one transaction (a savepoint when a transaction is already open):
    /// its writes commit together when <c>run</c> returns 0 and nothing went wrong, otherwise none
    /// of them do and a <see cref="TenantDbException"/> says why (trap kind, limit, the procedure's
    /// own message, ABI misuse). Result rows reach <paramref name="sink"/> as they are emitted.
    /// </summary>
    public ProcedureCallResult CallProcedure(string name, ReadOnlySpan<SqlValue> arguments, IProcedureRowSink sink)
    {
        ArgumentNullException.ThrowIfNull(name);
        ThrowIfUnusable();
        if (!TryResolveProcedure(name, out var procedure)) throw UndefinedProcedure(name);
        return CallProcedure(procedure, arguments, sink);
    }

    /// <summary>
    /// Calls the procedure <paramref name="procedure"/> names, exactly as resolved (its signature,
    /// limits and code), even if the catalog changed since: rows match the handle's
    /// <see cref="ProcedureHandle.Columns"/>. Fails when the procedure's code is gone from the catalog.
    /// </summary>
    public ProcedureCallResult CallProcedure(ProcedureHandle procedure, ReadOnlySpan<SqlValue> arguments, IProcedureRowSink sink)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        ArgumentNullException.ThrowIfNull(sink);
        ThrowIfUnusable();
        // Tenant isolation: a handle runs only on a session of the tenant it was resolved in.
        if (!ReferenceEquals(procedure.Owner, _store)) throw new ArgumentException("the procedure handle belongs to another tenant", nameof(procedure));
        ThrowIfSandboxUnsupported();
        var usage = Usage.CallUsage.Start(this);
        _callLimit = null;
        var args = CoerceArguments(procedure, arguments);
        var code = procedure.Code;
        if (code is { Evicted: false }) Usage.EngineMetrics.CodeCacheHit();
        else procedure.Code = code = _engine.Procedures.Get(Tenant, procedure.Sha256, () => LoadModule(procedure), CompileChecked);
        var limits = procedure.Limits;

        bool ownTransaction = !InTransaction;
        // A call that may write takes the tenant's write lock before it starts, so its reads and writes
        // see one state and it never fails for a stale snapshot; a read-only session's call cannot write.
        if (ownTransaction && !ReadOnly) ReserveWriteLock();
        try
        {
            if (ownTransaction) Begin();
            else ExecuteTrusted("SAVEPOINT _tenantdb_call");
        }
        catch
        {
            ReleaseWriteLockIfNotWriting();
            throw;
        }
        bool committed = false;
        TenantDbErrorKind? callError = null;
        var log = Options.ProcedureLog;
        var context = new ProcedureCallContext(this, procedure.Name, !ownTransaction, procedure.Columns, args, limits, sink,
            log is null ? null : line => LogRateLimited(log, procedure.Name, line));
        try
        {
            int status;
            var wasi = code.IsWasi ? StartWasiCall(procedure.Name, procedure.Sha256, procedure.Parameters, procedure.Columns, args, context) : null;
            // The call's SQL shares its deadline and cancel; the commit or rollback below does not.
            Guard.BeginCall(limits.Timeout);
            try
            {
                status = Run(code, context, limits, procedure.Name, wasi);
                // Close the procedure's cursors before the transaction ends.
                context.Dispose();
                context.ThrowIfCallEnded();
            }
            finally
            {
                Guard.EndCall();
            }
            if (context.Misuse is not null)
            {
                throw new TenantDbException(TenantDbErrorKind.ProcedureMisuse, $"procedure {procedure.Name} misused the ABI: {context.Misuse}");
            }
            if (status != 0)
            {
                throw new TenantDbException(TenantDbErrorKind.ProcedureFailed, context.FailMessage ?? $"procedure {procedure.Name} returned {status}");
            }
            if (ownTransaction) Commit();
            else ExecuteTrusted("RELEASE _tenantdb_call");
            committed = true;
            return new ProcedureCallResult(context.RowsEmitted, context.RowsRead, context.RowsWritten);
        }
        catch (TenantDbException e)
        {
            callError = e.Kind;
            throw;
        }
        finally
        {
            usage.Finish(procedure.Name, _callFuelUsed, context.RowsEmitted, committed ? null : callError ?? TenantDbErrorKind.ProcedureFailed,
                committed ? null : _callLimit ?? context.LimitExceeded?.Replace(' ', '_'));
            context.Dispose();
            try
            {
                if (!committed)
                {
                    if (ownTransaction)
                    {
                        Rollback();
                    }
                    else if (InTransaction)
                    {
                        ExecuteTrusted("ROLLBACK TO _tenantdb_call");
                        ExecuteTrusted("RELEASE _tenantdb_call");
                    }
                }
            }
            finally
            {
                // Also after a call that only read, or whose rollback failed: no lock outlives the call's transaction.
                ReleaseWriteLockIfNotWriting();
            }
        }
    }

    /// <summary>
    /// Runs a parsed procedure statement, taking <c>$n</c> values from <paramref name="parameters"/>.
    /// A CALL runs <paramref name="target"/> when given (the handle the caller described the result
    /// with), else the procedure as resolved now; it streams its rows to <paramref name="sink"/>.
    /// </summary>
    public ProcedureCommandResult ExecuteProcedureStatement(ProcedureStatement statement, ProcedureHandle? target, ReadOnlySpan<SqlValue> parameters, IProcedureRowSink sink)
    {
        ArgumentNullException.ThrowIfNull(statement);
        switch (statement.Command)
        {
            case CreateProcedureCommand create:
                byte[] module = create.Module switch
                {
                    ModuleSource.Text text => Encoding.UTF8.GetBytes(text.Wat),
                    ModuleSource.Binary binary => binary.Wasm,
                    ModuleSource.Parameter p => ParameterBytes(parameters, p.Index),
                    _ => throw new InvalidOperationException(),
                };
                CreateProcedure(create.Name, create.Parameters, create.Columns, module, create.OrReplace, create.Wasi);
                return new ProcedureCommandResult(ProcedureCommandKind.Create, 0);
            case DropProcedureCommand drop:
                DropProcedure(drop.Name, drop.IfExists);
                return new ProcedureCommandResult(ProcedureCommandKind.Drop, 0);
            case CallProcedureCommand call:
                var args = new SqlValue[call.Arguments.Count];
                for (int i = 0; i < args.Length; i++)
                {
                    args[i] = call.Arguments[i] switch
                    {
                        CallArgument.Literal literal => literal.Value,
                        CallArgument.Parameter p when p.Index < parameters.Length => parameters[p.Index],
                        CallArgument.Parameter p => throw new TenantDbException(TenantDbErrorKind.Misuse, $"there is no parameter ${p.Index + 1}"),
                        _ => throw new InvalidOperationException(),
                    };
                }
                if (target is not null && target.Name != call.Name) throw new ArgumentException("the handle is not the CALL's target", nameof(target));
                var result = target is null ? CallProcedure(call.Name, args, sink) : CallProcedure(target, args, sink);
                return new ProcedureCommandResult(ProcedureCommandKind.Call, result.RowsEmitted);
            default:
                throw new ArgumentException("unknown procedure command", nameof(statement));
        }
    }

    /// <summary>
    /// Sets this tenant's procedure limits, overriding <see cref="EngineOptions.ProcedureLimits"/>
    /// for every later call; null restores the engine's defaults. Stored in the tenant database,
    /// out of reach of the tenant's SQL, so it survives restarts. An administrator's operation.
    /// </summary>
    public void SetProcedureLimits(ProcedureLimits? limits)
    {
        ThrowIfUnusable();
        if (limits is not null && StoredProcedureLimits.Problem(limits) is { } problem) throw new ArgumentException(problem, nameof(limits));
        ChangeProcedureCatalog(() =>
        {
            if (limits is null)
            {
                ExecuteTrusted($"DELETE FROM {TenantSchema.QualifiedSettingsTable} WHERE key = 'procedure_limits'");
                return;
            }
            ExecuteTrusted($"INSERT OR REPLACE INTO {TenantSchema.QualifiedSettingsTable} (key, value) VALUES ('procedure_limits', ?)",
                SqlValue.Text(System.Text.Json.JsonSerializer.Serialize(limits)));
        });
    }

    /// <summary>The procedure limits in force for this tenant: its own, else the engine's defaults.</summary>
    public ProcedureLimits GetProcedureLimits()
    {
        ThrowIfUnusable();
        return LoadProcedureLimits();
    }

    private ProcedureLimits LoadProcedureLimits()
    {
        try
        {
            return QueryTrusted(
                ref _limitsLookup,
                $"SELECT value FROM {TenantSchema.QualifiedSettingsTable} WHERE key = 'procedure_limits'",
                key: null,
                static reader => StoredProcedureLimits.Parse(reader.GetString(0)),
                none: null) ?? Options.ProcedureLimits;
        }
        catch (TenantDbException e) when (e.Kind == TenantDbErrorKind.UndefinedObject)
        {
            return Options.ProcedureLimits; // a tenant created before settings existed
        }
    }

    /// <summary>
    /// Runs an engine-owned lookup of at most one row with a statement kept for the session's life.
    /// SQLite re-prepares a kept statement when the schema changed since it was prepared, and the
    /// authorizer runs again then: so the step is trusted too, not just the first prepare.
    /// </summary>
    private T QueryTrusted<T>(ref TenantStatement? statement, string sql, SqlValue? key, Func<TenantReader, T> read, T none)
    {
        statement ??= PrepareTrusted(sql);
        if (key is { } k) statement.Bind(0, k);
        using (Guard.EnterTrusted())
        {
            using var reader = statement.ExecuteReader();
            return reader.Read() ? read(reader) : none;
        }
    }

    /// <summary>
    /// Resolves procedure <paramref name="name"/>: its signature, limits and (at its first call) code.
    /// Resolutions are kept per tenant and reused until the procedure catalog or the tenant's limits
    /// change, so a warm lookup reads one stamp and nothing else. False if there is no such procedure.
    /// </summary>
    public bool TryResolveProcedure(string name, out ProcedureHandle handle)
    {
        ArgumentNullException.ThrowIfNull(name);
        ThrowIfUnusable();
        var stamp = ReadCatalogStamp();
        var cache = _engine.ProcedureHandlesOf(_store);
        if (stamp is { } current && cache.TryGet(name, current, out handle)) return true;
        _engine.CountProcedureSignatureLoad();
        var stored = LoadProcedure(name);
        if (stored is null)
        {
            handle = null!;
            return false;
        }
        handle = new ProcedureHandle(_store, name, stored.Parameters, stored.Columns, stored.Sha256, LoadProcedureLimits(), stamp);
        // Whatever this session's snapshot shows belongs to the stamp it shows, committed or not: an
        // uncommitted stamp is random and becomes visible to others only with the change it stamps.
        cache.Store(handle);
        return true;
    }

    /// <summary>
    /// <paramref name="handle"/> itself while the catalog is unchanged since it was resolved; else the
    /// procedure as resolved now, or null when it no longer exists.
    /// </summary>
    public ProcedureHandle? CurrentProcedure(ProcedureHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        ThrowIfUnusable();
        if (handle.Stamp is { } stamp && ReadCatalogStamp() == stamp) return handle;
        return TryResolveProcedure(handle.Name, out var current) ? current : null;
    }

    /// <summary>
    /// The tenant's procedure-catalog stamp as this session sees it; null for a tenant whose database
    /// predates the settings table (its resolutions are then not kept).
    /// </summary>
    private long? ReadCatalogStamp()
    {
        if (_noSettingsTable) return null;
        try
        {
            return QueryTrusted(
                ref _stampLookup,
                $"SELECT value FROM {TenantSchema.QualifiedSettingsTable} WHERE key = '{CatalogStampKey}'",
                key: null,
                static reader => (long?)reader.GetInt64(0),
                none: 0);
        }
        catch (TenantDbException e) when (e.Kind == TenantDbErrorKind.UndefinedObject)
        {
            // Created by the next catalog change (ChangeProcedureCatalog); until then resolve every time.
            _noSettingsTable = true;
            return null;
        }
    }

    /// <summary>The settings key of the procedure-catalog stamp.</summary>
    internal const string CatalogStampKey = "procedure_catalog_stamp";

    /// <summary>Gives the catalog a new stamp without changing it (after a restore).</summary>
    internal void RestampProcedureCatalog() => ChangeProcedureCatalog(static () => { });
    private bool _noSettingsTable;

    /// <summary>
    /// Applies a change to the procedure catalog or limits together with a new random catalog stamp,
    /// in one transaction (a savepoint inside the caller's), so no session anywhere keeps using a
    /// resolution of the old state once the change is committed.
    /// </summary>
    private void ChangeProcedureCatalog(Action change)
    {
        ExecuteTrusted("SAVEPOINT _tenantdb_catalog");
        var done = false;
        try
        {
            ExecuteTrusted($"CREATE TABLE IF NOT EXISTS {TenantSchema.QualifiedSettingsTable} (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)");
            change();
            ExecuteTrusted($"INSERT OR REPLACE INTO {TenantSchema.QualifiedSettingsTable} (key, value) VALUES ('{CatalogStampKey}', ?)",
                SqlValue.Integer(Random.Shared.NextInt64(1, long.MaxValue)));
            ExecuteTrusted("RELEASE _tenantdb_catalog");
            done = true;
        }
        finally
        {
            if (!done && InTransaction)
            {
                ExecuteTrusted("ROLLBACK TO _tenantdb_catalog");
                ExecuteTrusted("RELEASE _tenantdb_catalog");
            }
        }
        _noSettingsTable = false;
    }

    internal TenantStatement PrepareForProcedure(string sql)
    {
        Guard.ProcedureMode = true;
        try
        {
            return Prepare(sql);
        }
        finally
        {
            Guard.ProcedureMode = false;
        }
    }

    internal TenantStatement PrepareTrusted(string sql)
    {
        using (Guard.EnterTrusted())
        {
            return Prepare(sql);
        }
    }

    private int Run(ProcedureCode code, ProcedureCallContext context, ProcedureLimits limits, string name, WasiProcedureCall? wasi = null)
    {
        var instanceLimits = new InstanceLimits
        {
            Fuel = limits.Fuel,
            Timeout = limits.Timeout,
            MaxMemoryPages = limits.MaxMemoryPages,
        };
        try
        {
            var instance = code.Pool.Rent(instanceLimits, wasi is null ? context : wasi.Process);
            bool returned = false;
            _procedureCanceled = false;
            // The lease first: Interrupt reads the instance, then the lease, and stops only that rental.
            Volatile.Write(ref _runningLease, instance.Lease);
            Volatile.Write(ref _runningProcedure, instance);
            try
            {
                int status = wasi is null ? RunAbi(instance) : RunWasi(instance, wasi);
                returned = true;
                return status;
            }
            finally
            {
                Volatile.Write(ref _runningProcedure, null);
                // Only an instance whose call returned normally goes back; the pool resets it at once.
                // Anything cut short (trap, limit, cancel, a stop that landed) is disposed.
                if (returned && context.LimitExceeded is null && !instance.Faulted) code.Pool.Return(instance);
                else instance.Dispose();
            }
        }
        catch (WasmTrapException trap)
        {
            if (context.LimitExceeded is { } limit)
            {
                throw new TenantDbException(TenantDbErrorKind.ProcedureLimit, $"procedure {name} exceeded its {limit} limit");
            }
            if (trap.InnerException is TenantDbException inner) throw inner;
            _callLimit = trap.Kind switch
            {
                TrapKind.OutOfFuel => "fuel",
                TrapKind.DeadlineExceeded when !_procedureCanceled => "time",
                TrapKind.StackExhausted => "call_stack",
                _ => null,
            };
            throw trap.Kind switch
            {
                TrapKind.OutOfFuel => new TenantDbException(TenantDbErrorKind.ProcedureLimit, $"procedure {name} exceeded its fuel limit"),
                TrapKind.DeadlineExceeded when _procedureCanceled => new TenantDbException(TenantDbErrorKind.Canceled, $"procedure {name} was canceled"),
                TrapKind.DeadlineExceeded => new TenantDbException(TenantDbErrorKind.ProcedureLimit, $"procedure {name} exceeded its time limit ({limits.Timeout.TotalSeconds:0.###} s)"),
                TrapKind.StackExhausted => new TenantDbException(TenantDbErrorKind.ProcedureLimit, $"procedure {name} exceeded its call stack limit"),
                _ => new TenantDbException(TenantDbErrorKind.ProcedureTrap, $"procedure {name} trapped: {trap.Message}"),
            };
        }
        catch (WasmException e)
        {
            throw new TenantDbException(TenantDbErrorKind.ProcedureTrap, $"procedure {name} could not start: {e.Message}");
        }
        finally
        {
            // The instance writes the fuel left back into its limits after every call, trap or not.
            _callFuelUsed = Math.Clamp(limits.Fuel - instanceLimits.Fuel, 0, limits.Fuel);
        }
    }

    /// <summary>Calls the ABI entry point <c>run</c>; its i32 result is the call's status (0 commits).</summary>
    private static int RunAbi(Instance instance)
    {
        Span<WasmValue> result = stackalloc WasmValue[1];
        instance.Invoke("run", ReadOnlySpan<WasmValue>.Empty, result);
        return result[0].AsI32;
    }

    private StoredProcedure? LoadProcedure(string name) =>
        QueryTrusted(
            ref _procedureLookup,
            $"SELECT parameters, columns, sha256 FROM {TenantSchema.QualifiedProceduresTable} WHERE name = ?",
            SqlValue.Text(name),
            reader => new StoredProcedure(
                name,
                ProcedureSignature.Parse(reader.GetString(0)),
                ProcedureSignature.Parse(reader.GetString(1)),
                reader.GetBlobSpan(2).ToArray()),
            none: null);

    private static TenantDbException UndefinedProcedure(string name) =>
        new(TenantDbErrorKind.UndefinedProcedure, $"procedure \"{name}\" does not exist");

    // Loads the module the handle was resolved with: after a CREATE OR REPLACE or DROP the stored module
    // is another one (or none), and a handle must never run other code than the one it describes.
    // Whatever module is stored under the name (checked against its hash by the caller).
    private byte[] LoadModule(string name)
    {
        using var statement = PrepareTrusted($"SELECT module FROM {TenantSchema.QualifiedProceduresTable} WHERE name = ?");
        statement.Bind(0, SqlValue.Text(name));
        using var reader = statement.ExecuteReader();
        if (!reader.Read()) throw UndefinedProcedure(name);
        return reader.GetBlobSpan(0).ToArray();
    }

    private byte[] LoadModule(ProcedureHandle procedure) => LoadModule(procedure.Name, procedure.Sha256);

    private byte[] LoadModule(string name, byte[] sha256)
    {
        using var statement = PrepareTrusted($"SELECT module FROM {TenantSchema.QualifiedProceduresTable} WHERE name = ? AND sha256 = ?");
        statement.Bind(0, SqlValue.Text(name));
        statement.Bind(1, SqlValue.Blob(sha256));
        using var reader = statement.ExecuteReader();
        if (!reader.Read())
        {
            throw new TenantDbException(TenantDbErrorKind.UndefinedProcedure,
                $"procedure \"{name}\" was replaced or dropped after the statement calling it was prepared; prepare it again");
        }
        return reader.GetBlobSpan(0).ToArray();
    }

    private void LogRateLimited(Action<string, string, string> log, string procedure, string line)
    {
        if (!_engine.ProcedureLogBudget.TryTake(Tenant, out long dropped)) return;
        if (dropped > 0) log(Tenant, procedure, $"({dropped} log lines of this tenant dropped: over {Options.ProcedureLogLinesPerSecond} per second)");
        log(Tenant, procedure, line);
    }

    private static void ThrowIfSandboxUnsupported()
    {
        if (SandboxPlatform.UnsupportedReason is { } reason) throw new TenantDbException(TenantDbErrorKind.NotSupported, reason);
    }

    private static SqlValue[] CoerceArguments(ProcedureHandle procedure, ReadOnlySpan<SqlValue> arguments)
    {
        if (arguments.Length != procedure.Parameters.Count)
        {
            throw new TenantDbException(TenantDbErrorKind.UndefinedProcedure,
                $"procedure {procedure.Name} takes {procedure.Parameters.Count} arguments, {arguments.Length} given");
        }
        var result = new SqlValue[arguments.Length];
        for (int i = 0; i < arguments.Length; i++)
        {
            result[i] = ProcedureArgument.Coerce(arguments[i], procedure.Parameters[i]);
        }
        return result;
    }

    private static byte[] ParameterBytes(ReadOnlySpan<SqlValue> parameters, int index)
    {
        if (index >= parameters.Length) throw new TenantDbException(TenantDbErrorKind.Misuse, $"there is no parameter ${index + 1}");
        var value = parameters[index];
        return value.Type switch
        {
            SqlType.Blob => value.AsBlob,
            SqlType.Text => Encoding.UTF8.GetBytes(value.AsText),
            _ => throw new TenantDbException(TenantDbErrorKind.InvalidProcedure, $"parameter ${index + 1} must hold the module as bytea or text"),
        };
    }

    private static byte[] ToWasm(ReadOnlySpan<byte> module)
    {
        if (module.Length > ProcedureCompiler.MaxModuleTextBytes)
        {
            throw new TenantDbException(TenantDbErrorKind.TooBig, $"procedure module is {module.Length} bytes, the limit is {ProcedureCompiler.MaxModuleTextBytes}");
        }
        if (module.StartsWith("\0asm"u8)) return module.ToArray();
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(module);
        }
        catch (DecoderFallbackException)
        {
            throw new TenantDbException(TenantDbErrorKind.InvalidProcedure, "the module is neither WebAssembly binary (\\0asm) nor UTF-8 WAT text");
        }
        try
        {
            return WatParser.ParseModuleBinary(text);
        }
        catch (WasmException e)
        {
            throw new TenantDbException(TenantDbErrorKind.InvalidProcedure, $"invalid module text: {Describe(e)}");
        }
    }

    private CompiledModule CompileChecked(byte[] wasm)
    {
        if (wasm.Length > ProcedureCompiler.MaxModuleBytes)
        {
            throw new TenantDbException(TenantDbErrorKind.TooBig, $"procedure module is {wasm.Length} bytes, the limit is {ProcedureCompiler.MaxModuleBytes}");
        }
        WasmModule module;
        try
        {
            module = WasmDecoder.Decode(wasm);
            WasmValidator.Validate(module);
        }
        catch (WasmLimitException e)
        {
            throw ProcedureCompiler.Describe(e, canceledByClient: false);
        }
        catch (WasmException e)
        {
            throw new TenantDbException(TenantDbErrorKind.InvalidProcedure, $"invalid procedure module: {Describe(e)}");
        }
        string? problem = ProcedureModuleRules.Check(module, LoadProcedureLimits());
        if (problem is not null) throw new TenantDbException(TenantDbErrorKind.InvalidProcedure, $"invalid procedure module: {problem}");
        string? tooBig = ProcedureCompiler.CheckSizes(module);
        if (tooBig is not null) throw new TenantDbException(TenantDbErrorKind.TooBig, $"procedure module exceeds a limit: {tooBig}");
        return CompileBounded(module);
    }

    /// <summary>
    /// Compiles under the statement's deadline and this session's <see cref="Interrupt"/>; a
    /// rejection by the code verifier becomes an internal error, never an exception of another type.
    /// </summary>
    private CompiledModule CompileBounded(WasmModule module)
    {
        var timeout = Options.StatementTimeout;
        using var cancel = timeout > TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan
            ? new CancellationTokenSource(timeout)
            : new CancellationTokenSource();
        lock (_compileCancelLock)
        {
            _compileCanceledByClient = false;
            _compileCancel = cancel;
        }
        try
        {
            return _engine.Compiler.Compile(module, cancel.Token);
        }
        catch (Exception e) when (e is WasmException or OperationCanceledException)
        {
            throw ProcedureCompiler.Describe(e, _compileCanceledByClient);
        }
        catch (CodeVerificationException e)
        {
            // A compiler bug, not the tenant's fault: the statement fails with an internal error (the server logs those).
            throw ProcedureCompiler.Describe(e, canceledByClient: false);
        }
        finally
        {
            lock (_compileCancelLock) _compileCancel = null;
        }
    }

    /// <summary>Stops a compilation running on this session (from <see cref="Interrupt"/>).</summary>
    private void CancelCompilation()
    {
        lock (_compileCancelLock)
        {
            if (_compileCancel is null) return;
            _compileCanceledByClient = true;
            _compileCancel.Cancel();
        }
    }

    private static string Describe(WasmException e) => e switch
    {
        WasmMalformedException m => $"{m.Reason} at byte offset {m.Offset}",
        WasmInvalidException v => $"{v.Reason} at byte offset {v.Offset}",
        WatParseException t => $"{t.Message}",
        _ => e.Message,
    };

    private sealed record StoredProcedure(string Name, IReadOnlyList<ProcedureColumn> Parameters, IReadOnlyList<ProcedureColumn> Columns, byte[] Sha256);
}
