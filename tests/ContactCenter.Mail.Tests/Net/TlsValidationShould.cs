using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ContactCenter.Mail.Net;

namespace ContactCenter.Mail.Tests.Net;

public sealed class TlsValidationShould
{
    private static X509Certificate2 CreateCa(string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    private static X509Certificate2 CreateServer(X509Certificate2 ca)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        return request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10), [1, 2, 3, 4]);
    }

    [Fact]
    public void TrustAServerCertificateIssuedByTheExtraCa()
    {
        using var ca = CreateCa("Extra CA");
        using var server = CreateServer(ca);

        Assert.True(TlsValidation.Validate(server, SslPolicyErrors.RemoteCertificateChainErrors, ca));
    }

    [Fact]
    public void RefuseACertificateFromAnotherCa()
    {
        using var ca = CreateCa("Extra CA");
        using var other = CreateCa("Other CA");
        using var server = CreateServer(other);

        Assert.False(TlsValidation.Validate(server, SslPolicyErrors.RemoteCertificateChainErrors, ca));
        Assert.False(TlsValidation.Validate(server, SslPolicyErrors.RemoteCertificateChainErrors, null));
    }

    [Fact]
    public void NeverForgiveANameMismatch()
    {
        using var ca = CreateCa("Extra CA");
        using var server = CreateServer(ca);

        Assert.False(TlsValidation.Validate(server, SslPolicyErrors.RemoteCertificateNameMismatch, ca));
        Assert.False(TlsValidation.Validate(server, SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateChainErrors, ca));
        Assert.False(TlsValidation.Validate(null, SslPolicyErrors.RemoteCertificateNotAvailable, ca));
    }
}
