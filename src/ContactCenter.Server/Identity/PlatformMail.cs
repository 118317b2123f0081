using System.Security.Cryptography.X509Certificates;
using ContactCenter.Mail.Connections;
using Microsoft.Extensions.Options;
using MimeKit;

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

/// <summary>Sends the platform's own short text mails: a MimeKit message through MailKit's SMTP client (our seam).</summary>
public sealed class PlatformMailer(IOptions<PlatformMailOptions> options)
{
    public bool IsConfigured => options.Value is { Host.Length: > 0, From.Length: > 0 };

    /// <summary>Sends one plain-text mail.</summary>
    /// <exception cref="PlatformMailNotConfiguredException">No account is configured, or its CA file is unusable.</exception>
    /// <exception cref="MailException">The server refused or the connection failed.</exception>
    /// <exception cref="ParseException"><paramref name="to"/> is not an e-mail address.</exception>
    public async Task SendAsync(string to, string subject, string text, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!IsConfigured)
        {
            throw new PlatformMailNotConfiguredException("No platform mail account is configured (PlatformMail:Host and PlatformMail:From).");
        }

        var message = new MimeMessage
        {
            Subject = subject,
            Date = DateTimeOffset.UtcNow,
            Body = new TextPart("plain") { Text = text },
        };
        message.From.Add(new MailboxAddress("ContactCenter", settings.From!));
        message.To.Add(new MailboxAddress(string.Empty, to));
        var domain = settings.From![(settings.From!.IndexOf('@', StringComparison.Ordinal) + 1)..];
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId(domain);

        using var ca = settings.ExtraTrustedCaFile is { Length: > 0 } file ? LoadCertificate(file) : null;
        var endpoint = new MailEndpoint(settings.Host!, settings.Port, settings.Security, settings.UserName is { Length: > 0 } user ? user : null, settings.Password ?? string.Empty);
        await using var smtp = await SmtpSender.ConnectAsync(endpoint, new MailConnectionSettings { ExtraTrustedCa = ca, ClientName = domain }, cancellationToken);
        await smtp.SendAsync(message, cancellationToken);
        await smtp.CloseAsync(cancellationToken);
    }

    private static X509Certificate2 LoadCertificate(string file)
    {
        try
        {
            return MailConnectionSettings.ReadCertificateAuthority(file);
        }
        catch (MailCertificateFileException unusable)
        {
            throw new PlatformMailNotConfiguredException($"PlatformMail:ExtraTrustedCaFile {unusable.Message}");
        }
    }
}
