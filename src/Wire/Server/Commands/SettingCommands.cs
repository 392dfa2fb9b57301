using TenantDb.Wire.Protocol;
using TenantDb.Wire.Sql;
using TenantDb.Wire.Types;

namespace TenantDb.Wire.Server.Commands;

/// <summary>SET, RESET and SHOW over the connection's run-time parameters.</summary>
internal sealed class SettingCommands(PgMessageWriter writer)
{
    /// <summary>Runs SET or RESET: changes the parameter, reports a changed reported parameter (ParameterStatus), writes CommandComplete.</summary>
    public void Apply(string sql, SessionContext context) => writer.WriteCommandComplete(ApplyAndTag(sql, context));

    private string ApplyAndTag(string sql, SessionContext context)
    {
        var i = 0;
        var verb = SqlScanner.ReadWord(sql, ref i).ToString().ToUpperInvariant();
        var j = i;
        var name = SqlScanner.ReadWord(sql, ref j).ToString();
        if (verb == "RESET")
        {
            var defaults = ServerParameters.Create(context.User, null);
            if (name.Equals("ALL", StringComparison.OrdinalIgnoreCase))
            {
                context.Parameters.ResetAll(defaults, keep: "application_name");
            }
            else if (defaults.TryGetValue(name, out var d) && !ServerParameters.IsReadOnly(name))
            {
                context.Parameters.Set(name, d);
            }
            return "RESET";
        }
        if (name.Equals("SESSION", StringComparison.OrdinalIgnoreCase) || name.Equals("LOCAL", StringComparison.OrdinalIgnoreCase))
        {
            i = j;
            name = SqlScanner.ReadWord(sql, ref j).ToString();
        }
        // Custom parameters are qualified: SET myapp.setting = ... (one copy of the name, however many parts).
        var nameStart = j - name.Length;
        while (name.Length > 0 && j + 1 < sql.Length && sql[j] == '.' && (char.IsLetter(sql[j + 1]) || sql[j + 1] == '_'))
        {
            j++;
            while (j < sql.Length && (char.IsLetterOrDigit(sql[j]) || sql[j] == '_')) j++;
        }
        if (j - nameStart > name.Length) name = sql[nameStart..j];
        // SET [SESSION] AUTHORIZATION / ROLE: users cannot switch identity here; DEFAULT (what pool
        // resets send) is the only value that changes nothing, so accept exactly that.
        if (name.Equals("AUTHORIZATION", StringComparison.OrdinalIgnoreCase) || name.Equals("ROLE", StringComparison.OrdinalIgnoreCase))
        {
            var target = SqlScanner.ReadWord(sql, ref j);
            if (!target.Equals("DEFAULT", StringComparison.OrdinalIgnoreCase) && !target.Equals("NONE", StringComparison.OrdinalIgnoreCase))
                throw new PgStatementException(SqlState.InsufficientPrivilege, "permission denied to set session authorization");
            return "SET";
        }
        // SET TRANSACTION ..., SET SESSION CHARACTERISTICS ...: SQLite transactions are serializable; accept.
        if (name.Equals("TRANSACTION", StringComparison.OrdinalIgnoreCase) || name.Equals("CHARACTERISTICS", StringComparison.OrdinalIgnoreCase))
            return "SET";
        if (name.Equals("TIME", StringComparison.OrdinalIgnoreCase))
        {
            SqlScanner.ReadWord(sql, ref j); // ZONE
            name = "TimeZone";
        }
        if (name.Length == 0) throw new PgStatementException(SqlState.SyntaxError, "syntax error in SET");
        var rest = sql.AsSpan(j).Trim().TrimEnd(';').Trim();
        if (rest.StartsWith("=")) rest = rest[1..].Trim();
        else if (rest.StartsWith("TO ", StringComparison.OrdinalIgnoreCase) || rest.StartsWith("TO\t", StringComparison.OrdinalIgnoreCase)) rest = rest[3..].Trim();
        // Refused before any copy is made: quoting at most doubles a value's length.
        if (rest.Length > 2 * SessionParameters.MaxValueLength + 2)
            throw new PgStatementException(SqlState.ProgramLimitExceeded,
                $"value of parameter \"{(name.Length <= 63 ? name : name[..63] + "...")}\" is too long (at most {SessionParameters.MaxValueLength} characters)");
        var value = Unquote(rest.ToString());
        if (ServerParameters.IsReadOnly(name))
            throw new PgStatementException("55P02", $"parameter \"{name}\" cannot be changed");
        if (name.Equals("client_encoding", StringComparison.OrdinalIgnoreCase))
        {
            if (!value.Replace("-", "", StringComparison.Ordinal).Equals("UTF8", StringComparison.OrdinalIgnoreCase) && !value.Equals("UNICODE", StringComparison.OrdinalIgnoreCase))
                throw new PgStatementException(SqlState.FeatureNotSupported, $"client encoding \"{value}\" is not supported: TenantDb speaks UTF8 only");
            value = "UTF8";
        }
        if (value.Equals("DEFAULT", StringComparison.OrdinalIgnoreCase))
        {
            ServerParameters.Create(context.User, null).TryGetValue(name, out var d);
            value = d ?? "";
        }
        // Keep the canonical capitalisation of known names (DateStyle, TimeZone) for ParameterStatus.
        var canonical = Array.Find(ServerParameters.Reported, n => n.Equals(name, StringComparison.OrdinalIgnoreCase));
        context.Parameters.Set(canonical ?? name, value);
        if (canonical is not null) writer.WriteParameterStatus(canonical, value);
        return "SET";
    }

    /// <summary>The answer to SHOW name (or SHOW ALL) as a result of text columns.</summary>
    public static SyntheticResult Show(string sql, SessionContext context)
    {
        var i = 0;
        SqlScanner.ReadWord(sql, ref i);
        var rest = sql.AsSpan(i).Trim().TrimEnd(';').Trim().ToString();
        var name = Unquote(rest);
        if (name.Equals("ALL", StringComparison.OrdinalIgnoreCase))
        {
            var rows = new List<string?[]>();
            foreach (var kv in context.Parameters.OrderBy(kv => kv.Key, StringComparer.OrdinalIgnoreCase)) rows.Add([kv.Key, kv.Value, ""]);
            return new SyntheticResult(["name", "setting", "description"], [PgTypeOid.Text, PgTypeOid.Text, PgTypeOid.Text], rows);
        }
        if (name.Equals("TIME ZONE", StringComparison.OrdinalIgnoreCase)) name = "TimeZone";
        if (name.Equals("TRANSACTION ISOLATION LEVEL", StringComparison.OrdinalIgnoreCase)) name = "transaction_isolation";
        if (!context.Parameters.TryGetValue(name, out var value))
            throw new PgStatementException(SqlState.UndefinedObject, $"unrecognized configuration parameter \"{name}\"");
        return SyntheticResult.Single(name.ToLowerInvariant(), value);
    }

    private static string Unquote(string value)
    {
        var parts = value.Split(',', StringSplitOptions.TrimEntries);
        for (var k = 0; k < parts.Length; k++)
        {
            var s = parts[k];
            if (s.Length >= 2 && ((s[0] == '\'' && s[^1] == '\'') || (s[0] == '"' && s[^1] == '"')))
                parts[k] = s[1..^1].Replace("''", "'", StringComparison.Ordinal);
        }
        return string.Join(", ", parts);
    }
}
