using System.Security.Cryptography;
using System.Text;

namespace TenantDb.Wire.Auth;

/// <summary>A SCRAM-SHA-256 verifier (RFC 5802/7677): what the server stores instead of a password.</summary>
/// <param name="Salt">Random salt.</param>
/// <param name="Iterations">PBKDF2 iteration count.</param>
/// <param name="StoredKey">H(ClientKey).</param>
/// <param name="ServerKey">HMAC(SaltedPassword, "Server Key").</param>
internal sealed record ScramCredentials(byte[] Salt, int Iterations, byte[] StoredKey, byte[] ServerKey)
{
    /// <summary>Derives a verifier from a password (used by tests and to fake unknown users).</summary>
    public static ScramCredentials FromPassword(string password, byte[] salt, int iterations)
    {
        var salted = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, 32);
        var clientKey = HMACSHA256.HashData(salted, "Client Key"u8);
        var serverKey = HMACSHA256.HashData(salted, "Server Key"u8);
        return new ScramCredentials(salt, iterations, SHA256.HashData(clientKey), serverKey);
    }
}
