namespace TenantDb.Engine.Hardening;

/// <summary>The span of <see cref="ConnectionGuard.EnterTrusted"/>: disposing it restores the guard's previous trust.</summary>
internal readonly struct TrustedScope(ConnectionGuard guard, bool previous) : IDisposable
{
    public void Dispose() => guard.RestoreTrust(previous);
}
