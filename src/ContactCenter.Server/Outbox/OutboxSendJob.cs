using System.Security.Cryptography.X509Certificates;
using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using ContactCenter.Mail.Connections;
using ContactCenter.Server.Jobs;
using ContactCenter.Server.MailAccounts;
using ContactCenter.Server.MailFetching;
using ContactCenter.Server.Tenancy;
using Hangfire;
using MailKit.Net.Smtp;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace ContactCenter.Server.Outbox;

/// <summary>
/// Delivers one tenant's due outbox rows through the tenant's active SMTP server, one row at a time: claim, send, mark.
/// <para>
/// Never twice: a row is sent only by the sender whose conditional update claimed it (<see cref="ClaimAsync"/>: the
/// database lets one of two concurrent updates see the row still due), and a sent row is marked Sent in a commit of its
/// own right after the server accepted it, so no later run picks it up. The one window left is between the server's
/// acceptance and that commit: a crash there (or a database that refuses the commit) leaves the row claimed, and once
/// the claim expires it is sent again. The Message-ID was fixed before the first attempt, so the copy carries the same
/// id and receivers that drop duplicates by Message-ID drop it. Nothing else runs in that window, and the commit does
/// not listen to the job's cancellation, so a server shutting down does not widen it.
/// </para>
/// <para>
/// Before each attempt the request's token is registered in the catalog (<see cref="MailTokenDirectory"/>), so that a
/// reply to a global system account finds this tenant; a catalog that refuses it fails the run before anything is
/// sent, and the claimed row is due again when its claim expires.
/// </para>
/// </summary>
// A failed run is not retried by Hangfire: the rows it left are due again by their own back-off, and the sweep finds them.
[AutomaticRetry(Attempts = 0)]
public sealed partial class OutboxSendJob(
    TenantJobs tenantJobs, TenantStore tenants, OutboxSettings settings, IDataProtectionProvider protection, IConfiguration configuration,
    PublicAddressPolicy addressPolicy, IBackgroundJobClient jobs, MailTokenDirectory mailTokens, TimeProvider time, ILogger<OutboxSendJob> logger)
{
    public const string Actor = "job:outbox";

    public const string DeliveryFailedChange = "delivery-failed";

    private static readonly Microsoft.Extensions.Localization.IStringLocalizer Texts = Localization.Texts<OutboxTexts>();

    /// <summary>Rows a sender may take now: pending, due, and not held by another sender.</summary>
    public static IQueryable<OutboxMessage> Due(IQueryable<OutboxMessage> rows, DateTime now) =>
        rows.Where(o => o.State == DeliveryState.Pending && o.NextAttemptAt <= now && (o.ClaimedUntil == null || o.ClaimedUntil < now));

    /// <summary>Sends the tenant's due messages (at most <see cref="OutboxSettings.BatchSize"/>; a full batch enqueues the next run).</summary>
    public async Task RunAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        if (await tenants.FindByIdAsync(tenantId, cancellationToken) is not { Status: TenantStatus.Active })
        {
            // Deleted, or suspended: a suspended tenant's mail waits until it is resumed (the sweep finds it then).
            return;
        }

        var more = await tenantJobs.RunAsync(tenantId, Actor, async (db, ct) =>
        {
            var language = await db.Settings.AsNoTracking().Select(s => s.Language).SingleAsync(ct);
            for (var sent = 0; sent < settings.BatchSize; sent++)
            {
                var now = time.GetUtcNow().UtcDateTime;
                var next = await Due(db.Outbox, now).OrderBy(o => o.NextAttemptAt).Select(o => (Guid?)o.Id).FirstOrDefaultAsync(ct);
                if (next is not { } id)
                {
                    return false;
                }

                if (await ClaimAsync(db, id, now, ct))
                {
                    await DeliverAsync(tenantId, db, id, language, ct);
                }
            }

            return true;
        }, cancellationToken);
        if (more)
        {
            jobs.Enqueue<OutboxSendJob>(job => job.RunAsync(tenantId, CancellationToken.None));
        }
    }

    /// <summary>
    /// Takes the row for <see cref="OutboxSettings.ClaimDuration"/>, in a committed update of its own that repeats the
    /// due condition: of two senders racing for the row, the database lets exactly one update it.
    /// </summary>
    internal async Task<bool> ClaimAsync(TenantDbContext db, Guid id, DateTime now, CancellationToken cancellationToken) =>
        await Due(db.Outbox.Where(o => o.Id == id), now)
            .ExecuteUpdateAsync(set => set.SetProperty(o => o.ClaimedUntil, now + settings.ClaimDuration), cancellationToken) == 1;

    private async Task DeliverAsync(Guid tenantId, TenantDbContext db, Guid id, string language, CancellationToken cancellationToken)
    {
        var row = await db.Outbox.SingleAsync(o => o.Id == id, cancellationToken);
        var message = await db.RequestMessages.SingleAsync(m => m.Id == row.RequestMessageId, cancellationToken);
        // Every attempt, not only the first: registering is idempotent, and a row whose first attempt came before the
        // directory existed gets its token too.
        var token = await db.Requests.Where(r => r.Id == message.RequestId).Select(r => r.Token).SingleAsync(cancellationToken);
        await mailTokens.RegisterAsync(tenantId, token, cancellationToken);
        SmtpSender? smtp = null;
        try
        {
            try
            {
                smtp = await SendAsync(tenantId, db, row, cancellationToken);
            }
            catch (OutboxDeliveryException failed)
            {
                await FailAsync(db, row, message, Localization.In(language, () => failed.Describe()), failed.Permanent, tenantId);
                return;
            }

            // Accepted by the server: mark it Sent at once, in its own commit (see the class comment: the one window).
            var now = time.GetUtcNow().UtcDateTime;
            row.State = DeliveryState.Sent;
            row.SentAt = now;
            row.ClaimedUntil = null;
            row.LastError = null;
            message.Delivery = DeliveryState.Sent;
            message.DeliveryError = null;
            await db.SaveChangesAsync(CancellationToken.None);
            LogSent(row.MessageId, row.Attempts + 1);
            await CloseQuietlyAsync(smtp, cancellationToken);
        }
        finally
        {
            if (smtp is not null)
            {
                await smtp.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Sends a notice that belongs to no request (a KPI warning to supervisors) through the tenant's SMTP server for its
    /// sender at once, without the outbox: a notice is not part of any conversation, and one lost is told in the bell too.
    /// </summary>
    /// <returns>Why it was not accepted, in the current language; null when it was.</returns>
    public async Task<string?> SendNoticeAsync(Guid tenantId, TenantDbContext db, MimeMessage notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        using var content = new MemoryStream();
        await notice.WriteToAsync(content, cancellationToken);
        var row = new OutboxMessage
        {
            MessageId = notice.MessageId ?? "", Sender = notice.From.Mailboxes.First().Address,
            Recipients = string.Join('\n', notice.To.Mailboxes.Select(m => m.Address)), Content = content.ToArray(),
        };
        try
        {
            await using var smtp = await SendAsync(tenantId, db, row, cancellationToken);
            await CloseQuietlyAsync(smtp, cancellationToken);
            return null;
        }
        catch (OutboxDeliveryException failed)
        {
            return failed.Describe();
        }
    }

    /// <summary>Connects to the tenant's SMTP server for the row's sender and sends the stored message with its envelope.</summary>
    /// <exception cref="OutboxDeliveryException">Any reason the message was not accepted.</exception>
    private async Task<SmtpSender> SendAsync(Guid tenantId, TenantDbContext db, OutboxMessage row, CancellationToken cancellationToken)
    {
        var servers = await db.OutboundSmtpServers.AsNoTracking().Where(s => s.Active).OrderBy(s => s.Name).ToListAsync(cancellationToken);
        var server = servers.FirstOrDefault(s => s.SenderAddresses.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Contains(row.Sender, StringComparer.OrdinalIgnoreCase))
            ?? servers.FirstOrDefault()
            ?? throw new OutboxDeliveryException(() => Texts["NoSmtpServer"]);
        string? password = null;
        if (server.Authenticate && server.ProtectedSecret is { } secret)
        {
            try
            {
                password = MailSecrets.Unprotect(protection, tenantId, secret);
            }
            catch (System.Security.Cryptography.CryptographicException)
            {
                throw new OutboxDeliveryException(() => Texts["SecretUnreadable", server.Name]);
            }
        }

        using var ca = ReadCertificateAuthority();
        var endpoint = new MailEndpoint(server.Host, server.Port, MailConnectionTester.Security(server.TlsMode), server.Authenticate ? server.UserName : null, password);
        var connection = new MailConnectionSettings
        {
            ExtraTrustedCa = ca, Timeout = settings.SmtpTimeout, AddressPolicy = addressPolicy, ClientName = Domain(row.Sender),
        };
        SmtpSender? smtp = null;
        try
        {
            using var mime = MimeMessage.Load(new MemoryStream(row.Content, writable: false), cancellationToken);
            smtp = await SmtpSender.ConnectAsync(endpoint, connection, cancellationToken);
            var recipients = row.Recipients.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(address => new MailboxAddress(string.Empty, address));
            await smtp.SendAsync(mime, new MailboxAddress(string.Empty, row.Sender), recipients, cancellationToken);
            return smtp;
        }
        catch (Exception failed) when (failed is MailException or ParseException or FormatException)
        {
            if (smtp is not null)
            {
                await smtp.DisposeAsync();
            }

            throw failed is MailAddressRefusedException refused
                ? new OutboxDeliveryException(() => Texts["HostNotPublic", refused.Host])
                : new OutboxDeliveryException(() => failed.Message, IsPermanent(failed));
        }
    }

    /// <summary>
    /// A 5xx answer to the sender, a recipient or the message (RFC 5321 section 4.2.1: a permanent negative completion):
    /// trying again cannot help. Refused sign-ins, broken connections and 4xx answers are tried again.
    /// </summary>
    public static bool IsPermanent(Exception failure) =>
        failure is MailCommandException { InnerException: SmtpCommandException smtp }
        && (int)smtp.StatusCode >= 500
        && smtp.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.SenderNotAccepted or SmtpErrorCode.MessageNotAccepted;

    private async Task FailAsync(TenantDbContext db, OutboxMessage row, RequestMessage message, string error, bool permanent, Guid tenantId)
    {
        var now = time.GetUtcNow().UtcDateTime;
        error = error.Length <= OutboxMessage.ErrorMaxLength ? error : error[..OutboxMessage.ErrorMaxLength];
        row.Attempts++;
        row.LastError = error;
        row.ClaimedUntil = null;
        if (permanent || row.Attempts >= settings.MaxAttempts)
        {
            row.State = DeliveryState.Failed;
            message.Delivery = DeliveryState.Failed;
            message.DeliveryError = error;
            db.RequestHistory.Add(new RequestHistoryEntry
            {
                RequestId = message.RequestId, At = now, Actor = Actor, Change = DeliveryFailedChange, NewValue = error[..Math.Min(error.Length, RequestHistoryEntry.ValueMaxLength)],
            });
            LogGivenUp(row.MessageId, row.Attempts, error);
        }
        else
        {
            row.NextAttemptAt = now + settings.RetryDelay(row.Attempts);
            LogRetrying(row.MessageId, row.Attempts, row.NextAttemptAt, error);
        }

        // Written whatever the job's cancellation says: an attempt that happened is counted.
        await db.SaveChangesAsync(CancellationToken.None);
        if (row.State == DeliveryState.Pending)
        {
            // One follow-up per failed attempt, at its own time: the retry does not wait for the next sweep.
            jobs.Schedule<OutboxSendJob>(job => job.RunAsync(tenantId, CancellationToken.None), new DateTimeOffset(row.NextAttemptAt, TimeSpan.Zero));
        }
    }

    private X509Certificate2? ReadCertificateAuthority()
    {
        try
        {
            return configuration[MailConnectionTester.ExtraTrustedCaKey] is { Length: > 0 } file ? MailConnectionSettings.ReadCertificateAuthority(file) : null;
        }
        catch (MailCertificateFileException unusable)
        {
            throw new OutboxDeliveryException(() => Texts["CaUnreadable", MailConnectionTester.ExtraTrustedCaKey, unusable.InnerException!.Message]);
        }
    }

    private static async Task CloseQuietlyAsync(SmtpSender smtp, CancellationToken cancellationToken)
    {
        try
        {
            await smtp.CloseAsync(cancellationToken);
        }
        catch (MailException)
        {
            // The message was accepted before QUIT; a connection that breaks now changes nothing.
        }
    }

    private static string Domain(string address) => address[(address.LastIndexOf('@') + 1)..] is { Length: > 0 } domain ? domain : "localhost";

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent {MessageId} (attempt {Attempt})")]
    private partial void LogSent(string messageId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending {MessageId} failed (attempt {Attempt}), next attempt at {NextAttemptAt}: {Error}")]
    private partial void LogRetrying(string messageId, int attempt, DateTime nextAttemptAt, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gave up sending {MessageId} after {Attempts} attempts: {Error}")]
    private partial void LogGivenUp(string messageId, int attempts, string error);
}

/// <summary>Why a message was not accepted; the text is built in the tenant's language when it is recorded.</summary>
internal sealed class OutboxDeliveryException(Func<string> describe, bool permanent = false) : Exception
{
    public bool Permanent { get; } = permanent;

    public string Describe() => describe();
}
