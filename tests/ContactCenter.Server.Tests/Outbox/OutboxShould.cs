using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using ContactCenter.Data;
using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.MailAccounts;
using ContactCenter.Server.Outbox;
using ContactCenter.Server.Requests;
using ContactCenter.Server.Tests.Support;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace ContactCenter.Server.Tests.Outbox;

/// <summary>
/// The transactional outbox against the dev Postfix and Dovecot: grace@cc.test sends through the submission port
/// (STARTTLS, signed in) to frank+tag@cc.test, whose copies are counted over IMAP by Message-ID.
/// </summary>
public abstract class OutboxShould<TFixture>(TFixture server) : IClassFixture<TFixture>
    where TFixture : ServerFixture
{
    private const string Sender = "grace@cc.test";
    private const string Agent = "agent@example.com";

    [Fact]
    public async Task DeliverAnEnqueuedMessageExactlyOnce()
    {
        var tenant = await NewTenantAsync(SubmissionPort);
        var tag = NewTag();
        var requestId = await NewRequestAsync(tenant);

        var messageId = await EnqueueAsync(tenant, requestId, Letter(tag, withAttachment: true), kick: true);

        var record = await Poll.UntilAsync(() => MessageAsync(tenant, messageId), m => m.Delivery != DeliveryState.Pending, "the message to be sent", Poll.SentLimit);
        Assert.Equal(DeliveryState.Sent, record.Delivery);
        Assert.Null(record.DeliveryError);
        Assert.Equal(1, await Poll.UntilAsync(() => CopiesAsync(tag, record.MessageId!), n => n > 0, "the message to arrive"));
        Assert.Equal(MessageDirection.Out, record.Direction);
        Assert.True(RequestTokens.TryReadMessageId(record.MessageId, out var token));
        var request = await server.TenantAsync(tenant, db => db.Requests.AsNoTracking().SingleAsync(r => r.Id == requestId));
        Assert.Equal(request.Token, token);
        Assert.Equal(tenant, await TokenTenantAsync(token));
        Assert.Equal(1, request.MessageCount);
        Assert.Equal($$"""[{"name":"Frank","address":"{{Recipient(tag)}}"}]""", record.To);
        Assert.Equal("""[{"name":null,"address":"heidi@cc.test"}]""", record.Cc);
        Assert.Equal(Sender, record.FromAddress);
        Assert.Equal("Your request " + tag, record.Subject);
        Assert.Contains("Thank you", record.Text, StringComparison.Ordinal);
        var attachment = Assert.Single(record.Attachments);
        Assert.Equal("answer.txt", attachment.Name);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("The answer"u8)), attachment.Sha256);
        var row = await server.TenantAsync(tenant, db => db.Outbox.AsNoTracking().SingleAsync(o => o.RequestMessageId == messageId));
        Assert.Equal((DeliveryState.Sent, record.MessageId, Sender, 0), (row.State, row.MessageId, row.Sender, row.Attempts));
        Assert.Equal([Recipient(tag), "heidi@cc.test"], row.Recipients.Split('\n'));
        Assert.NotNull(row.SentAt);
        var history = await server.TenantAsync(tenant, db => db.RequestHistory.AsNoTracking().Where(h => h.RequestId == requestId).ToListAsync());
        Assert.Equal((RequestOutbox.MessageOutChange, Agent, record.MessageId), Assert.Single(history) is var h ? (h.Change, h.Actor, h.NewValue) : default);
    }

    [Fact]
    public async Task RetryWithBackOffAndShowTheFinalFailureOnTheRequest()
    {
        using var refusing = ClosedPort();
        var closedPort = PortOf(refusing);
        var tenant = await NewTenantAsync(closedPort);
        var requestId = await NewRequestAsync(tenant);
        var settings = server.Services.GetRequiredService<OutboxSettings>();

        var messageId = await EnqueueAsync(tenant, requestId, Letter(NewTag()), kick: true);

        var record = await Poll.UntilAsync(() => MessageAsync(tenant, messageId), m => m.Delivery != DeliveryState.Pending, "the message to fail", TimeSpan.FromMinutes(4));
        var row = await server.TenantAsync(tenant, db => db.Outbox.AsNoTracking().SingleAsync(o => o.RequestMessageId == messageId));
        Assert.Equal(DeliveryState.Failed, record.Delivery);
        Assert.Contains(closedPort.ToString(System.Globalization.CultureInfo.InvariantCulture), record.DeliveryError, StringComparison.Ordinal);
        Assert.Equal((DeliveryState.Failed, settings.MaxAttempts, record.DeliveryError), (row.State, row.Attempts, row.LastError));
        Assert.Null(row.SentAt);
        // The last attempt was due no sooner than the back-off allowed: 1 s, then 2 s (this fixture's settings).
        var waited = Enumerable.Range(1, settings.MaxAttempts - 1).Select(settings.RetryDelay).Aggregate(TimeSpan.Zero, (sum, delay) => sum + delay);
        Assert.True(row.NextAttemptAt - row.CreatedAt >= waited, $"{row.CreatedAt:O} → {row.NextAttemptAt:O}");
        var failed = await server.TenantAsync(tenant, db => db.RequestHistory.AsNoTracking()
            .Where(h => h.RequestId == requestId && h.Change == OutboxSendJob.DeliveryFailedChange).ToListAsync());
        Assert.Equal(record.DeliveryError, Assert.Single(failed).NewValue);
        // Registered before the first attempt, whether or not the message went out.
        var token = await server.TenantAsync(tenant, db => db.Requests.Where(r => r.Id == requestId).Select(r => r.Token).SingleAsync());
        Assert.Equal(tenant, await TokenTenantAsync(token));
    }

    [Fact]
    public async Task SendWithoutAKickOnceTheSweepFindsTheMessage()
    {
        var tenant = await NewTenantAsync(SubmissionPort);
        var requestId = await NewRequestAsync(tenant);

        var messageId = await EnqueueAsync(tenant, requestId, Letter(NewTag()), kick: false);

        // The sweep runs every minute.
        var record = await Poll.UntilAsync(() => MessageAsync(tenant, messageId), m => m.Delivery != DeliveryState.Pending, "the sweep to send the message", Poll.SentLimit);
        Assert.Equal(DeliveryState.Sent, record.Delivery);
    }

    [Fact]
    public async Task KeepASuspendedTenantsMailUntilItIsResumed()
    {
        var tenant = await NewTenantAsync(SubmissionPort);
        var requestId = await NewRequestAsync(tenant);
        await SetStatusAsync(tenant, TenantStatus.Suspended);
        var messageId = await EnqueueAsync(tenant, requestId, Letter(NewTag()), kick: false);

        await RunSenderAsync(tenant);
        var suspended = (await MessageAsync(tenant, messageId)).Delivery;
        await SetStatusAsync(tenant, TenantStatus.Active);
        await RunSenderAsync(tenant);

        Assert.Equal(DeliveryState.Pending, suspended);
        Assert.Equal(DeliveryState.Sent, (await MessageAsync(tenant, messageId)).Delivery);
    }

    [Fact]
    public async Task SendARowOnceWhenTwoSendersRunAtOnce()
    {
        var tenant = await NewTenantAsync(SubmissionPort);
        var tag = NewTag();
        var requestId = await NewRequestAsync(tenant);
        var first = await EnqueueAsync(tenant, requestId, Letter(tag), kick: false);

        await Task.WhenAll(RunSenderAsync(tenant), RunSenderAsync(tenant));

        var record = await MessageAsync(tenant, first);
        Assert.Equal(DeliveryState.Sent, record.Delivery);
        // A second message through the same server and mailbox, sent after both runs ended: once it is there, a copy
        // of the first that either run had handed over would be there too.
        var marker = await EnqueueAsync(tenant, requestId, Letter(tag), kick: false);
        await RunSenderAsync(tenant);
        var markerId = (await MessageAsync(tenant, marker)).MessageId!;
        await Poll.UntilAsync(() => CopiesAsync(tag, markerId), n => n > 0, "the second message to arrive");
        Assert.Equal(1, await CopiesAsync(tag, record.MessageId!));
    }

    [Fact]
    public async Task LetOneOfTwoSendersClaimARow()
    {
        var tenant = await NewTenantAsync(SubmissionPort);
        var requestId = await NewRequestAsync(tenant);
        // Due only at a time of the test's own, so that no sweep takes it first.
        var now = DateTime.UtcNow.AddDays(1);
        var messageId = await EnqueueAsync(tenant, requestId, Letter(NewTag()), kick: false, row => row.NextAttemptAt = now);
        var id = await server.TenantAsync(tenant, db => db.Outbox.Where(o => o.RequestMessageId == messageId).Select(o => o.Id).SingleAsync());

        // Both senders saw the row due; each claims it with its own connection, at once and then once more.
        var racing = await Task.WhenAll(ClaimAsync(tenant, id, now), ClaimAsync(tenant, id, now));
        var late = await ClaimAsync(tenant, id, now);

        Assert.Equal(1, racing.Count(claimed => claimed));
        Assert.False(late);
        var row = await server.TenantAsync(tenant, db => db.Outbox.AsNoTracking().SingleAsync(o => o.Id == id));
        Assert.Equal(now + server.Services.GetRequiredService<OutboxSettings>().ClaimDuration, row.ClaimedUntil!.Value, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task LeaveARowAloneWhileAnotherSenderHoldsIt()
    {
        var tenant = await NewTenantAsync(SubmissionPort);
        var requestId = await NewRequestAsync(tenant);
        var messageId = await EnqueueAsync(tenant, requestId, Letter(NewTag()), kick: false, row => row.ClaimedUntil = DateTime.UtcNow.AddHours(1));

        await RunSenderAsync(tenant);

        var row = await server.TenantAsync(tenant, db => db.Outbox.AsNoTracking().SingleAsync(o => o.RequestMessageId == messageId));
        Assert.Equal((DeliveryState.Pending, 0, (DateTime?)null), (row.State, row.Attempts, row.SentAt));
        Assert.Equal(DeliveryState.Pending, (await MessageAsync(tenant, messageId)).Delivery);
    }

    [Fact]
    public async Task WriteNothingWhenTheCallersTransactionRollsBack()
    {
        var tenant = await NewTenantAsync(SubmissionPort);
        var requestId = await NewRequestAsync(tenant);

        await using (var db = await OpenAsync(tenant))
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var request = await db.Requests.SingleAsync(r => r.Id == requestId);
            request.Subject = "Changed with the answer";
            server.Services.GetRequiredService<RequestOutbox>().Enqueue(db, request, Letter(NewTag()), Agent);
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        }

        var (outbox, messages, history, stored) = await server.TenantAsync(tenant, async db => (
            await db.Outbox.CountAsync(), await db.RequestMessages.CountAsync(), await db.RequestHistory.CountAsync(),
            await db.Requests.AsNoTracking().SingleAsync(r => r.Id == requestId)));
        Assert.Equal((0, 0, 0), (outbox, messages, history));
        Assert.Equal((0, "A question"), (stored.MessageCount, stored.Subject));
    }

    private static int SubmissionPort => int.Parse(DevMailServices.Get("CC_MAIL_SUBMISSION_PORT"), System.Globalization.CultureInfo.InvariantCulture);

    private static string NewTag() => "outbox" + Guid.NewGuid().ToString("N")[..12];

    private static string Recipient(string tag) => $"frank+{tag}@cc.test";

    private static MimeMessage Letter(string tag, bool withAttachment = false)
    {
        var message = new MimeMessage { Subject = "Your request " + tag };
        message.From.Add(new MailboxAddress("Support", Sender));
        message.To.Add(new MailboxAddress("Frank", Recipient(tag)));
        message.Cc.Add(MailboxAddress.Parse("heidi@cc.test"));
        var body = new BodyBuilder { TextBody = "Thank you for your question.\n" };
        if (withAttachment)
        {
            body.Attachments.Add("answer.txt", "The answer"u8.ToArray(), new ContentType("text", "plain"));
        }

        message.Body = body.ToMessageBody();
        return message;
    }

    /// <summary>
    /// A loopback port that refuses connections for as long as the socket lives: bound, never listening. A port that
    /// was free a moment ago may be taken by anything meanwhile (another test's client or server), and then the
    /// connection waited for a greeting instead of being refused.
    /// </summary>
    private static Socket ClosedPort()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    private static int PortOf(Socket socket) => ((IPEndPoint)socket.LocalEndPoint!).Port;

    private Task<TenantDbContext> OpenAsync(Guid tenant) =>
        server.Services.GetRequiredService<ContactCenter.Server.Tenancy.TenantDatabaseFactory>().OpenAsync(tenant);

    /// <summary>A fresh tenant whose one SMTP server is the dev Postfix's submission port on <paramref name="port"/>, signed in as grace.</summary>
    private async Task<Guid> NewTenantAsync(int port)
    {
        var slug = await server.SignUpAsync();
        var tenant = await server.CatalogAsync(c => c.Tenants.Where(t => t.Slug == slug).Select(t => t.Id).SingleAsync());
        var secret = MailSecrets.Protect(server.Services.GetRequiredService<IDataProtectionProvider>(), tenant, "grace-secret");
        await server.TenantAsync(tenant, db =>
        {
            db.OutboundSmtpServers.Add(new OutboundSmtpServer
            {
                Name = "Postfix", Host = DevMailServices.Get("CC_MAIL_HOST"), Port = port, TlsMode = MailTlsMode.StartTls,
                Authenticate = true, UserName = Sender, ProtectedSecret = secret, SenderAddresses = Sender,
            });
            return db.SaveChangesAsync();
        });
        return tenant;
    }

    private async Task<Guid> NewRequestAsync(Guid tenant)
    {
        var now = DateTime.UtcNow;
        var request = new Request { Number = 1, Token = RequestTokens.NewToken(), Subject = "A question", CreatedAt = now, UpdatedAt = now };
        await server.TenantAsync(tenant, db =>
        {
            db.Requests.Add(request);
            return db.SaveChangesAsync();
        });
        return request.Id;
    }

    /// <summary>
    /// Enqueues <paramref name="message"/> on the request and commits, as a caller would (with the outbox row changed by
    /// <paramref name="arrange"/> in the same commit); returns the request message's id.
    /// </summary>
    private async Task<Guid> EnqueueAsync(Guid tenant, Guid requestId, MimeMessage message, bool kick, Action<OutboxMessage>? arrange = null)
    {
        var outbox = server.Services.GetRequiredService<RequestOutbox>();
        Guid id;
        await using (var db = await OpenAsync(tenant))
        {
            var request = await db.Requests.SingleAsync(r => r.Id == requestId);
            id = outbox.Enqueue(db, request, message, Agent).Id;
            arrange?.Invoke(db.Outbox.Local.Single(o => o.RequestMessageId == id));
            await db.SaveChangesAsync();
        }

        if (kick)
        {
            outbox.Kick(tenant);
        }

        return id;
    }

    private Task<int> SetStatusAsync(Guid tenant, TenantStatus status) =>
        server.CatalogAsync(c => c.Tenants.Where(t => t.Id == tenant).ExecuteUpdateAsync(set => set.SetProperty(t => t.Status, status)));

    private async Task RunSenderAsync(Guid tenant)
    {
        await using var scope = server.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<OutboxSendJob>().RunAsync(tenant, CancellationToken.None);
    }

    private async Task<bool> ClaimAsync(Guid tenant, Guid id, DateTime now)
    {
        await using var scope = server.Services.CreateAsyncScope();
        await using var db = await OpenAsync(tenant);
        return await scope.ServiceProvider.GetRequiredService<OutboxSendJob>().ClaimAsync(db, id, now, CancellationToken.None);
    }

    /// <summary>The tenant the catalog's token directory names for a request token.</summary>
    private Task<Guid?> TokenTenantAsync(string token) =>
        server.CatalogAsync(c => c.MailTokens.Where(t => t.Token == token).Select(t => (Guid?)t.TenantId).SingleOrDefaultAsync());

    private Task<RequestMessage> MessageAsync(Guid tenant, Guid id) =>
        server.TenantAsync(tenant, db => db.RequestMessages.AsNoTracking().Include(m => m.Attachments).SingleAsync(m => m.Id == id));

    /// <summary>How many messages with that Message-ID frank's mailbox for the tag holds (none while it does not exist).</summary>
    private static async Task<int> CopiesAsync(string tag, string messageId)
    {
        using var ca = X509Certificate2.CreateFromPem(File.ReadAllText(DevMailServices.Get("CC_MAIL_CA")));
        using var imap = new ImapClient { ServerCertificateValidationCallback = (_, certificate, _, _) => DevMailboxes.IsIssuedBy(certificate, ca) };
        await imap.ConnectAsync(DevMailServices.Get("CC_MAIL_HOST"), int.Parse(DevMailServices.Get("CC_MAIL_IMAPS_PORT"), System.Globalization.CultureInfo.InvariantCulture),
            MailKit.Security.SecureSocketOptions.SslOnConnect);
        await imap.AuthenticateAsync("frank@cc.test", "frank-secret");
        try
        {
            var folder = await imap.GetFolderAsync(tag);
            await folder.OpenAsync(FolderAccess.ReadOnly);
            return (await folder.SearchAsync(SearchQuery.HeaderContains("Message-ID", messageId))).Count;
        }
        catch (FolderNotFoundException)
        {
            return 0;
        }
        finally
        {
            await imap.DisconnectAsync(quit: true);
        }
    }
}

/// <summary>A server of the outbox tests alone, with back-off in seconds so that giving up takes moments.</summary>
public abstract class OutboxServerFixture : ServerFixture
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Outbox:FirstRetryDelay", "00:00:01");
        builder.UseSetting("Outbox:MaxRetryDelay", "00:00:02");
        builder.UseSetting("Outbox:MaxAttempts", "3");
        builder.UseSetting("Outbox:SmtpTimeout", "00:00:20");
        // An attempt lost with its job (a busy test machine at the suite's start) is due again after 30 s, not 15 min.
        builder.UseSetting("Outbox:ClaimDuration", "00:00:30");
    }
}

public sealed class OutboxSqliteServerFixture : OutboxServerFixture
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class OutboxPostgresServerFixture : OutboxServerFixture
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

public sealed class OutboxOnSqlite(OutboxSqliteServerFixture server) : OutboxShould<OutboxSqliteServerFixture>(server);

public sealed class OutboxOnPostgres(OutboxPostgresServerFixture server) : OutboxShould<OutboxPostgresServerFixture>(server);
