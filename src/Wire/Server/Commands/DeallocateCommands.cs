using TenantDb.Wire.Protocol;
using TenantDb.Wire.Sql;

namespace TenantDb.Wire.Server.Commands;

/// <summary>DISCARD and DEALLOCATE: forget prepared statements (and, for DISCARD ALL, run-time parameters).</summary>
internal sealed class DeallocateCommands(StatementTable statements, PortalTable portals, PgMessageWriter writer)
{
    /// <summary>Runs the statement from <paramref name="current"/> (kept open while it runs) and writes CommandComplete.</summary>
    public void Execute(string sql, Portal current, SessionContext context) => writer.WriteCommandComplete(Run(sql, current, context));

    private string Run(string sql, Portal current, SessionContext context)
    {
        var i = 0;
        var verb = SqlScanner.ReadWord(sql, ref i).ToString().ToUpperInvariant();
        var word = SqlScanner.ReadWord(sql, ref i).ToString();
        if (verb == "DISCARD")
        {
            // DISCARD ALL and PLANS drop prepared statements; SEQUENCES and TEMP must keep them
            // (Npgsql's pool reset sends those and then reuses its prepared statements).
            var all = word.Equals("ALL", StringComparison.OrdinalIgnoreCase);
            if (all || word.Equals("PLANS", StringComparison.OrdinalIgnoreCase)) CloseAllNamed(current);
            if (all) context.Parameters.ResetAll(ServerParameters.Create(context.User, null), keep: "application_name");
            return "DISCARD " + word.ToUpperInvariant();
        }
        if (word.Equals("PREPARE", StringComparison.OrdinalIgnoreCase)) word = SqlScanner.ReadWord(sql, ref i).ToString();
        if (word.Equals("ALL", StringComparison.OrdinalIgnoreCase))
        {
            CloseAllNamed(current);
            return "DEALLOCATE ALL";
        }
        if (!statements.Close(word, portals, current))
            throw new PgStatementException(SqlState.InvalidSqlStatementName, $"prepared statement \"{word}\" does not exist");
        return "DEALLOCATE";
    }

    private void CloseAllNamed(Portal current)
    {
        foreach (var name in statements.NamedNames()) statements.Close(name, portals, current);
    }
}
