using TenantDb.Engine;

namespace TenantDb.Wire.Tests.EndToEnd;

/// <summary>
/// A server whose statement timeout fits bulk loads: <c>pgbench -i -s 10</c> generates a million rows
/// and rebuilds the table for its primary key in single statements, which take a second or two on an
/// idle machine but can pass the default 5 s on a loaded 2-core CI machine. Operators raise the same
/// setting (<c>statement_timeout_seconds</c>) for such loads.
/// </summary>
public sealed class BulkLoadServerFixture : WireServerFixture
{
    public BulkLoadServerFixture()
        : base(new EngineOptions { StatementTimeout = TimeSpan.FromMinutes(2) })
    {
    }
}
