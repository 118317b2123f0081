using System.Threading.Channels;
using ContactCenter.Mail.Connections;

namespace ContactCenter.Server.Identity;

/// <summary>One of the platform's own mails, waiting to be sent.</summary>
public sealed record PlatformMailMessage(string To, string Subject, string Text);

/// <summary>
/// Sends the platform's mails (confirmations, invitations, password resets) after the request that wrote them has
/// been answered: the answer then takes the same time whether a mail went out or not, so its timing does not tell
/// who has an account, and a slow or failing mail server holds up no page. Mails are kept in memory only (they
/// carry tokens); one lost to a restart is asked for again. A failure is logged.
/// </summary>
public sealed partial class PlatformMailDispatcher(PlatformMailer mailer, ILogger<PlatformMailDispatcher> logger) : BackgroundService
{
    private readonly Channel<PlatformMailMessage> _waiting = Channel.CreateUnbounded<PlatformMailMessage>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Whether mails can go out at all (<c>PlatformMail:Host</c> and <c>PlatformMail:From</c> are set).</summary>
    public bool IsConfigured => mailer.IsConfigured;

    /// <summary>Queues the mail; false (and nothing queued) when the platform sends no mail.</summary>
    public bool Enqueue(PlatformMailMessage message) => IsConfigured && _waiting.Writer.TryWrite(message);

    /// <summary>
    /// Queues the mail, or, when the platform sends no mail, writes <paramref name="link"/> to the log instead, so that
    /// an operator can pass it on. Only for links that give nothing away on their own (a confirmation, an invitation
    /// that still needs the account's password), never a password reset. True when the mail was queued.
    /// </summary>
    public bool EnqueueOrLog(PlatformMailMessage message, string link)
    {
        if (Enqueue(message))
        {
            return true;
        }

        LinkNotMailed(message.To, link);
        return false;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var message in _waiting.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await mailer.SendAsync(message.To, message.Subject, message.Text, stoppingToken);
                }
                catch (Exception failure) when (failure is MailException or PlatformMailNotConfiguredException or MimeKit.ParseException or IOException)
                {
                    MailNotSent(failure, message.Subject);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what is still queued is not sent.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Platform mail is not configured (PlatformMail:Host, PlatformMail:From); the link for {Recipient} is {Link}")]
    private partial void LinkNotMailed(string recipient, string link);

    [LoggerMessage(Level = LogLevel.Error, Message = "The platform mail '{Subject}' could not be sent")]
    private partial void MailNotSent(Exception failure, string subject);
}
