using System.Security.Cryptography.X509Certificates;

namespace ContactCenter.Mail.Connections;

/// <summary>What every connection of a caller shares, beside an account's own <see cref="MailEndpoint"/>.</summary>
public sealed record MailConnectionSettings
{
    /// <summary>The defaults: system trust store only, 60 s per operation, every address allowed, no protocol log.</summary>
    public static MailConnectionSettings Default { get; } = new();

    /// <summary>
    /// An extra certificate authority trusted besides the system's (a company or test CA). Certificates are always
    /// validated, chain and host name; there is deliberately no "accept all" switch.
    /// </summary>
    public X509Certificate2? ExtraTrustedCa { get; init; }

    /// <summary>Reads an extra certificate authority (<see cref="ExtraTrustedCa"/>) from a PEM file.</summary>
    /// <exception cref="MailCertificateFileException">The file cannot be read or holds no PEM certificate.</exception>
    public static X509Certificate2 ReadCertificateAuthority(string pemFile)
    {
        try
        {
            return X509Certificate2.CreateFromPem(File.ReadAllText(pemFile));
        }
        catch (Exception unusable) when (unusable is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new MailCertificateFileException(pemFile, unusable);
        }
    }

    /// <summary>Time allowed for connecting and for each read or write.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Decides which resolved addresses may be connected to.</summary>
    public IMailAddressPolicy AddressPolicy { get; init; } = MailAddressPolicy.AllowAll;

    /// <summary>Where the conversation is recorded, secrets removed; null records nothing.</summary>
    public MailProtocolLog? ProtocolLog { get; init; }

    /// <summary>The name this client gives itself (SMTP EHLO).</summary>
    public string ClientName { get; init; } = "localhost";
}
