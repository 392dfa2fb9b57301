using TenantDb.Wire.Protocol;

namespace TenantDb.Wire.Sql;

/// <summary>
/// The transaction modes of BEGIN, START TRANSACTION, SET TRANSACTION and SET SESSION CHARACTERISTICS
/// AS TRANSACTION: <c>ISOLATION LEVEL ...</c>, <c>READ ONLY</c> / <c>READ WRITE</c> and
/// <c>[NOT] DEFERRABLE</c>, separated by spaces or commas, as PostgreSQL's grammar has them.
/// </summary>
/// <remarks>
/// Every isolation level is accepted: TenantDb gives each transaction a serializable execution (see
/// docs/transactions.md), which is at least what any level asks for. SQLite's own BEGIN DEFERRED,
/// IMMEDIATE and EXCLUSIVE are accepted too and all begin a deferred transaction.
/// </remarks>
internal readonly record struct TransactionModes(bool? ReadOnly)
{
    /// <summary>Reads the modes of <paramref name="statement"/> from token <paramref name="index"/> to its end.</summary>
    /// <exception cref="PgStatementException">42601 for anything that is not a transaction mode.</exception>
    public static TransactionModes Parse(ClientStatement statement, int index)
    {
        bool? readOnly = null;
        var i = index;
        while (i < statement.Tokens.Length)
        {
            if (statement.IsPunctuation(i, ','))
            {
                i++;
            }
            else if (statement.IsWord(i, "ISOLATION") && statement.IsWord(i + 1, "LEVEL"))
            {
                i += 2;
                if (statement.IsWord(i, "SERIALIZABLE")) i++;
                else if (statement.IsWord(i, "REPEATABLE") && statement.IsWord(i + 1, "READ")) i += 2;
                else if (statement.IsWord(i, "READ") && (statement.IsWord(i + 1, "COMMITTED") || statement.IsWord(i + 1, "UNCOMMITTED"))) i += 2;
                else throw Unexpected(statement, i);
            }
            else if (statement.IsWord(i, "READ") && statement.IsWord(i + 1, "ONLY"))
            {
                readOnly = true;
                i += 2;
            }
            else if (statement.IsWord(i, "READ") && statement.IsWord(i + 1, "WRITE"))
            {
                readOnly = false;
                i += 2;
            }
            else if (statement.IsWord(i, "NOT") && statement.IsWord(i + 1, "DEFERRABLE"))
            {
                i += 2;
            }
            else if (statement.IsWord(i, "DEFERRABLE"))
            {
                i++;
            }
            else
            {
                throw Unexpected(statement, i);
            }
        }
        return new TransactionModes(readOnly);
    }

    /// <summary>
    /// Where the modes of a BEGIN or START TRANSACTION start: after <c>BEGIN [WORK|TRANSACTION]</c>,
    /// <c>BEGIN DEFERRED|IMMEDIATE|EXCLUSIVE [TRANSACTION]</c> (SQLite's words) or <c>START TRANSACTION</c>.
    /// </summary>
    public static int AfterBeginKeywords(ClientStatement statement)
    {
        var i = 1;
        if (statement.IsWord(0, "START"))
        {
            if (!statement.IsWord(1, "TRANSACTION")) throw Unexpected(statement, 1);
            return 2;
        }
        if (statement.IsWord(i, "DEFERRED") || statement.IsWord(i, "IMMEDIATE") || statement.IsWord(i, "EXCLUSIVE")) i++;
        if (statement.IsWord(i, "WORK") || statement.IsWord(i, "TRANSACTION")) i++;
        return i;
    }

    private static PgStatementException Unexpected(ClientStatement statement, int index) =>
        new(SqlState.SyntaxError, index < statement.Tokens.Length
            ? $"syntax error at or near \"{statement.TextOf(index).ToString()}\""
            : "syntax error at end of input");
}
