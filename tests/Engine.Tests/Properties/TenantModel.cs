using TenantDb.Engine.Tenants;

namespace TenantDb.Engine.Tests.Properties;

/// <summary>
/// The obviously-correct reference: each tenant is a sorted map of committed rows plus, while a
/// transaction is open, a pending copy. Reopening the engine discards every pending copy.
/// </summary>
public sealed class TenantModel
{
    private readonly Dictionary<string, SortedDictionary<int, int>> _committed = [];
    private readonly Dictionary<string, SortedDictionary<int, int>> _pending = [];

    public string Apply(TenantOp op)
    {
        string t = op.TenantName;
        switch (op.Kind)
        {
            case TenantOpKind.Reopen:
                _pending.Clear();
                return "ok";
            case TenantOpKind.Create:
                if (_committed.ContainsKey(t))
                {
                    return "error:TenantExists";
                }

                _committed[t] = [];
                return "ok";
        }

        if (!_committed.TryGetValue(t, out SortedDictionary<int, int>? committed))
        {
            return "error:UnknownTenant";
        }

        SortedDictionary<int, int> visible = _pending.TryGetValue(t, out SortedDictionary<int, int>? pending) ? pending : committed;
        switch (op.Kind)
        {
            case TenantOpKind.Drop:
                _committed.Remove(t);
                _pending.Remove(t);
                return "ok";
            case TenantOpKind.Insert:
                if (visible.ContainsKey(op.Key))
                {
                    return "error:Constraint";
                }

                visible[op.Key] = op.Value;
                return "changes:1";
            case TenantOpKind.Update:
                if (!visible.ContainsKey(op.Key))
                {
                    return "changes:0";
                }

                visible[op.Key] = op.Value;
                return "changes:1";
            case TenantOpKind.Delete:
                return visible.Remove(op.Key) ? "changes:1" : "changes:0";
            case TenantOpKind.Query:
                return "rows:" + string.Join(",", visible.Select(kv => $"{kv.Key}={kv.Value}"));
            case TenantOpKind.Begin:
                if (pending is not null)
                {
                    return "error:Misuse";
                }

                _pending[t] = new SortedDictionary<int, int>(committed);
                return "ok";
            case TenantOpKind.Commit:
                if (pending is null)
                {
                    return "error:Misuse";
                }

                _committed[t] = pending;
                _pending.Remove(t);
                return "ok";
            case TenantOpKind.Rollback:
                _pending.Remove(t);
                return "ok";
            default:
                throw new InvalidOperationException(op.Kind.ToString());
        }
    }
}
