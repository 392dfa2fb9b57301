namespace TenantDb.Wire.Protocol;

/// <summary>The request codes that can open a connection (the int32 after the length of the first packet).</summary>
internal static class StartupCode
{
    /// <summary>StartupMessage, protocol 3.0.</summary>
    public const int ProtocolVersion3 = 3 << 16;
    /// <summary>CancelRequest: 1234 &lt;&lt; 16 | 5678.</summary>
    public const int CancelRequest = 80877102;
    /// <summary>SSLRequest: 1234 &lt;&lt; 16 | 5679.</summary>
    public const int SslRequest = 80877103;
    /// <summary>GSSENCRequest: 1234 &lt;&lt; 16 | 5680.</summary>
    public const int GssEncRequest = 80877104;
}
