using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace TenantDb.Engine.Tests.Scheduling;

/// <summary>
/// A model of lending SQLite connections between sessions, as the wire server does between
/// transactions: clients take a session when they run something, and at the end of each "batch" give
/// it back (dispose it, which returns its connection to the tenant's pool) when
/// <see cref="TenantSession.CanLendConnection"/> says nothing of theirs lives on it. Random sequences of
/// takes, reads, TEMP objects, PRAGMA settings, transactions and returns must agree with the model:
/// which sessions may be lent, how many connections sit idle in the pool (at most
/// <see cref="EngineOptions.MaxIdleConnectionsPerTenant"/>), and what each client sees
/// (its own TEMP objects and settings only, never another's).
/// </summary>
public sealed class ConnectionLendingProperties
{
    private const int Clients = 3;
    private const string Tenant = "acme";

    private enum Op
    {
        Read,
        CreateTemp,
        SetPragma,
        Begin,
        Commit,
        EndBatch,
    }

    private sealed class Client
    {
        public TenantSession? Session;
        public bool Pinned;
        public bool InTransaction;
        public int TempTables;
        public bool PragmaSet;
    }

    private static Gen<(Op Op, int Client)[]> Scenarios() =>
        Gen.ArrayOf(Gen.Zip(Gen.Elements(Op.Read, Op.Read, Op.CreateTemp, Op.SetPragma, Op.Begin, Op.Commit, Op.EndBatch, Op.EndBatch, Op.EndBatch), Gen.Choose(0, Clients - 1)))
            .Where(ops => ops.Length <= 40);

    [Property(MaxTest = 40)]
    public Property Lending_agrees_with_the_model() =>
        Prop.ForAll(Scenarios().ToArbitrary(), ops =>
        {
            var options = new EngineOptions();
            using var engine = TenantDbEngine.OpenInMemory(options);
            engine.CreateTenant(Tenant);
            var store = engine.GetStore(Tenant);
            var clients = new Client[Clients];
            for (int i = 0; i < Clients; i++) clients[i] = new Client();
            int idle = 0;
            int tempNumber = 0;
            try
            {
                for (int step = 0; step < ops.Length; step++)
                {
                    var (op, index) = ops[step];
                    var client = clients[index];
                    if (client.Session is null)
                    {
                        client.Session = engine.OpenSession(Tenant);
                        if (idle > 0) idle--;
                    }

                    var session = client.Session;
                    string? failure = null;
                    switch (op)
                    {
                        case Op.Read:
                            long temps = Scalar(session, "SELECT count(*) FROM temp.sqlite_schema WHERE name LIKE 'tmp%'");
                            long pragma = Scalar(session, "PRAGMA recursive_triggers");
                            if (temps != client.TempTables || pragma != (client.PragmaSet ? 1 : 0))
                                failure = $"sees {temps} TEMP tables and recursive_triggers {pragma}; its own are {client.TempTables} and {client.PragmaSet}";
                            break;
                        // Inside a transaction it would keep the tenant's write lock (a write) until commit,
                        // and this single-threaded scenario has no one to wait for it.
                        case Op.CreateTemp when client.InTransaction:
                            break;
                        case Op.CreateTemp:
                            using (var create = session.Prepare($"CREATE TEMP TABLE tmp{tempNumber++} (x)")) create.ExecuteNonQuery();
                            client.TempTables++;
                            client.Pinned = true;
                            break;
                        case Op.SetPragma:
                            using (var set = session.Prepare("PRAGMA recursive_triggers = 1")) set.ExecuteNonQuery();
                            client.PragmaSet = true;
                            client.Pinned = true;
                            break;
                        case Op.Begin:
                            if (!client.InTransaction)
                            {
                                session.Begin();
                                _ = Scalar(session, "SELECT count(*) FROM sqlite_schema");
                                client.InTransaction = true;
                            }
                            break;
                        case Op.Commit:
                            if (client.InTransaction)
                            {
                                session.Commit();
                                client.InTransaction = false;
                            }
                            break;
                        case Op.EndBatch:
                            bool expected = !client.Pinned && !client.InTransaction;
                            if (session.CanLendConnection != expected)
                            {
                                failure = $"CanLendConnection is {session.CanLendConnection}, the model says {expected}";
                                break;
                            }
                            if (expected)
                            {
                                session.Dispose();
                                client.Session = null;
                                // The pool keeps at most this many; a connection returned beyond it is closed.
                                idle = Math.Min(idle + 1, options.MaxIdleConnectionsPerTenant);
                            }
                            break;
                    }

                    if (failure is null && store.IdleCount != idle)
                        failure = $"{store.IdleCount} idle connections, the model has {idle}";
                    if (failure is not null) return false.Label($"step {step} {op} client {index}: {failure}");
                }

                return true.Label("ok");
            }
            finally
            {
                foreach (var client in clients) client.Session?.Dispose();
            }
        });

    private static long Scalar(TenantSession session, string sql)
    {
        using var statement = session.Prepare(sql);
        using var reader = statement.ExecuteReader();
        return reader.Read() ? reader.GetInt64(0) : -1;
    }
}
