// SAFETY-CRITICAL: nothing the engine reads back from a restored file is trusted before this ran.
using System.Security.Cryptography;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Procedures;
using TenantDb.Engine.Tenants;
using TenantDb.Engine.Values;
using TenantDb.ProcSandbox;

namespace TenantDb.Engine;

public sealed partial class TenantSession
{
    /// <summary>
    /// Re-verifies the engine's state in this session's database as if it came from an attacker (it may,
    /// for a restored file): every stored procedure's name, signatures and hash are checked and its module
    /// is decoded, validated, checked against the procedure rules and compiled again, exactly as at
    /// CREATE PROCEDURE; the stored limits are parsed and range-checked; a settings key the engine
    /// does not write is refused. Compiled code goes to the engine's cache for this tenant.
    /// </summary>
    /// <returns>How many stored procedures were verified.</returns>
    internal int RevalidateStoredState()
    {
        ThrowIfUnusable();
        LoadProcedureLimits();
        using (TenantStatement settings = PrepareTrusted($"SELECT key FROM {TenantSchema.QualifiedSettingsTable} WHERE key NOT IN ('procedure_limits', '{CatalogStampKey}')"))
        using (TenantReader reader = settings.ExecuteReader())
        {
            if (reader.Read())
            {
                throw new TenantDbException(TenantDbErrorKind.Corrupt, "stored settings are corrupt: unknown key in TenantDb's settings table");
            }
        }

        var names = new List<string>();
        using (TenantStatement list = PrepareTrusted($"SELECT name, created_at FROM {TenantSchema.QualifiedProceduresTable} ORDER BY name"))
        using (TenantReader reader = list.ExecuteReader())
        {
            while (reader.Read())
            {
                if (reader.GetValue(0).Type != SqlType.Text || !ProcedureCommandParser.IsValidName(reader.GetString(0)))
                {
                    throw new TenantDbException(TenantDbErrorKind.Corrupt, "stored procedure is corrupt: invalid procedure name");
                }

                if (reader.GetValue(1).Type != SqlType.Text
                    || !DateTime.TryParse(reader.GetString(1), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out _))
                {
                    throw new TenantDbException(TenantDbErrorKind.Corrupt, $"stored procedure \"{reader.GetString(0)}\" is corrupt: invalid creation time");
                }

                names.Add(reader.GetString(0));
            }
        }

        foreach (string name in names)
        {
            StoredProcedure procedure = LoadProcedure(name)
                ?? throw new TenantDbException(TenantDbErrorKind.Corrupt, $"stored procedure \"{name}\" is corrupt: it cannot be read back");
            byte[] wasm = LoadModule(name);
            byte[] sha256 = SHA256.HashData(wasm);
            if (!sha256.AsSpan().SequenceEqual(procedure.Sha256))
            {
                throw new TenantDbException(TenantDbErrorKind.Corrupt, $"stored procedure \"{name}\" is corrupt: its module does not match its recorded hash");
            }

            // Off x86-64 Linux nothing can compile; the module is still decoded and validated at its first call.
            if (SandboxPlatform.UnsupportedReason is null)
            {
                _engine.Procedures.Add(Tenant, wasm, sha256, CompileChecked(wasm));
            }
        }

        // A restored catalog gets a stamp of its own: a stamp copied with the file could name another
        // state of this tenant's catalog that a running server still keeps resolved procedures for.
        RestampProcedureCatalog();
        return names.Count;
    }
}
