using TenantDb.Engine.Errors;
using TenantDb.Engine.Procedures;
using TenantDb.Engine.Procedures.Wasi;
using TenantDb.Engine.Values;
using TenantDb.ProcSandbox.Runtime;
using TenantDb.ProcSandbox.Runtime.Wasi;

namespace TenantDb.Engine;

/// <summary>
/// WASI procedures: their channel manifests, kept in a reserved table beside the procedures table
/// (keyed by name and the module's hash), and the run of one call.
/// </summary>
/// <remarks>
/// SAFETY-CRITICAL for the trust boundary: a manifest is read only by trusted statements, must
/// carry the hash of the module it was stored with, and is parsed and re-validated on every read:
/// nothing read back from the tenant's file is trusted as it is.
/// </remarks>
public sealed partial class TenantSession
{
    private const string ManifestTable = "main._tenantdb_procedure_channels";

    private void CheckWasiManifest(CompiledModule compiled, IReadOnlyList<ProcedureColumn> parameters, IReadOnlyList<ProcedureColumn> columns, WasiManifest? wasi)
    {
        bool command = WasiProgram.IsCommand(compiled.Module);
        if (wasi is null) return;
        if (!command) throw new TenantDbException(TenantDbErrorKind.InvalidProcedure, "LANGUAGE wasi needs a WASI command module (one exporting _start)");
        if (wasi.Problem(columns) is { } problem) throw new TenantDbException(TenantDbErrorKind.InvalidProcedure, $"invalid channel declaration: {problem}");
        foreach (var channel in wasi.Channels.Append(wasi.Stdin))
        {
            if (channel is null) continue;
            int used = ChannelQuery.Rewrite(channel.Query).Parameters;
            if (used > parameters.Count)
            {
                throw new TenantDbException(TenantDbErrorKind.InvalidProcedure,
                    $"the {(channel.Name is null ? "stdin" : "channel " + channel.Name)} query uses ${used} but the procedure has {parameters.Count} parameters");
            }
        }
    }

    /// <summary>Replaces the manifest stored for <paramref name="name"/>; null removes it.</summary>
    private void SaveWasiManifest(string name, byte[] sha256, WasiManifest? manifest)
    {
        if (manifest is null)
        {
            try
            {
                ExecuteTrusted($"DELETE FROM {ManifestTable} WHERE name = ?", SqlValue.Text(name));
            }
            catch (TenantDbException e) when (e.Kind == TenantDbErrorKind.UndefinedObject)
            {
                // No WASI procedure was ever stored in this tenant.
            }
            return;
        }
        ExecuteTrusted($"CREATE TABLE IF NOT EXISTS {ManifestTable} (name TEXT PRIMARY KEY NOT NULL, sha256 BLOB NOT NULL, manifest TEXT NOT NULL)");
        ExecuteTrusted($"INSERT OR REPLACE INTO {ManifestTable} (name, sha256, manifest) VALUES (?, ?, ?)",
            SqlValue.Text(name), SqlValue.Blob(sha256), SqlValue.Text(manifest.ToJson()));
    }

    private WasiManifest LoadWasiManifest(string name, byte[] sha256, IReadOnlyList<ProcedureColumn> columns) =>
        TryLoadWasiManifest(name, sha256, columns) ?? WasiManifest.Default;

    /// <summary>The manifest stored for <paramref name="name"/>, validated; null when none is stored (the module is no WASI command).</summary>
    private WasiManifest? TryLoadWasiManifest(string name, byte[] sha256, IReadOnlyList<ProcedureColumn> columns)
    {
        (byte[] Hash, string Json)? row;
        try
        {
            using var statement = PrepareTrusted($"SELECT sha256, manifest FROM {ManifestTable} WHERE name = ?");
            statement.Bind(0, SqlValue.Text(name));
            using (Guard.EnterTrusted())
            {
                using var reader = statement.ExecuteReader();
                row = reader.Read() ? (reader.GetBlobSpan(0).ToArray(), reader.GetString(1)) : null;
            }
        }
        catch (TenantDbException e) when (e.Kind == TenantDbErrorKind.UndefinedObject)
        {
            row = null;
        }
        if (row is not { } stored) return null;
        if (!stored.Hash.AsSpan().SequenceEqual(sha256))
        {
            throw new TenantDbException(TenantDbErrorKind.Corrupt, $"the channel manifest of procedure {name} does not belong to its module");
        }
        return WasiManifest.FromJson(stored.Json, columns)
            ?? throw new TenantDbException(TenantDbErrorKind.Corrupt, $"the channel manifest of procedure {name} is malformed");
    }

    private WasiProcedureCall StartWasiCall(string name, byte[] sha256, IReadOnlyList<ProcedureColumn> parameters,
        IReadOnlyList<ProcedureColumn> columns, SqlValue[] arguments, ProcedureCallContext context) =>
        new(context, name, sha256, LoadWasiManifest(name, sha256, columns), parameters, columns, arguments, DateTime.UtcNow);

    /// <summary>Runs <c>_start</c>; the exit status is the call's status (0 commits).</summary>
    private static int RunWasi(Instance instance, WasiProcedureCall call)
    {
        uint status;
        try
        {
            instance.Invoke(WasiProgram.EntryPoint, ReadOnlySpan<WasmValue>.Empty, Span<WasmValue>.Empty);
            status = 0;
        }
        catch (WasmTrapException trap) when (trap.InnerException is WasiExit exit)
        {
            status = exit.Status;
        }
        call.Finish(status);
        return status > int.MaxValue ? int.MaxValue : (int)status;
    }
}
