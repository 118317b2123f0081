using System.Security.Cryptography.X509Certificates;
using ContactCenter.Data.Tenant;
using ContactCenter.Mail.Connections;

namespace ContactCenter.Server.MailAccounts;

/// <summary>
/// "Test connection": connects through our MailKit seam, secures the connection as configured, signs in and reports
/// what the server answered, with the conversation (passwords removed) for the administrator. Every failure of the
/// server or the network is a result, not an error.
/// </summary>
public static class MailConnectionTester
{
    /// <summary>Configuration key of an extra CA (PEM file) to trust for tenants' mail servers, e.g. a private test CA.</summary>
    public const string ExtraTrustedCaKey = "Mail:ExtraTrustedCaFile";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private static readonly Microsoft.Extensions.Localization.IStringLocalizer Texts = Localization.Texts<MailAccountsTexts>();

    public static Task<ConnectionTestResult> TestInboundAsync(InboundAccount account, string? password, IConfiguration configuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        return TestMailboxAsync(account.Protocol, account.Host, account.Port, account.TlsMode, account.UserName, account.Folder, password, configuration, cancellationToken);
    }

    /// <summary>A system account's server tab; an account without a server has nothing to test.</summary>
    public static Task<ConnectionTestResult> TestSystemAsync(ISystemAccount account, string? password, IConfiguration configuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        return account is { Host: { } host, UserName: { } user }
            ? TestMailboxAsync(account.Protocol, host, account.Port, account.TlsMode, user, account.Folder, password, configuration, cancellationToken)
            : Task.FromResult(new ConnectionTestResult(false, Texts["TestNoServer"], string.Empty));
    }

    private static async Task<ConnectionTestResult> TestMailboxAsync(
        MailProtocol mailProtocol, string host, int port, MailTlsMode tls, string user, string? folder, string? password, IConfiguration configuration,
        CancellationToken cancellationToken)
    {
        if (password is null)
        {
            return new ConnectionTestResult(false, Texts["TestNoPassword"], string.Empty);
        }

        var endpoint = new MailEndpoint(host, port, Security(tls), user, password);
        return await RunAsync(configuration, async settings =>
        {
            var protocol = mailProtocol == MailProtocol.Imap ? InboxProtocol.Imap : InboxProtocol.Pop3;
            await using var inbox = await MailInbox.OpenAsync(protocol, endpoint, folder, readOnly: true, settings, cancellationToken);
            await inbox.CloseAsync(cancellationToken);
            var target = Describe(host, port, tls);
            return protocol == InboxProtocol.Imap
                ? Texts["TestImapAccepted", target, user, inbox.Folder, inbox.Count].Value
                : Texts["TestPop3Accepted", target, user, inbox.Count, inbox.TotalSize ?? 0].Value;
        });
    }

    public static async Task<ConnectionTestResult> TestOutboundAsync(OutboundSmtpServer server, string? password, IConfiguration configuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        if (server.Authenticate && (password is null || server.UserName is null))
        {
            return new ConnectionTestResult(false, Texts["TestNoSmtpCredentials"], string.Empty);
        }

        var endpoint = new MailEndpoint(server.Host, server.Port, Security(server.TlsMode), server.Authenticate ? server.UserName : null, server.Authenticate ? password : null);
        return await RunAsync(configuration, async settings =>
        {
            await using var smtp = await SmtpSender.ConnectAsync(endpoint, settings, cancellationToken);
            var extensions = string.Join(", ", smtp.Extensions.Order(StringComparer.Ordinal));
            await smtp.CloseAsync(cancellationToken);
            var target = Describe(server.Host, server.Port, server.TlsMode);
            return (server.Authenticate ? Texts["TestSmtpAcceptedOffers", target, server.UserName!, extensions] : Texts["TestSmtpOffers", target, extensions]).Value;
        });
    }

    private static async Task<ConnectionTestResult> RunAsync(IConfiguration configuration, Func<MailConnectionSettings, Task<string>> test)
    {
        X509Certificate2? ca;
        try
        {
            ca = configuration[ExtraTrustedCaKey] is { Length: > 0 } file ? MailConnectionSettings.ReadCertificateAuthority(file) : null;
        }
        catch (MailCertificateFileException unusable)
        {
            return new ConnectionTestResult(false, Texts["TestCaUnreadable", ExtraTrustedCaKey, unusable.InnerException!.Message], string.Empty);
        }

        using (ca)
        {
            var log = new MailProtocolLog();
            // The host was checked when it was saved; the address actually connected to is checked again here, since a
            // name may resolve differently by now.
            var settings = new MailConnectionSettings
            {
                ExtraTrustedCa = ca, Timeout = Timeout, ProtocolLog = log, AddressPolicy = PublicAddressPolicy.From(configuration),
            };
            try
            {
                var message = await test(settings);
                return new ConnectionTestResult(true, message, log.Text);
            }
            catch (MailAddressRefusedException refused)
            {
                return new ConnectionTestResult(false, Texts["HostNotPublic", refused.Host], log.Text);
            }
            catch (MailException failed)
            {
                return new ConnectionTestResult(false, failed.Message, log.Text);
            }
        }
    }

    /// <summary>How a connection to a server configured with <paramref name="mode"/> is secured.</summary>
    internal static MailSecurity Security(MailTlsMode mode) => mode switch
    {
        MailTlsMode.Implicit => MailSecurity.ImplicitTls,
        MailTlsMode.StartTls => MailSecurity.StartTls,
        _ => MailSecurity.None,
    };

    private static string Describe(string host, int port, MailTlsMode mode) =>
        mode == MailTlsMode.None ? Texts["TargetNoTls", host, port] : Texts["TargetTls", host, port, MailAccountNames.Of(mode)];
}
