using TenantDb.Engine;
using TenantDb.Engine.Ddl;
using TenantDb.Wire.Protocol;
using TenantDb.Wire.Sql;

namespace TenantDb.Wire.Server.Commands;

/// <summary>CREATE, ALTER and DROP SEQUENCE, read from the statement's tokens and run by the engine.</summary>
internal static class SequenceCommands
{
    /// <summary>CREATE SEQUENCE [IF NOT EXISTS] name [options] (after CREATE).</summary>
    public static string Create(DdlTokens tokens, TenantSession session)
    {
        if (tokens.Accept("TEMP") || tokens.Accept("TEMPORARY") || tokens.Accept("UNLOGGED"))
            throw new PgStatementException(SqlState.FeatureNotSupported, "temporary and unlogged sequences are not supported by TenantDb");
        tokens.Expect("SEQUENCE");
        var ifNotExists = tokens.Accept("IF", "NOT") && Expect(tokens, "EXISTS");
        var name = tokens.Name();
        var options = Options(tokens, alter: false);
        tokens.ExpectEnd();
        session.CreateSequence(name, options, ifNotExists);
        return "CREATE SEQUENCE";
    }

    /// <summary>ALTER SEQUENCE [IF EXISTS] name [options] [RESTART [[WITH] n]] (after ALTER SEQUENCE).</summary>
    public static string Alter(DdlTokens tokens, TenantSession session)
    {
        var ifExists = tokens.Accept("IF", "EXISTS");
        var name = tokens.Name();
        if (tokens.Accept("RENAME") || tokens.Accept("OWNER") || tokens.Accept("SET"))
            throw new PgStatementException(SqlState.FeatureNotSupported, "ALTER SEQUENCE supports changing the sequence's options and RESTART only");
        var options = Options(tokens, alter: true);
        tokens.ExpectEnd();
        session.AlterSequence(name, options, ifExists);
        return "ALTER SEQUENCE";
    }

    /// <summary>DROP SEQUENCE [IF EXISTS] name [, ...] [CASCADE|RESTRICT] (after DROP SEQUENCE).</summary>
    public static string Drop(DdlTokens tokens, TenantSession session)
    {
        var ifExists = tokens.Accept("IF", "EXISTS");
        var names = new List<string>();
        do names.Add(tokens.Name());
        while (tokens.AcceptPunctuation(','));
        if (!tokens.Accept("CASCADE")) tokens.Accept("RESTRICT");
        tokens.ExpectEnd();
        session.DropSequences(names, ifExists);
        return "DROP SEQUENCE";
    }

    private static bool Expect(DdlTokens tokens, string word)
    {
        tokens.Expect(word);
        return true;
    }

    private static SequenceOptions Options(DdlTokens tokens, bool alter) =>
        SequenceOptionReader.Read(tokens, alter, int.MaxValue, identity: false, out _);
}
