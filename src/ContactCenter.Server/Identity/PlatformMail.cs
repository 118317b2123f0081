using System.Security.Cryptography.X509Certificates;
using ContactCenter.Mail.Mime;
using ContactCenter.Mail.Net;
using ContactCenter.Mail.Smtp;
using Microsoft.Extensions.Options;

namespace ContactCenter.Server.Identity;

/// <summary>The SMTP account the platform itself sends from (password resets, invitations): section <c>PlatformMail</c>.</summary>
public sealed class PlatformMailOptions
{
    public const string Section = "PlatformMail";

    /// <summary>Submission server; unset means the platform sends no mail.</summary>
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public MailSecurity Security { get; set; } = MailSecurity.StartTls;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>Sender address, e.g. <c>no-reply@contactcenter.example</c>.</summary>
    public string? From { get; set; }

    /// <summary>A PEM file of an extra CA to trust (a private mail server).</summary>
    public string? ExtraTrustedCaFile { get; set; }
}

/// <summary>The platform has no (usable) mail account configured.</summary>
public sealed class PlatformMailNotConfiguredException(string message) : InvalidOperationException(message);

/// <summary>Sends the platform's own short text mails through our SMTP client.</summary>
public sealed class PlatformMailer(IOptions<PlatformMailOptions> options)
{
    public bool IsConfigured => options.Value is { Host.Length: > 0, From.Length: > 0 };

    /// <summary>Sends one plain-text mail.</summary>
    /// <exception cref="PlatformMailNotConfiguredException">No account is configured, or its CA file is unusable.</exception>
    /// <exception cref="MailException">The server refused or the connection failed.</exception>
    public async Task SendAsync(string to, string subject, string text, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!IsConfigured)
        {
            throw new PlatformMailNotConfiguredException("No platform mail account is configured (PlatformMail:Host and PlatformMail:From).");
        }

        var from = settings.From!;
        var message = new MimeMessageBuilder(from[(from.IndexOf('@', StringComparison.Ordinal) + 1)..])
        {
            Subject = subject,
            TextBody = text,
            Date = DateTimeOffset.UtcNow,
        };
        message.From.Add(new MailboxAddress("ContactCenter", from));
        message.To.Add(new MailboxAddress(null, to));

        using var ca = settings.ExtraTrustedCaFile is { Length: > 0 } file ? LoadCertificate(file) : null;
        await using var smtp = new SmtpClient();
        await smtp.ConnectAsync(new MailConnectionOptions { Host = settings.Host!, Port = settings.Port, Security = settings.Security, ExtraTrustedCa = ca }, cancellationToken);
        if (settings.UserName is { Length: > 0 } user)
        {
            await smtp.AuthenticateAsync(new PasswordCredentials(user, settings.Password ?? ""), cancellationToken);
        }

        using var content = new MemoryStream(message.ToBytes());
        await smtp.SendAsync(from, [to], content, cancellationToken);
        await smtp.QuitAsync(cancellationToken);
    }

    private static X509Certificate2 LoadCertificate(string file)
    {
        try
        {
            return X509Certificate2.CreateFromPem(File.ReadAllText(file));
        }
        catch (Exception unusable) when (unusable is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new PlatformMailNotConfiguredException($"PlatformMail:ExtraTrustedCaFile '{file}' is not a readable PEM certificate: {unusable.Message}");
        }
    }
}
