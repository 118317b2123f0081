using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ContactCenter.Testing;

/// <summary>Certificates that tests and load scripts make for the servers they start.</summary>
public static class TestCertificates
{
    /// <summary>
    /// The file a server's <c>DataProtection:CertificateFile</c> names: a self-signed certificate with its key (PEM) in
    /// <paramref name="folder"/>, made on the first call. Every later call (a second instance of the same deployment)
    /// gets the same file, as the instances of a real deployment share one certificate.
    /// </summary>
    public static string DataProtectionFile(string folder)
    {
        var file = Path.Combine(folder, "data-protection.pem");
        if (File.Exists(file))
        {
            return file;
        }

        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=ContactCenter test keys", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        File.WriteAllText(file, certificate.ExportCertificatePem() + "\n" + rsa.ExportPkcs8PrivateKeyPem());
        return file;
    }
}
