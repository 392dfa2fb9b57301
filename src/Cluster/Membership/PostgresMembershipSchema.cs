using Npgsql;

namespace TenantDb.Cluster.Membership;

/// <summary>
/// Creates (or brings up to date) the membership tables and the statements Orleans' ADO.NET clustering
/// provider reads from them. Every node runs it before joining; an advisory lock serializes nodes that
/// start at the same moment, and every statement is idempotent.
/// </summary>
public static class PostgresMembershipSchema
{
    // An arbitrary constant naming "TenantDb membership schema" among advisory locks.
    private const long AdvisoryLockKey = 0x7464_6273_6368_656d;

    /// <summary>The schema script (embedded in this assembly).</summary>
    public static string Script { get; } = ReadScript();

    /// <summary>Applies <see cref="Script"/> to the database of <paramref name="connectionString"/>.</summary>
    public static async Task EnsureAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", connection, transaction))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await using (var script = new NpgsqlCommand(Script, connection, transaction))
        {
            await script.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string ReadScript()
    {
        using var stream = typeof(PostgresMembershipSchema).Assembly.GetManifestResourceStream("TenantDb.Cluster.Membership.PostgresMembership.sql")
            ?? throw new InvalidOperationException("the membership schema script is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
