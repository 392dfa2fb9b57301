using System.Security.Cryptography.X509Certificates;

namespace TenantDb.Wire.Server;

/// <summary>Loads the server certificate for TLS from PEM files (--tls-cert, --tls-key).</summary>
internal static class TlsCertificateLoader
{
    /// <summary>Reads certificate + key; the key may be inside the certificate file when no key file is given.</summary>
    public static X509Certificate2 Load(string certificatePath, string? keyPath)
    {
        using var pem = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        // Linux SslStream needs the key in a form it can hand to OpenSSL: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }
}
