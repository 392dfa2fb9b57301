using TenantDb.Engine;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Tenants;
using TenantDb.Engine.Values;
using TenantDb.TestKit;

namespace TenantDb.Engine.Tests.Properties;

/// <summary>Runs generated operations against a real file-backed engine, one long-lived session per tenant.</summary>
public sealed class EngineUnderTest : IDisposable
{
    private readonly TempDirectory _directory = TempDirectory.ForDatabases();
    private readonly Dictionary<string, TenantSession> _sessions = [];
    private TenantDbEngine _engine;

    public EngineUnderTest()
    {
        _engine = TenantDbEngine.Open(_directory.Path);
    }

    public string Apply(TenantOp op)
    {
        try
        {
            return Run(op);
        }
        catch (TenantDbException error)
        {
            return "error:" + error.Kind;
        }
    }

    public void Dispose()
    {
        CloseSessions();
        _engine.Dispose();
        _directory.Dispose();
    }

    private string Run(TenantOp op)
    {
        string t = op.TenantName;
        switch (op.Kind)
        {
            case TenantOpKind.Reopen:
                CloseSessions();
                _engine.Dispose();
                _engine = TenantDbEngine.Open(_directory.Path);
                return "ok";
            case TenantOpKind.Create:
                _engine.CreateTenant(t);
                using (TenantSession setup = _engine.OpenSession(t))
                using (TenantStatement create = setup.Prepare("CREATE TABLE kv (k INTEGER PRIMARY KEY, v INTEGER NOT NULL)"))
                {
                    create.ExecuteNonQuery();
                }

                return "ok";
            case TenantOpKind.Drop:
                if (_sessions.Remove(t, out TenantSession? open))
                {
                    open.Dispose();
                }

                _engine.DropTenant(t);
                return "ok";
        }

        TenantSession session = Session(t);
        switch (op.Kind)
        {
            case TenantOpKind.Insert:
                return "changes:" + Execute(session, "INSERT INTO kv (k, v) VALUES (?, ?)", op.Key, op.Value);
            case TenantOpKind.Update:
                return "changes:" + Execute(session, "UPDATE kv SET v = ?2 WHERE k = ?1", op.Key, op.Value);
            case TenantOpKind.Delete:
                return "changes:" + Execute(session, "DELETE FROM kv WHERE k = ?", op.Key);
            case TenantOpKind.Query:
                using (TenantStatement select = session.Prepare("SELECT k, v FROM kv ORDER BY k"))
                using (TenantReader reader = select.ExecuteReader())
                {
                    var rows = new List<string>();
                    while (reader.Read())
                    {
                        rows.Add($"{reader.GetInt64(0)}={reader.GetInt64(1)}");
                    }

                    return "rows:" + string.Join(",", rows);
                }

            case TenantOpKind.Begin:
                session.Begin();
                return "ok";
            case TenantOpKind.Commit:
                session.Commit();
                return "ok";
            case TenantOpKind.Rollback:
                session.Rollback();
                return "ok";
            default:
                throw new InvalidOperationException(op.Kind.ToString());
        }
    }

    private TenantSession Session(string tenant)
    {
        if (!_sessions.TryGetValue(tenant, out TenantSession? session))
        {
            session = _engine.OpenSession(tenant);
            _sessions[tenant] = session;
        }

        return session;
    }

    private static long Execute(TenantSession session, string sql, params long[] parameters)
    {
        using TenantStatement statement = session.Prepare(sql);
        for (int i = 0; i < parameters.Length; i++)
        {
            statement.Bind(i, SqlValue.Integer(parameters[i]));
        }

        return statement.ExecuteNonQuery();
    }

    private void CloseSessions()
    {
        foreach (TenantSession session in _sessions.Values)
        {
            session.Dispose();
        }

        _sessions.Clear();
    }
}
