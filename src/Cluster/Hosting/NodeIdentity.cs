namespace TenantDb.Cluster.Hosting;

/// <summary>How other nodes reach this node's public PostgreSQL port ("address:port").</summary>
internal sealed record NodeIdentity(string WireEndpoint);
