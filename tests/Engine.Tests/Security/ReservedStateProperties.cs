using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TenantDb.Engine;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Procedures;
using TenantDb.ProcSandbox;
using TenantDb.ProcSandbox.Text;

namespace TenantDb.Engine.Tests.Security;

/// <summary>
/// Random sequences of hostile tenant SQL aimed at the engine's reserved state (temp shadows, renames,
/// triggers, foreign keys, direct writes) mixed with procedure uploads, drops and calls: tenant B's
/// data, procedures and limits never change, and tenant A's reserved state changes only through the
/// engine's own API.
/// </summary>
public sealed class ReservedStateProperties : IDisposable
{
    private const string ProcedureShape = "(name TEXT PRIMARY KEY, parameters TEXT, columns TEXT, module BLOB, sha256 BLOB, created_at TEXT)";

    private static readonly byte[] VictimWasm = WatParser.ParseModuleBinary(ReservedStateAttackTests.Says("victim"));
    private static readonly byte[] AttackerWasm = WatParser.ParseModuleBinary(ReservedStateAttackTests.Says("attacker"));
    private static readonly ProcedureColumn[] TextColumn = [new("who", ProcedureType.Text)];

    private static readonly string[] Tables = ["px", "py", "loot"];

    private static readonly string[] TargetNames =
    [
        "_tenantdb_procedures", "\"_TENANTDB_SETTINGS\"", "[_tenantdb_procedures]", "`_tenantdb_settings`",
        "tenantdb_procedures", "_tenantdb_new", "renamed", "px", "py",
    ];

    private static readonly string[] Templates =
    [
        "CREATE TABLE IF NOT EXISTS {t}" + ProcedureShape,
        "CREATE TEMP TABLE IF NOT EXISTS {t}" + ProcedureShape,
        "CREATE TEMP TABLE IF NOT EXISTS {t}(key TEXT PRIMARY KEY, value TEXT)",
        "INSERT INTO {t}(name, parameters, columns, module, sha256, created_at) VALUES ('p', '', 'who text', {attacker}, {victimHash}, '2020-01-01 00:00:00.000')",
        "INSERT INTO {t}(key, value) VALUES ('procedure_limits', '{\"Fuel\":9000000000000000000,\"MaxMemoryPages\":65536}')",
        "ALTER TABLE {t} RENAME TO {target}",
        "ALTER TABLE temp.{t} RENAME TO {target}",
        "ALTER TABLE main.{t} RENAME TO {target}",
        "CREATE TEMP TRIGGER IF NOT EXISTS tr{n} AFTER INSERT ON {t} BEGIN INSERT INTO main._tenantdb_settings(key, value) VALUES ('procedure_limits', '{\"Fuel\":1}'); END",
        "CREATE TEMP TRIGGER IF NOT EXISTS tr{n} AFTER INSERT ON {target} BEGIN UPDATE main._tenantdb_procedures SET module = {attacker}; END",
        "CREATE TRIGGER IF NOT EXISTS tr{n} AFTER DELETE ON {t} BEGIN DELETE FROM _tenantdb_procedures; END",
        "CREATE TEMP VIEW IF NOT EXISTS {target} AS SELECT 'p' AS name, '' AS parameters, 'who text' AS columns, {attacker} AS module, {victimHash} AS sha256, '' AS created_at",
        "CREATE TABLE IF NOT EXISTS child{n}(n TEXT REFERENCES _tenantdb_procedures(name) ON DELETE CASCADE)",
        "INSERT INTO child{n} VALUES ('p')",
        "CREATE TRIGGER IF NOT EXISTS ctr{n} AFTER DELETE ON child{n} BEGIN INSERT INTO _tenantdb_settings VALUES ('procedure_limits', '{}'); END",
        "DROP TABLE IF EXISTS {t}",
        "INSERT INTO {target} VALUES ('p', '', 'who text', {attacker}, {victimHash}, '')",
        "UPDATE {target} SET module = {attacker}",
        "DELETE FROM main.{target}",
        "WITH _tenantdb_procedures AS (SELECT {attacker} AS module) SELECT module FROM _tenantdb_procedures",
        "!create", "!create", "!drop", "!call", "!call",
    ];

    private static readonly ProcedureLimits Limits = new() { Fuel = 1_000_000, Timeout = TimeSpan.FromSeconds(5) };

    private readonly TenantDbEngine _engine = TenantDbEngine.OpenInMemory(new EngineOptions
    {
        StatementTimeout = TimeSpan.FromSeconds(2),
        ProcedureLimits = Limits,
    });

    private int _case;

    public void Dispose() => _engine.Dispose();

    [Property(MaxTest = 60)]
    public Property Hostile_sql_never_reaches_reserved_state_of_either_tenant() =>
        Prop.ForAll(Scripts(), script =>
        {
            int id = Interlocked.Increment(ref _case);
            string a = "ra" + id, b = "rb" + id;
            _engine.CreateTenant(b);
            _engine.CreateTenant(a);
            try
            {
                using (TenantSession victim = _engine.OpenSession(b))
                {
                    victim.CreateProcedure("p", [], TextColumn, VictimWasm);
                    Execute(victim, "CREATE TABLE data(x)");
                    Execute(victim, "INSERT INTO data VALUES (1), ('two')");
                }

                string victimBefore = Observe(b);
                bool attackerHasP = false;
                using (TenantSession attacker = _engine.OpenSession(a))
                {
                    foreach (string step in script)
                    {
                        attackerHasP = RunStep(attacker, step, attackerHasP);
                    }

                    string? problem = ReservedStateProblem(attacker, attackerHasP);
                    if (problem is not null) return false.Label("attacker's reserved state: " + problem);
                }

                string victimAfter = Observe(b);
                return (victimBefore == victimAfter).Label($"victim before {victimBefore}\nvictim after  {victimAfter}");
            }
            finally
            {
                _engine.DropTenant(a);
                _engine.DropTenant(b);
            }
        });

