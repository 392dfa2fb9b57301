using System.Runtime.CompilerServices;
using TenantDb.Engine.Hardening;

namespace TenantDb.Reliability.Tests;

/// <summary>
/// Puts SQLite in the threading mode the engine ships with before any test runs, whichever test
/// touches SQLite first (one that opens a plain SQLite connection would otherwise initialise it in
/// serialized mode for the whole run).
/// </summary>
internal static class SqliteThreadingSetup
{
    // CA2255 warns libraries off module initializers; a test assembly is where one belongs.
#pragma warning disable CA2255
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void UseTheShippedMode() => SqliteThreading.Configure();
}
