using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ContactCenter.Data.Tenant;
using ContactCenter.Mail.Imap;
using ContactCenter.Mail.Net;
using ContactCenter.Mail.Pop3;
using ContactCenter.Mail.Smtp;

namespace ContactCenter.Server.MailAccounts;

/// <summary>
/// "Test connection": connects with our own mail clients, secures the connection as configured, signs in and
/// reports what the server answered. Every failure of the server or the network is a result, not an error.
/// </summary>
public static class MailConnectionTester
{
    /// <summary>Configuration key of an extra CA (PEM file) to trust for tenants' mail servers, e.g. a private test CA.</summary>
    public const string ExtraTrustedCaKey = "Mail:ExtraTrustedCaFile";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public static async Task<ConnectionTestResult> TestInboundAsync(InboundAccount account, string? password, IConfiguration configuration, CancellationToken cancellationToken)
    {
        if (password is null)
        {
            return new ConnectionTestResult(false, "No password is stored for this account: enter one and save first.");
        }

        return await RunAsync(configuration, async options =>
        {
            var target = Describe(account.Host, account.Port, account.TlsMode);
            var credentials = new PasswordCredentials(account.UserName, password);
            if (account.Protocol == MailProtocol.Imap)
            {
                await using var imap = new ImapClient();
                await imap.ConnectAsync(options with { Host = account.Host, Port = account.Port, Security = Security(account.TlsMode) }, cancellationToken);
                await imap.AuthenticateAsync(credentials, cancellationToken);
                var folder = await imap.ExamineAsync(account.Folder ?? "INBOX", cancellationToken);
                await imap.LogoutAsync(cancellationToken);
                return $"IMAP server {target} accepted {account.UserName}; folder {folder.Name} holds {folder.Exists} message(s).";
            }

            await using var pop3 = new Pop3Client();
            await pop3.ConnectAsync(options with { Host = account.Host, Port = account.Port, Security = Security(account.TlsMode) }, cancellationToken);
            await pop3.AuthenticateAsync(credentials, cancellationToken);
            var (count, size) = await pop3.StatAsync(cancellationToken);
            await pop3.QuitAsync(cancellationToken);
            return $"POP3 server {target} accepted {account.UserName}; the mailbox holds {count} message(s), {size} bytes.";
        });
    }

    public static async Task<ConnectionTestResult> TestOutboundAsync(OutboundSmtpServer server, string? password, IConfiguration configuration, CancellationToken cancellationToken)
    {
        if (server.Authenticate && (password is null || server.UserName is null))
        {
            return new ConnectionTestResult(false, "Authentication is on but no user name or password is stored: enter them and save first.");
        }

        return await RunAsync(configuration, async options =>
        {
            await using var smtp = new SmtpClient();
            await smtp.ConnectAsync(options with { Host = server.Host, Port = server.Port, Security = Security(server.TlsMode) }, cancellationToken);
            var signedIn = "";
            if (server.Authenticate)
            {
                await smtp.AuthenticateAsync(new PasswordCredentials(server.UserName!, password!), cancellationToken);
                signedIn = $" accepted {server.UserName} and";
            }

            var extensions = string.Join(", ", smtp.Extensions.Keys.Order(StringComparer.Ordinal));
            await smtp.QuitAsync(cancellationToken);
            return $"SMTP server {Describe(server.Host, server.Port, server.TlsMode)}{signedIn} offers: {extensions}.";
        });
    }

    private static async Task<ConnectionTestResult> RunAsync(IConfiguration configuration, Func<MailConnectionOptions, Task<string>> test)
    {
        X509Certificate2? ca;
        try
        {
            ca = configuration[ExtraTrustedCaKey] is { Length: > 0 } file ? X509Certificate2.CreateFromPem(File.ReadAllText(file)) : null;
        }
        catch (Exception unusable) when (unusable is IOException or UnauthorizedAccessException or CryptographicException)
        {
            return new ConnectionTestResult(false, $"The server's setting {ExtraTrustedCaKey} is not a readable PEM certificate: {unusable.Message}");
        }

        using (ca)
        {
            try
            {
                // Host, port and security are set per test; the placeholders are replaced with `with`.
                return new ConnectionTestResult(true, await test(new MailConnectionOptions { Host = "localhost", Port = 1, ExtraTrustedCa = ca, Timeout = Timeout }));
            }
            catch (MailAuthenticationException refused)
            {
                return new ConnectionTestResult(false, refused.ServerResponse is { Length: > 0 } answer && !refused.Message.Contains(answer, StringComparison.Ordinal)
                    ? $"{refused.Message} (server: {answer})"
                    : refused.Message);
            }
            catch (MailException failed)
            {
                return new ConnectionTestResult(false, failed.Message);
            }
        }
    }

    private static MailSecurity Security(MailTlsMode mode) => mode switch
    {
        MailTlsMode.Implicit => MailSecurity.ImplicitTls,
        MailTlsMode.StartTls => MailSecurity.StartTls,
        _ => MailSecurity.None,
    };

    private static string Describe(string host, int port, MailTlsMode mode) =>
        $"{host}:{port} ({(mode == MailTlsMode.None ? "no TLS" : MailAccountNames.Of(mode) + " TLS")})";
}
