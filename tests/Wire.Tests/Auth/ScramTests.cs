using System.Security.Cryptography;
using System.Text;
using TenantDb.Wire.Auth;

namespace TenantDb.Wire.Tests.Auth;

public class ScramTests
{
    /// <summary>Client side of SCRAM-SHA-256 as RFC 5802 describes it; returns (client-final, expected server signature).</summary>
    internal static (string Final, string ServerSignature) ClientFinal(string password, string clientFirstBare, string serverFirst)
    {
        var attrs = serverFirst.Split(',').ToDictionary(a => a[0], a => a[2..]);
        var salted = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), Convert.FromBase64String(attrs['s']), int.Parse(attrs['i'], System.Globalization.CultureInfo.InvariantCulture), HashAlgorithmName.SHA256, 32);
        var clientKey = HMACSHA256.HashData(salted, "Client Key"u8);
        var storedKey = SHA256.HashData(clientKey);
        var withoutProof = $"c=biws,r={attrs['r']}";
        var authMessage = Encoding.UTF8.GetBytes($"{clientFirstBare},{serverFirst},{withoutProof}");
        var signature = HMACSHA256.HashData(storedKey, authMessage);
        var proof = clientKey.Select((b, i) => (byte)(b ^ signature[i])).ToArray();
        var serverSignature = HMACSHA256.HashData(HMACSHA256.HashData(salted, "Server Key"u8), authMessage);
        return ($"{withoutProof},p={Convert.ToBase64String(proof)}", "v=" + Convert.ToBase64String(serverSignature));
    }

    private static byte[]? Exchange(ScramSha256Server server, string password, out string? expected)
    {
        const string bare = "n=,r=rOprNGfwEbeRWgbNEkqO";
        var first = server.HandleClientFirst(Encoding.UTF8.GetBytes("n,," + bare));
        Assert.NotNull(first);
        var (final, signature) = ClientFinal(password, bare, Encoding.UTF8.GetString(first));
        expected = signature;
        return server.HandleClientFinal(Encoding.UTF8.GetBytes(final));
    }

    [Fact]
    public void Right_password_is_accepted_and_server_proves_itself()
    {
        var creds = ScramCredentials.FromPassword("s3cret", RandomNumberGenerator.GetBytes(16), 4096);
        var final = Exchange(new ScramSha256Server(creds), "s3cret", out var expected);
        Assert.Equal(expected, Encoding.UTF8.GetString(final!));
    }

    [Fact]
    public void Wrong_password_is_rejected()
    {
        var creds = ScramCredentials.FromPassword("s3cret", RandomNumberGenerator.GetBytes(16), 4096);
        Assert.Null(Exchange(new ScramSha256Server(creds), "guess", out _));
    }

    [Fact]
    public void Mock_credentials_never_succeed()
    {
        var mock = ScramSha256Server.MockCredentials(RandomNumberGenerator.GetBytes(16), 4096);
        Assert.Null(Exchange(new ScramSha256Server(mock, real: false), "", out _));
    }

    [Theory]
    [InlineData("p=tls-server-end-point,,n=,r=abc")]
    [InlineData("n,,n=")]
    [InlineData("garbage")]
    [InlineData("")]
    public void Malformed_client_first_is_rejected(string message)
    {
        var creds = ScramCredentials.FromPassword("x", new byte[16], 4096);
        Assert.Null(new ScramSha256Server(creds).HandleClientFirst(Encoding.UTF8.GetBytes(message)));
    }
}
