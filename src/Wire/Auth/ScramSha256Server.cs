using System.Security.Cryptography;
using System.Text;

namespace TenantDb.Wire.Auth;

/// <summary>
/// SECURITY-CRITICAL. Server side of one SCRAM-SHA-256 exchange (RFC 5802, RFC 7677) as PostgreSQL
/// runs it: client-first -> server-first -> client-final -> server-final. No channel binding
/// ("n,," or "y,," GS2 header); the user name inside the SCRAM message is ignored, as PostgreSQL
/// does, because the StartupMessage already named the user. The proof is compared in constant time.
/// When the user does not exist the caller passes a mock verifier so the exchange looks the same and
/// fails only at the proof check (no user enumeration).
/// </summary>
internal sealed class ScramSha256Server
{
    private readonly ScramCredentials _credentials;
    private readonly bool _credentialsAreReal;
    private string? _clientFirstBare;
    private string? _serverFirst;
    private string? _nonce;
    private string? _gs2Header;

    /// <summary>Starts an exchange against <paramref name="credentials"/>; <paramref name="real"/> false means always fail.</summary>
    public ScramSha256Server(ScramCredentials credentials, bool real = true)
    {
        _credentials = credentials;
        _credentialsAreReal = real;
    }

    /// <summary>Handles client-first-message; returns server-first-message or null if malformed.</summary>
    public byte[]? HandleClientFirst(ReadOnlySpan<byte> message)
    {
        var text = Encoding.UTF8.GetString(message);
        // gs2-header: cbind-flag "," [authzid] ","
        var firstComma = text.IndexOf(',', StringComparison.Ordinal);
        if (firstComma < 0) return null;
        var secondComma = text.IndexOf(',', firstComma + 1);
        if (secondComma < 0) return null;
        var flag = text[..firstComma];
        if (flag is not ("n" or "y")) return null;   // "p=..." asks for channel binding, which we do not offer
        _gs2Header = text[..(secondComma + 1)];
        _clientFirstBare = text[(secondComma + 1)..];
        string? clientNonce = null;
        foreach (var attr in _clientFirstBare.Split(','))
        {
            if (attr.StartsWith("r=", StringComparison.Ordinal)) clientNonce = attr[2..];
            else if (attr.StartsWith("m=", StringComparison.Ordinal)) return null; // mandatory extensions unsupported
        }
        if (string.IsNullOrEmpty(clientNonce)) return null;
        _nonce = clientNonce + Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
        _serverFirst = $"r={_nonce},s={Convert.ToBase64String(_credentials.Salt)},i={_credentials.Iterations}";
        return Encoding.UTF8.GetBytes(_serverFirst);
    }

    /// <summary>Handles client-final-message; returns server-final-message when the proof is right, else null.</summary>
    public byte[]? HandleClientFinal(ReadOnlySpan<byte> message)
    {
        if (_serverFirst is null || _clientFirstBare is null || _nonce is null || _gs2Header is null) return null;
        var text = Encoding.UTF8.GetString(message);
        var proofAt = text.LastIndexOf(",p=", StringComparison.Ordinal);
        if (proofAt < 0) return null;
        var withoutProof = text[..proofAt];
        string? channelBinding = null, nonce = null;
        foreach (var attr in withoutProof.Split(','))
        {
            if (attr.StartsWith("c=", StringComparison.Ordinal)) channelBinding = attr[2..];
            else if (attr.StartsWith("r=", StringComparison.Ordinal)) nonce = attr[2..];
        }
        if (channelBinding != Convert.ToBase64String(Encoding.UTF8.GetBytes(_gs2Header))) return null;
        if (nonce != _nonce) return null;
        Span<byte> proof = stackalloc byte[32];
        if (!Convert.TryFromBase64String(text[(proofAt + 3)..], proof, out var proofLength) || proofLength != 32) return null;

        var authMessage = Encoding.UTF8.GetBytes($"{_clientFirstBare},{_serverFirst},{withoutProof}");
        Span<byte> clientSignature = stackalloc byte[32];
        HMACSHA256.HashData(_credentials.StoredKey, authMessage, clientSignature);
        Span<byte> clientKey = stackalloc byte[32];
        for (var i = 0; i < 32; i++) clientKey[i] = (byte)(proof[i] ^ clientSignature[i]);
        Span<byte> storedKey = stackalloc byte[32];
        SHA256.HashData(clientKey, storedKey);
        var match = CryptographicOperations.FixedTimeEquals(storedKey, _credentials.StoredKey);
        if (!match || !_credentialsAreReal) return null;

        var serverSignature = HMACSHA256.HashData(_credentials.ServerKey, authMessage);
        return Encoding.UTF8.GetBytes("v=" + Convert.ToBase64String(serverSignature));
    }

    /// <summary>
    /// A verifier that matches no password, for a user that does not exist. The caller passes the
    /// salt the engine derives from the server's secret and the name (stable per name, not computable
    /// by clients) and the iteration count real verifiers get, so the server-first-message has the
    /// shape and values a real user's would; the keys are random, so no proof matches.
    /// </summary>
    public static ScramCredentials MockCredentials(byte[] salt, int iterations) =>
        new(salt, iterations, RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32));
}
