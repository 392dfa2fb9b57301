namespace TenantDb.Wire.Protocol;

/// <summary>StartupMessage (protocol 3.0): user, database and other run-time parameters.</summary>
/// <param name="Parameters">Name/value pairs in the order sent.</param>
internal sealed record StartupMessage(IReadOnlyList<KeyValuePair<string, string>> Parameters)
{
    /// <summary>Value of a startup parameter, or null.</summary>
    public string? Get(string name)
    {
        foreach (var p in Parameters)
            if (p.Key == name) return p.Value;
        return null;
    }
}

/// <summary>CancelRequest: identifies the connection whose running query should be canceled.</summary>
internal readonly record struct CancelRequestMessage(int ProcessId, int SecretKey);

/// <summary>Parse: prepare <paramref name="Sql"/> as statement <paramref name="Name"/> ("" = unnamed).</summary>
internal sealed record ParseMessage(string Name, string Sql, uint[] ParameterTypes);

/// <summary>Bind: create a portal from a prepared statement with parameter values and result formats.</summary>
/// <param name="Portal">Portal name ("" = unnamed).</param>
/// <param name="Statement">Prepared statement name.</param>
/// <param name="ParameterFormats">0, 1 (applies to all) or one format code per parameter.</param>
/// <param name="Parameters">Raw parameter values; null = SQL NULL.</param>
/// <param name="ResultFormats">0, 1 (applies to all) or one format code per result column.</param>
internal sealed record BindMessage(string Portal, string Statement, short[] ParameterFormats, byte[]?[] Parameters, short[] ResultFormats);

/// <summary>Describe ('S' statement or 'P' portal).</summary>
internal readonly record struct DescribeMessage(byte Kind, string Name);

/// <summary>Close ('S' statement or 'P' portal).</summary>
internal readonly record struct CloseMessage(byte Kind, string Name);

/// <summary>Execute a portal, returning at most <paramref name="MaxRows"/> rows (0 = all).</summary>
internal readonly record struct ExecuteMessage(string Portal, int MaxRows);

/// <summary>SASLInitialResponse: chosen mechanism and the client-first-message.</summary>
internal sealed record SaslInitialResponseMessage(string Mechanism, byte[]? Data);
