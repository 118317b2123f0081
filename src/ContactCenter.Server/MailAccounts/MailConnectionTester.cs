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

    private static readonly Microsoft.Extensions.Localization.IStringLocalizer Texts = Localization.Texts<MailAccountsTexts>();

    public static async Task<ConnectionTestResult> TestInboundAsync(InboundAccount account, string? password, IConfiguration configuration, CancellationToken cancellationToken)
    {
        if (password is null)
        {
            return new ConnectionTestResult(false, Texts["TestNoPassword"]);
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
                return Texts["TestImapAccepted", target, account.UserName, folder.Name, folder.Exists].Value;
            }

            await using var pop3 = new Pop3Client();
            await pop3.ConnectAsync(options with { Host = account.Host, Port = account.Port, Security = Security(account.TlsMode) }, cancellationToken);
            await pop3.AuthenticateAsync(credentials, cancellationToken);
            var (count, size) = await pop3.StatAsync(cancellationToken);
            await pop3.QuitAsync(cancellationToken);
            return Texts["TestPop3Accepted", target, account.UserName, count, size].Value;
        });
    }

    public static async Task<ConnectionTestResult> TestOutboundAsync(OutboundSmtpServer server, string? password, IConfiguration configuration, CancellationToken cancellationToken)
    {
        if (server.Authenticate && (password is null || server.UserName is null))
        {
            return new ConnectionTestResult(false, Texts["TestNoSmtpCredentials"]);
        }

        return await RunAsync(configuration, async options =>
        {
            await using var smtp = new SmtpClient();
            await smtp.ConnectAsync(options with { Host = server.Host, Port = server.Port, Security = Security(server.TlsMode) }, cancellationToken);
            if (server.Authenticate)
            {
                await smtp.AuthenticateAsync(new PasswordCredentials(server.UserName!, password!), cancellationToken);
            }

            var extensions = string.Join(", ", smtp.Extensions.Keys.Order(StringComparer.Ordinal));
            await smtp.QuitAsync(cancellationToken);
            var target = Describe(server.Host, server.Port, server.TlsMode);
            return (server.Authenticate ? Texts["TestSmtpAcceptedOffers", target, server.UserName!, extensions] : Texts["TestSmtpOffers", target, extensions]).Value;
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
            return new ConnectionTestResult(false, Texts["TestCaUnreadable", ExtraTrustedCaKey, unusable.Message]);
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
                    ? Texts["TestServerAnswer", refused.Message, answer]
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
        mode == MailTlsMode.None ? Texts["TargetNoTls", host, port] : Texts["TargetTls", host, port, MailAccountNames.Of(mode)];
}
