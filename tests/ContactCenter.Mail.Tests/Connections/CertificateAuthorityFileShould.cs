using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ContactCenter.Mail.Connections;

namespace ContactCenter.Mail.Tests.Connections;

/// <summary>The extra certificate authority of the mail connections, read from a PEM file.</summary>
public sealed class CertificateAuthorityFileShould : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cc-ca-").FullName;

    [Fact]
    public void ReadTheCertificateOfAPemFile()
    {
        using var key = RSA.Create(2048);
        using var issued = new CertificateRequest("CN=Test CA", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var file = Path.Combine(_folder, "ca.pem");
        File.WriteAllText(file, issued.ExportCertificatePem());

        using var read = MailConnectionSettings.ReadCertificateAuthority(file);

        Assert.Equal(issued.Thumbprint, read.Thumbprint);
    }

    [Theory]
    [InlineData("missing.pem", null)]
    [InlineData("garbage.pem", "no certificate here\n")]
    public void RefuseAMissingOrUnreadableFileWithATypedError(string name, string? content)
    {
        var file = Path.Combine(_folder, name);
        if (content is not null)
        {
            File.WriteAllText(file, content);
        }

        var refused = Assert.Throws<MailCertificateFileException>(() => MailConnectionSettings.ReadCertificateAuthority(file));

        Assert.Equal(file, refused.File);
        Assert.Contains(file, refused.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
