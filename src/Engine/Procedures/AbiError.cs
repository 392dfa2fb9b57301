namespace TenantDb.Engine.Procedures;

/// <summary>The negative return codes of the procedure ABI (docs/abi.md).</summary>
internal static class AbiError
{
    public const int Fault = -1;
    public const int BadChannel = -2;
    public const int TooSmall = -3;
    public const int Encoding = -4;
    public const int Sql = -5;
    public const int Denied = -6;
}
