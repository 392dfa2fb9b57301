using System.Security.Cryptography;
using System.Text;

namespace TenantDb.Fuzz.Wire;

/// <summary>The client half of SCRAM-SHA-256 (RFC 5802/7677), enough to log the fuzz harness in.</summary>
internal sealed class ScramClient(string password)
{
    private const string Gs2Header = "n,,";
    private readonly string _clientNonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));

    private string ClientFirstBare => "n=,r=" + _clientNonce;

    /// <summary>client-first-message.</summary>
    public byte[] ClientFirst() => Encoding.UTF8.GetBytes(Gs2Header + ClientFirstBare);

    /// <summary>client-final-message answering <paramref name="serverFirst"/>.</summary>
    public byte[] ClientFinal(byte[] serverFirst)
    {
        string serverFirstText = Encoding.UTF8.GetString(serverFirst);
        string nonce = "", salt = "";
        int iterations = 0;
        foreach (var attr in serverFirstText.Split(','))
        {
            if (attr.StartsWith("r=", StringComparison.Ordinal)) nonce = attr[2..];
            else if (attr.StartsWith("s=", StringComparison.Ordinal)) salt = attr[2..];
            else if (attr.StartsWith("i=", StringComparison.Ordinal)) iterations = int.Parse(attr[2..], System.Globalization.CultureInfo.InvariantCulture);
        }
        string withoutProof = "c=" + Convert.ToBase64String(Encoding.UTF8.GetBytes(Gs2Header)) + ",r=" + nonce;
        byte[] saltedPassword = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), Convert.FromBase64String(salt), iterations, HashAlgorithmName.SHA256, 32);
        byte[] clientKey = HMACSHA256.HashData(saltedPassword, "Client Key"u8);
        byte[] storedKey = SHA256.HashData(clientKey);
        byte[] signature = HMACSHA256.HashData(storedKey, Encoding.UTF8.GetBytes($"{ClientFirstBare},{serverFirstText},{withoutProof}"));
        for (int i = 0; i < clientKey.Length; i++) clientKey[i] ^= signature[i];
        return Encoding.UTF8.GetBytes(withoutProof + ",p=" + Convert.ToBase64String(clientKey));
    }
}