    private static Arbitrary<string[]> Scripts()
    {
        Gen<string> statement =
            from template in Gen.Elements(Templates)
            from t in Gen.Elements(Tables)
            from target in Gen.Elements(TargetNames)
            from n in Gen.Choose(0, 3)
            select template
                .Replace("{t}", t, StringComparison.Ordinal)
                .Replace("{target}", target, StringComparison.Ordinal)
                .Replace("{n}", n.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("{attacker}", "x'" + Convert.ToHexString(AttackerWasm) + "'", StringComparison.Ordinal)
                .Replace("{victimHash}", "x'" + Convert.ToHexString(SHA256.HashData(VictimWasm)) + "'", StringComparison.Ordinal);
        return Arb.From(Gen.Sized(size => Gen.ArrayOf(statement, Math.Clamp(size, 1, 25))));
    }

    private static bool RunStep(TenantSession session, string step, bool hasP)
    {
        try
        {
            switch (step)
            {
                case "!create":
                    session.CreateProcedure("p", [], TextColumn, AttackerWasm, orReplace: true);
                    return true;
                case "!drop":
                    return session.DropProcedure("p", ifExists: true) ? false : hasP;
                case "!call":
                    session.CallProcedure("p", [], new DiscardingSink());
                    return hasP;
                default:
                    Execute(session, step);
                    return hasP;
            }
        }
        catch (TenantDbException)
        {
            // Hostile steps are expected to fail; what matters is the state afterwards. A drop that a
            // tenant trigger made fail leaves the procedure in place.
            return step == "!drop" ? session.ListProcedures().Any(p => p.Name == "p") : hasP;
        }
    }

    /// <summary>What is wrong with the attacker's reserved state, or null: only the API changed it.</summary>
    private static string? ReservedStateProblem(TenantSession attacker, bool hasP)
    {
        if (attacker.GetProcedureLimits() != Limits) return "limits changed to " + attacker.GetProcedureLimits();
        var procedures = attacker.ListProcedures();
        if (procedures.Count != (hasP ? 1 : 0)) return $"{procedures.Count} procedures, expected {(hasP ? 1 : 0)}";
        if (hasP)
        {
            var sink = new CollectingSink();
            try
            {
                attacker.CallProcedure("p", [], sink);
            }
            catch (TenantDbException e)
            {
                return "own procedure failed: " + e.Message;
            }

            if (sink.Values.Count != 1 || sink.Values[0] != "attacker") return "own procedure emitted " + string.Join(",", sink.Values);
        }

        // The engine's own usage view is the one reserved object a connection's temp schema holds.
        using TenantStatement temp = attacker.Prepare("SELECT count(*) FROM temp.sqlite_schema WHERE name LIKE '%tenantdb%' AND NOT (type = 'view' AND name = 'tenantdb_usage' AND sql LIKE '%tenantdb_usage AS SELECT tenantdb_usage_value(0) AS statements, %')");
        using TenantReader tempReader = temp.ExecuteReader();
        tempReader.Read();
        if (tempReader.GetInt64(0) != 0) return "a reserved name exists in the temp schema";

        using TenantStatement main = attacker.Prepare(
            "SELECT group_concat(type || ':' || name, ',') FROM (SELECT type, name FROM main.sqlite_schema WHERE name LIKE '%tenantdb%' ORDER BY name)");
        using TenantReader mainReader = main.ExecuteReader();
        mainReader.Read();
        const string expected = "table:_tenantdb_procedures,table:_tenantdb_settings,index:sqlite_autoindex__tenantdb_procedures_1,index:sqlite_autoindex__tenantdb_settings_1,view:tenantdb_procedures";
        string actual = mainReader.GetString(0);
        return actual == expected ? null : "main schema's reserved objects are " + actual;
    }

    private string Observe(string tenant)
    {
        using TenantSession session = _engine.OpenSession(tenant);
        var parts = new List<string>();
        var sink = new CollectingSink();
        session.CallProcedure("p", [], sink);
        parts.Add("call=" + string.Join(",", sink.Values));
        parts.Add("limits=" + session.GetProcedureLimits());
        parts.Add("procedures=" + string.Join(",", session.ListProcedures().Select(p => p.Name + "/" + p.ModuleBytes)));
        using TenantStatement data = session.Prepare("SELECT group_concat(x, '|') FROM data");
        using TenantReader reader = data.ExecuteReader();
        reader.Read();
        parts.Add("data=" + reader.GetString(0));
        return string.Join("; ", parts);
    }

    private static void Execute(TenantSession session, string sql)
    {
        using TenantStatement statement = session.Prepare(sql);
        statement.ExecuteNonQuery();
    }

    private sealed class DiscardingSink : IProcedureRowSink
    {
        public void OnRow(ProcedureRow row)
        {
        }
    }

    private sealed class CollectingSink : IProcedureRowSink
    {
        public List<string> Values { get; } = [];

        public void OnRow(ProcedureRow row) => Values.Add(row.GetValue(0).AsText);
    }
}
