namespace TenantDb.Cli.Hosting;

/// <summary>
/// A setting the user gave is unusable (not a number, out of range, unknown key, unreadable file). The
/// message is one line that names the setting, where it came from and what to do.
/// </summary>
internal sealed class SettingsException(string message) : Exception(message);
