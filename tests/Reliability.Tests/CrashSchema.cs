using TenantDb.Bench.Load;

namespace TenantDb.Reliability.Tests;

/// <summary>
/// The crash test's tables: every multi-row transaction writes rows to items plus one ledger row naming
/// how many, and moves money between accounts (whose total never changes), so a partial transaction is
/// visible as a ledger/items mismatch or a wrong total. Autocommit writes go to solo.
/// </summary>
internal static class CrashSchema
{
    public const int Accounts = 10;
    public const long OpeningBalance = 1000;

    /// <summary>The procedure: CALL crash_txn(txn, rows) is one transaction doing what an Extended one does.</summary>
    public static readonly string ProcedureWat = ProcedureSource.Wat(
    [
        "WITH RECURSIVE s(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM s WHERE k + 1 < ?2) INSERT INTO items(txn, k, pad) SELECT ?1, k, randomblob(300) FROM s",
        "UPDATE accounts SET balance = balance - ?2 WHERE id = ?1 % 10 + 1",
        "UPDATE accounts SET balance = balance + ?2 WHERE id = (?1 + 3) % 10 + 1",
        "INSERT INTO ledger(txn, kind, rows) VALUES (?1, 'Call', ?2)",
    ]);

    public static IEnumerable<string> Statements()
    {
        yield return "CREATE TABLE ledger (txn INTEGER PRIMARY KEY, kind TEXT NOT NULL, rows INTEGER NOT NULL)";
        yield return "CREATE TABLE items (txn INTEGER NOT NULL, k INTEGER NOT NULL, pad BLOB NOT NULL, PRIMARY KEY (txn, k))";
        yield return "CREATE TABLE solo (txn INTEGER NOT NULL, k INTEGER NOT NULL, PRIMARY KEY (txn, k))";
        yield return "CREATE TABLE accounts (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL)";
        for (int id = 1; id <= Accounts; id++) yield return $"INSERT INTO accounts (id, balance) VALUES ({id}, {OpeningBalance})";
        yield return $"CREATE PROCEDURE crash_txn(txn int8, rows int8) AS {ProcedureSource.Literal(ProcedureWat)}";
    }
}
