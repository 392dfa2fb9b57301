// SAFETY-CRITICAL: in multi-thread mode SQLite no longer locks a connection for the caller. Every
// connection and statement the engine owns must be used by one thread at a time; the only call made
// on a connection from another thread is sqlite3_interrupt (ConnectionGuard.Interrupt), which SQLite
// documents as safe from any thread.
using SQLitePCL;

namespace TenantDb.Engine.Hardening;

/// <summary>
/// The process-wide threading mode of SQLite, chosen once before SQLite first initialises.
/// <para>
/// TenantDb runs SQLite in <b>multi-thread</b> mode (<c>SQLITE_CONFIG_MULTITHREAD</c>): connections
/// have no mutex, so each API call on a connection (a step, a column read) costs no lock and unlock.
/// That is safe because the engine never uses one connection from two threads at once: a session and
/// its statements run on one thread at a time, connections change hands only through locked pools,
/// and cancels use <c>sqlite3_interrupt</c>. The setting is for the whole process and only takes effect
/// before anything in the process has used SQLite; it also applies to SQLite connections the embedding
/// application opens itself, which then must not be shared between threads without a lock of their own.
/// </para>
/// <para>
/// An application that shares one SQLite connection between threads keeps SQLite's default
/// serialized mode by setting the AppContext switch <see cref="SerializedSwitch"/> (in its project:
/// <c>&lt;RuntimeHostConfigurationOption Include="TenantDb.Engine.SqliteSerialized" Value="true" /&gt;</c>)
/// or by calling <c>AppContext.SetSwitch</c> before the first engine is opened. When the application
/// used SQLite before the first engine was opened, SQLite is already initialised and stays in the
/// mode it has; <see cref="Mode"/> and <see cref="Description"/> say which, and the server logs it.
/// </para>
/// </summary>
public static class SqliteThreading
{
    /// <summary>The AppContext switch that keeps SQLite in serialized mode.</summary>
    public const string SerializedSwitch = "TenantDb.Engine.SqliteSerialized";

    // sqlite3.h: SQLITE_CONFIG_MULTITHREAD; the return code when SQLite is already initialised.
    private const int ConfigMultiThread = 2;
    private const int Misuse = 21;

    private static readonly Lock s_lock = new();
    private static bool s_configured;
    private static SqliteThreadingMode s_mode;
    private static string s_description = "";

    /// <summary>The mode SQLite runs in, as far as the engine set or found it (configures it on first use).</summary>
    public static SqliteThreadingMode Mode
    {
        get
        {
            Configure();
            return s_mode;
        }
    }

    /// <summary>What <see cref="Mode"/> is and why, for a log line.</summary>
    public static string Description
    {
        get
        {
            Configure();
            return s_description;
        }
    }

    /// <summary>
    /// Chooses the threading mode if nothing did yet: multi-thread, unless the switch asks for serialized
    /// or SQLite is already initialised. Opening an engine calls this; an application that uses SQLite
    /// itself calls it first to give the engine multi-thread mode. Idempotent and thread-safe.
    /// </summary>
    public static void Configure()
    {
        lock (s_lock)
        {
            if (s_configured) return;
            s_configured = true;
            // Loads the native library; it does not initialise SQLite.
            Batteries_V2.Init();
            if (AppContext.TryGetSwitch(SerializedSwitch, out bool serialized) && serialized)
            {
                s_mode = SqliteThreadingMode.Serialized;
                s_description = $"SQLite runs in serialized mode: the application set {SerializedSwitch}";
                return;
            }
            int rc = raw.sqlite3_config(ConfigMultiThread);
            if (rc == raw.SQLITE_OK)
            {
                s_mode = SqliteThreadingMode.MultiThread;
                s_description = "SQLite runs in multi-thread mode (no per-connection mutex)";
                return;
            }
            s_mode = SqliteThreadingMode.Serialized;
            s_description = rc == Misuse
                ? "SQLite runs in the mode it had: something in the process used SQLite before the first engine was opened, so multi-thread mode could not be set (procedure channels run slower); call SqliteThreading.Configure() first to avoid this"
                : $"SQLite runs in serialized mode: sqlite3_config(SQLITE_CONFIG_MULTITHREAD) returned {rc}";
        }
    }
}
