using System.Security.Cryptography;
using System.Text;

namespace TenantDb.Engine.Security;

/// <summary>
/// A SCRAM-SHA-256 verifier (RFC 5802 / RFC 7677): what the server stores instead of a password.
/// StoredKey = SHA-256(HMAC(SaltedPassword, "Client Key")), ServerKey = HMAC(SaltedPassword, "Server Key"),
/// SaltedPassword = PBKDF2-HMAC-SHA-256(password, Salt, Iterations).
/// </summary>
/// <param name="Salt">Random per-credential salt (16 bytes for new verifiers).</param>
/// <param name="Iterations">PBKDF2 iteration count.</param>
/// <param name="StoredKey">SHA-256 of the client key.</param>
/// <param name="ServerKey">The server key used to sign the server's final message.</param>
public sealed record ScramVerifier(byte[] Salt, int Iterations, byte[] StoredKey, byte[] ServerKey)
{
    /// <summary>Derives a verifier for <paramref name="password"/> with a fresh random salt.</summary>
    public static ScramVerifier Create(string password, int iterations = 4096)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        byte[] salt = RandomNumberGenerator.GetBytes(16);
        return Create(password, salt, iterations);
    }

    /// <summary>Derives a verifier for <paramref name="password"/> with the given salt (deterministic; for tests).</summary>
    public static ScramVerifier Create(string password, byte[] salt, int iterations)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(salt);

        // RFC 7677 asks for SASLprep; for the ASCII passwords clients send in practice it is the identity.
        byte[] saltedPassword = Rfc2898DeriveBytes.Pbkdf2(
            Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, 32);
        byte[] clientKey = HMACSHA256.HashData(saltedPassword, "Client Key"u8);
        byte[] storedKey = SHA256.HashData(clientKey);
        byte[] serverKey = HMACSHA256.HashData(saltedPassword, "Server Key"u8);
        CryptographicOperations.ZeroMemory(saltedPassword);
        CryptographicOperations.ZeroMemory(clientKey);
        return new ScramVerifier(salt, iterations, storedKey, serverKey);
    }

    /// <summary>
    /// Checks a plain password against this verifier in constant time (for embedded callers that
    /// authenticate themselves; the wire uses the SCRAM exchange instead).
    /// </summary>
    public bool Matches(string password)
    {
        ScramVerifier other = Create(password, Salt, Iterations);
        return CryptographicOperations.FixedTimeEquals(other.StoredKey, StoredKey)
            && CryptographicOperations.FixedTimeEquals(other.ServerKey, ServerKey);
    }
}
