using System.Runtime.InteropServices;
using SQLitePCL;

namespace TenantDb.Engine.Errors;

/// <summary>
/// sqlite3_error_offset is not wrapped by SQLitePCLRaw, so it is called directly in the e_sqlite3 library
/// that SQLitePCLRaw already loaded. If the symbol cannot be found the offset is simply unknown.
/// </summary>
internal static partial class NativeErrorOffset
{
    private static bool s_unavailable;

    /// <summary>The byte offset of the last error in the SQL text, or -1.</summary>
    public static int Get(sqlite3 db)
    {
        if (s_unavailable)
        {
            return -1;
        }

        try
        {
            return sqlite3_error_offset(db.DangerousGetHandle());
        }
        catch (DllNotFoundException)
        {
            s_unavailable = true;
            return -1;
        }
        catch (EntryPointNotFoundException)
        {
            s_unavailable = true;
            return -1;
        }
    }

    [DllImport("e_sqlite3", CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    private static extern int sqlite3_error_offset(IntPtr db);
}
