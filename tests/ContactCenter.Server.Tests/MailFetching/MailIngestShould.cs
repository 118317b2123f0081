using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.MailFetching;
using ContactCenter.Server.Requests;
using ContactCenter.Server.ServiceLevels;
using ContactCenter.Server.TenantSettings;
using ContactCenter.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace ContactCenter.Server.Tests.MailFetching;

/// <summary>
/// The mail ingest on a fresh tenant with two inbound accounts, a partition, a Billing category (service level 2 h)
/// that takes subjects with "invoice" at high priority, and the default category General: new requests, threading,
/// exactly once, quarantine and its retry, reopening, and ingest side by side.
/// </summary>
public abstract class MailIngestShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private const string Support = "support@tenant.example";

    private readonly MailIngest _ingest = server.Services.GetRequiredService<MailIngest>();

    [Fact]
    public async Task CreateARequestWithEverythingTheMailSays()
    {
        var tenant = await NewTenantAsync();
        var pdf = Enumerable.Range(0, 3000).Select(i => (byte)(i * 7)).ToArray();
        var mime = new MimeMessage();
        mime.From.Add(new MailboxAddress("Mustermann, Erika", "Erika.Mustermann@Example.com"));
        mime.To.Add(new MailboxAddress("Support", Support));
        mime.Cc.Add(new MailboxAddress("", "boss@example.com"));
        mime.Subject = "Invoice 42 is wrong";
        mime.Date = new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.FromHours(1));
        mime.MessageId = NewMessageId();
        var body = new BodyBuilder { TextBody = "The invoice is wrong.", HtmlBody = "<p>The invoice is <b>wrong</b>.</p>" };
        body.Attachments.Add("invoice.pdf", pdf, new ContentType("application", "pdf"));
        mime.Body = body.ToMessageBody();
        var raw = Bytes(mime);
        var before = server.Clock.GetUtcNow().UtcDateTime.AddMilliseconds(-1);

        var result = await IngestAsync(tenant, raw, "1");

        var after = server.Clock.GetUtcNow().UtcDateTime.AddMilliseconds(1);
        Assert.Equal(IngestOutcome.Created, result.Outcome);
        var request = await RequestAsync(tenant, result.RequestId!.Value);
        Assert.Equal((1L, "Invoice 42 is wrong", RequestStatus.Open, (Guid?)tenant.Billing, RequestPriority.High, (Guid?)tenant.PartitionId, 1),
            (request.Number, request.Subject, request.Status, request.CategoryId, request.Priority, request.PartitionId, request.MessageCount));
        Assert.Equal(RequestTokens.NewToken().Length, request.Token.Length);
        Assert.Equal("erika.mustermann@example.com", request.ContactEmail);
        Assert.InRange(request.CreatedAt, before, after);
        var settings = await server.TenantAsync(tenant.Id, db => db.Settings.AsNoTracking().SingleAsync());
        var due = ServiceLevelClock.DueAt(request.CreatedAt, TimeSpan.FromHours(2), TenantSettingsService.BusinessHoursOf(settings));
        Assert.NotNull(due);
        Assert.Equal(due, request.DueAt);

        var contact = await server.TenantAsync(tenant.Id, db => db.Contacts.SingleAsync(c => c.Id == request.ContactId));
        Assert.Equal(("Erika", "Mustermann", "erika.mustermann@example.com", (Guid?)tenant.PartitionId),
            (contact.FirstName, contact.LastName, contact.Email, contact.PartitionId));

        var message = Assert.Single(request.Messages);
        Assert.Equal((MessageDirection.In, mime.MessageId, "Mustermann, Erika", "erika.mustermann@example.com", "Invoice 42 is wrong", false, (Guid?)tenant.AccountId),
            (message.Direction, message.MessageId, message.FromName, message.FromAddress, message.Subject, message.IsAutomatic, message.AccountId));
        Assert.Equal([new MailAddressJson("Support", Support)], Addresses(message.To));
        Assert.Equal([new MailAddressJson(null, "boss@example.com")], Addresses(message.Cc));
        Assert.Equal(new DateTime(2026, 11, 2, 9, 0, 0, DateTimeKind.Utc), message.Date);
        Assert.Equal("The invoice is wrong.", message.Text?.TrimEnd());
        Assert.Equal("<p>The invoice is <b>wrong</b>.</p>", message.Html?.TrimEnd());
        Assert.Contains("Subject: Invoice 42 is wrong", message.Headers, StringComparison.Ordinal);
        var attachment = Assert.Single(message.Attachments);
        Assert.Equal(("invoice.pdf", "application/pdf", 3000L, Sha256(pdf), false), (attachment.Name, attachment.ContentType, attachment.Size, attachment.Sha256, attachment.IsInline));
        Assert.Equal(pdf, attachment.Content);

        var stored = await server.TenantAsync(tenant.Id, db => db.RawMails.AsNoTracking().SingleAsync());
        Assert.Equal((Sha256(raw), (long)raw.Length, message.RawMailId), (stored.Sha256, stored.Size, (Guid?)stored.Id));
        Assert.Equal(raw, stored.Content);
        var receipt = await server.TenantAsync(tenant.Id, db => db.MailReceipts.AsNoTracking().SingleAsync());
        Assert.Equal((tenant.AccountId, 1L, "1", stored.Id, ReceiptOutcome.Message, (Guid?)message.Id),
            (receipt.AccountId, receipt.UidValidity, receipt.Uid, receipt.RawMailId, receipt.Outcome, receipt.RequestMessageId));
        var history = await HistoryAsync(tenant, request.Id);
        Assert.Equal(["created", "message-in"], history.Select(h => h.Change).Order());
        Assert.All(history, h => Assert.Equal("mail:Support", h.Actor));
    }

    [Fact]
    public async Task FindTheContactByAddressInTheAccountsPartitionAndRouteTheRestToTheDefaultCategory()
    {
        var tenant = await NewTenantAsync();
        var elsewhere = new Contact { FirstName = "Other", LastName = "Erika", Email = "erika@example.com" };
        var known = new Contact { FirstName = "Erika", LastName = "Known", Email = "Erika@Example.COM", PartitionId = tenant.PartitionId };
        await AddAsync(tenant, elsewhere, known);

        var result = await IngestAsync(tenant, new TestMail("Where is my parcel?").Bytes(), "1");

        var request = await RequestAsync(tenant, result.RequestId!.Value);
        Assert.Equal(((Guid?)known.Id, (Guid?)tenant.General, RequestPriority.Normal), (request.ContactId, request.CategoryId, request.Priority));
        Assert.Equal(2, await server.TenantAsync(tenant.Id, db => db.Contacts.CountAsync()));
        // The tenant's goal of 24 hours, in its business hours.
        var settings = await server.TenantAsync(tenant.Id, db => db.Settings.AsNoTracking().SingleAsync());
        Assert.Equal(ServiceLevelClock.DueAt(request.CreatedAt, TimeSpan.FromHours(24), TenantSettingsService.BusinessHoursOf(settings)), request.DueAt);
    }

    [Fact]
    public async Task TakeTheCategorysOnlyPartitionWhenTheAccountNamesNone()
    {
        var tenant = await NewTenantAsync();
        var wholesale = new ClientPartition { Name = "Wholesale" };
        await AddAsync(tenant, wholesale, new ClientPartitionCategory { PartitionId = wholesale.Id, CategoryId = tenant.Billing });

        var billing = await IngestAsync(tenant, new TestMail("Invoice 7") { From = "buyer@shop.example" }.Bytes(), "1", account: tenant.SecondAccountId);
        var general = await IngestAsync(tenant, new TestMail("Hello") { From = "visitor@example.org" }.Bytes(), "2", account: tenant.SecondAccountId);
        var throughSupport = await IngestAsync(tenant, new TestMail("Invoice 8") { From = "buyer@shop.example" }.Bytes(), "3");

        var requests = await server.TenantAsync(tenant.Id, db => db.Requests.AsNoTracking().Include(r => r.Contact).OrderBy(r => r.Number).ToListAsync());
        Assert.Equal([billing.RequestId, general.RequestId, throughSupport.RequestId], requests.Select(r => (Guid?)r.Id));
        Assert.Equal([wholesale.Id, null, tenant.PartitionId], requests.Select(r => r.PartitionId));
        Assert.Equal([wholesale.Id, null, tenant.PartitionId], requests.Select(r => r.Contact!.PartitionId));
        // One address, two partitions: two contacts.
        Assert.NotEqual(requests[0].ContactId, requests[2].ContactId);
    }

    [Fact]
    public async Task HaveNoDueTimeWhenTheTenantHasNoBusinessHours()
    {
        var tenant = await NewTenantAsync();
        await server.TenantAsync(tenant.Id, db => db.Settings.ExecuteUpdateAsync(set => set.SetProperty(s => s.BusinessHoursJson, """{"intervals":[],"holidays":[]}""")));

        var result = await IngestAsync(tenant, new TestMail("Invoice question").Bytes(), "1");

        var request = await RequestAsync(tenant, result.RequestId!.Value);
        Assert.Equal((IngestOutcome.Created, (Guid?)tenant.Billing, (DateTime?)null), (result.Outcome, request.CategoryId, request.DueAt));
    }

    [Fact]
    public async Task JoinARequestByOurMessageIdInInReplyToOrReferencesWhoeverSendsIt()
    {
        var tenant = await NewTenantAsync();
        var first = await IngestAsync(tenant, new TestMail("Where is my parcel?").Bytes(), "1");
        var token = (await RequestAsync(tenant, first.RequestId!.Value)).Token;
        var ours = RequestTokens.NewMessageId(token, "tenant.example");
        var other = RequestTokens.NewMessageId(token, "tenant.example");

        var byInReplyTo = await IngestAsync(tenant, new TestMail("Re: Where is my parcel?") { Headers = [$"In-Reply-To: <{ours}>"] }.Bytes(), "2");
        var byReferences = await IngestAsync(tenant, new TestMail("Something else entirely")
        {
            From = "someone@elsewhere.example", Headers = [$"References: <unknown@example.org> <{other}>"],
        }.Bytes(), "3");

        Assert.Equal((IngestOutcome.Joined, first.RequestId), (byInReplyTo.Outcome, byInReplyTo.RequestId));
        Assert.Equal((IngestOutcome.Joined, first.RequestId), (byReferences.Outcome, byReferences.RequestId));
        var request = await RequestAsync(tenant, first.RequestId.Value);
        Assert.Equal((3, 1), (request.MessageCount, await server.TenantAsync(tenant.Id, db => db.Requests.CountAsync())));
        Assert.Equal(3, request.Messages.Count);
        var history = await HistoryAsync(tenant, request.Id);
        Assert.Equal(3, history.Count(h => h.Change == "message-in"));
    }

    [Fact]
    public async Task JoinARequestByTheTokenInAReplyAddress()
    {
        var tenant = await NewTenantAsync();
        var first = await IngestAsync(tenant, new TestMail("Where is my parcel?").Bytes(), "1");
        var token = (await RequestAsync(tenant, first.RequestId!.Value)).Token;

        var byTo = await IngestAsync(tenant, new TestMail("No reference at all") { To = RequestTokens.ReplyAddress(Support, token) }.Bytes(), "2");
        var byDeliveredTo = await IngestAsync(tenant, new TestMail("Forwarded by a list")
        {
            To = "list@example.org", Headers = [$"Delivered-To: {RequestTokens.ReplyAddress(Support, token.ToUpperInvariant())}"],
        }.Bytes(), "3");
        var unknownToken = await IngestAsync(tenant, new TestMail("Guessed") { To = RequestTokens.ReplyAddress(Support, RequestTokens.NewToken()) }.Bytes(), "4");

        Assert.Equal((IngestOutcome.Joined, first.RequestId), (byTo.Outcome, byTo.RequestId));
        Assert.Equal((IngestOutcome.Joined, first.RequestId), (byDeliveredTo.Outcome, byDeliveredTo.RequestId));
        Assert.Equal(IngestOutcome.Created, unknownToken.Outcome);
        Assert.NotEqual(first.RequestId, unknownToken.RequestId);
    }

    [Fact]
    public async Task JoinARequestByAReferenceToAnEarlierReceivedMessage()
    {
        var tenant = await NewTenantAsync();
        var original = new TestMail("Where is my parcel?");
        var first = await IngestAsync(tenant, original.Bytes(), "1");
        var second = new TestMail("Re: Where is my parcel?") { From = "colleague@example.com", Headers = [$"References: <{original.MessageId}>"] };
        var third = new TestMail("Re: Re: Where is my parcel?")
        {
            From = "third@example.net", Headers = [$"In-Reply-To: <never-seen@example.org>", $"References: <{original.MessageId}> <{second.MessageId}> <never-seen@example.org>"],
        };

        var joined = await IngestAsync(tenant, second.Bytes(), "2");
        var chained = await IngestAsync(tenant, third.Bytes(), "3");

        Assert.Equal((IngestOutcome.Joined, first.RequestId), (joined.Outcome, joined.RequestId));
        Assert.Equal((IngestOutcome.Joined, first.RequestId), (chained.Outcome, chained.RequestId));
    }

    [Fact]
    public async Task JoinByTheSubjectTagOnlyFromThoseOnTheConversationAndLinkAStrangersMailInstead()
    {
        var tenant = await NewTenantAsync();
        var first = await IngestAsync(tenant, new TestMail("Where is my parcel?") { Headers = ["Cc: Boss <boss@example.com>"] }.Bytes(), "1");
        var tag = RequestTokens.SubjectTag(1);

        var fromContact = await IngestAsync(tenant, new TestMail($"Re: {tag} Where is my parcel?") { From = "ERIKA@example.com" }.Bytes(), "2");
        var fromCopied = await IngestAsync(tenant, new TestMail($"{tag} still waiting") { From = "boss@example.com" }.Bytes(), "3");
        var fromStranger = await IngestAsync(tenant, new TestMail($"Re: {tag} Where is my parcel?") { From = "mallory@evil.example" }.Bytes(), "4");

        Assert.Equal((IngestOutcome.Joined, first.RequestId), (fromContact.Outcome, fromContact.RequestId));
        Assert.Equal((IngestOutcome.Joined, first.RequestId), (fromCopied.Outcome, fromCopied.RequestId));
        Assert.Equal(IngestOutcome.Created, fromStranger.Outcome);
        var linked = await RequestAsync(tenant, fromStranger.RequestId!.Value);
        Assert.Equal((2L, first.RequestId, "mallory@evil.example"), (linked.Number, linked.LinkedRequestId, linked.ContactEmail));
        Assert.Equal(3, (await RequestAsync(tenant, first.RequestId!.Value)).MessageCount);
        var history = await HistoryAsync(tenant, linked.Id);
        var link = Assert.Single(history, h => h.Change == "linked");
        Assert.Equal(("linkedRequestId", first.RequestId.Value.ToString("D")), (link.Field, link.NewValue));
    }

    [Fact]
    public async Task ReceiveTheSameServerMessageOnlyOnce()
    {
        var tenant = await NewTenantAsync();
        var raw = new TestMail("Where is my parcel?").Bytes();
        var first = await IngestAsync(tenant, raw, "7");

        var again = await IngestAsync(tenant, raw, "7");
        var otherBytesSameUid = await IngestAsync(tenant, new TestMail("Something else").Bytes(), "7");

        Assert.Equal(IngestOutcome.Created, first.Outcome);
        Assert.Equal(new IngestResult(IngestOutcome.AlreadyReceived), again);
        Assert.Equal(new IngestResult(IngestOutcome.AlreadyReceived), otherBytesSameUid);
        Assert.Equal((1, 1, 1, 1), await CountsAsync(tenant));
        var received = await server.TenantAsync(tenant.Id, db => MailIngest.ReceivedAsync(db, tenant.AccountId, 1, ["6", "7", "8"], CancellationToken.None));
        Assert.Equal("7", Assert.Single(received));
    }

    [Fact]
    public async Task RecordTheSameBytesUnderAnotherUidAccountOrUidValidityAsADuplicate()
    {
        var tenant = await NewTenantAsync();
        var raw = new TestMail("Where is my parcel?").Bytes();
        var first = await IngestAsync(tenant, raw, "1");

        var otherUid = await IngestAsync(tenant, raw, "2");
        var otherAccount = await IngestAsync(tenant, raw, "1", account: tenant.SecondAccountId);
        var newUidValidity = await IngestAsync(tenant, raw, "1", uidValidity: 2);

        Assert.All([otherUid, otherAccount, newUidValidity], r => Assert.Equal(new IngestResult(IngestOutcome.Duplicate, first.RequestId), r));
        Assert.Equal((1, 1, 1, 4), await CountsAsync(tenant));
        var receipts = await server.TenantAsync(tenant.Id, db => db.MailReceipts.AsNoTracking().ToListAsync());
        var message = await server.TenantAsync(tenant.Id, db => db.RequestMessages.Select(m => m.Id).SingleAsync());
        Assert.All(receipts, r => Assert.Equal(message, r.RequestMessageId));
        Assert.Equal(3, receipts.Count(r => r.Outcome == ReceiptOutcome.Duplicate));
        Assert.Equal(1, (await RequestAsync(tenant, first.RequestId!.Value)).MessageCount);
    }

    [Fact]
    public async Task RecordACopyWithOtherTraceHeadersAsADuplicateButKeepItsBytes()
    {
        var tenant = await NewTenantAsync();
        var mail = new TestMail("Where is my parcel?");
        var first = await IngestAsync(tenant, mail.Bytes(), "1");

        var relayed = await IngestAsync(tenant, (mail with { Headers = ["Received: from mx2.example.com by mx.tenant.example; Mon, 2 Nov 2026 10:01:00 +0100"] }).Bytes(), "1",
            account: tenant.SecondAccountId);

        Assert.Equal(new IngestResult(IngestOutcome.Duplicate, first.RequestId), relayed);
        Assert.Equal((1, 1, 2, 2), await CountsAsync(tenant));
        var receipt = await server.TenantAsync(tenant.Id, db => db.MailReceipts.SingleAsync(r => r.AccountId == tenant.SecondAccountId));
        Assert.Equal(ReceiptOutcome.Duplicate, receipt.Outcome);
        Assert.NotNull(receipt.RequestMessageId);
    }

    [Fact]
    public async Task TakeMailWithoutMessageIdOnceAndAReusedMessageIdWithOtherContentAgain()
    {
        var tenant = await NewTenantAsync();
        var anonymous = new TestMail("No id at all") { MessageId = null }.Bytes();
        var reused = new TestMail("First use");

        var once = await IngestAsync(tenant, anonymous, "1");
        var twice = await IngestAsync(tenant, anonymous, "2");
        var firstUse = await IngestAsync(tenant, reused.Bytes(), "3");
        var secondUse = await IngestAsync(tenant, (reused with { Subject = "Second use", Body = "Entirely different content." }).Bytes(), "4");
        var thirdUse = await IngestAsync(tenant, (reused with { Subject = "Third use, the same body" }).Bytes(), "5");

        Assert.Equal(IngestOutcome.Created, once.Outcome);
        Assert.Equal(new IngestResult(IngestOutcome.Duplicate, once.RequestId), twice);
        Assert.Equal(IngestOutcome.Created, firstUse.Outcome);
        Assert.Equal(IngestOutcome.Created, secondUse.Outcome);
        Assert.Equal(IngestOutcome.Created, thirdUse.Outcome);
        Assert.Equal(3, new[] { firstUse.RequestId, secondUse.RequestId, thirdUse.RequestId }.Distinct().Count());
        Assert.Equal((4, 4, 4, 5), await CountsAsync(tenant));
        var messages = await server.TenantAsync(tenant.Id, db => db.RequestMessages.Where(m => m.MessageId == reused.MessageId).CountAsync());
        Assert.Equal(3, messages);
    }

    [Fact]
    public async Task QuarantineTooLargeMailAndTakeItOnRetryOnceTheLimitAllowsIt()
    {
        var tenant = await NewTenantAsync();
        await SetLimitAsync(tenant, 1);
        var line = new string('x', 76) + "\r\n";
        var raw = new TestMail("Scan of my invoice") { Body = string.Concat(Enumerable.Repeat(line, 1024 * 1024 / line.Length + 100)) }.Bytes();
        Assert.True(raw.Length > 1024 * 1024);

        var result = await IngestAsync(tenant, raw, "1");

        Assert.Equal(IngestOutcome.Quarantined, result.Outcome);
        Assert.Null(result.RequestId);
        Assert.Contains("1 MB", result.Reason, StringComparison.Ordinal);
        var entry = await EntryAsync(tenant);
        Assert.Equal((RequestFromMail.TooLargeCode, result.Reason, (Guid?)tenant.AccountId, Sha256(raw), (long)raw.Length),
            (entry.ReasonCode, entry.Reason, entry.AccountId, entry.RawMail!.Sha256, entry.RawMail.Size));
        Assert.Equal(raw, entry.RawMail.Content);
        Assert.Equal((0, 0, 1, 1), await CountsAsync(tenant));
        var receipt = await server.TenantAsync(tenant.Id, db => db.MailReceipts.AsNoTracking().SingleAsync());
        Assert.Equal((ReceiptOutcome.Quarantined, (Guid?)null, entry.RawMailId), (receipt.Outcome, receipt.RequestMessageId, receipt.RawMailId));

        var stillTooLarge = await RetryAsync(tenant, entry.Id);
        Assert.Equal(IngestOutcome.Quarantined, stillTooLarge!.Outcome);
        Assert.Equal(result.Reason, stillTooLarge.Reason);
        Assert.Equal(entry.Id, (await EntryAsync(tenant)).Id);

        await SetLimitAsync(tenant, 2);
        var taken = await RetryAsync(tenant, entry.Id);

        Assert.Equal(IngestOutcome.Created, taken!.Outcome);
        Assert.Equal(0, await server.TenantAsync(tenant.Id, db => db.Quarantine.CountAsync()));
        var request = await RequestAsync(tenant, taken.RequestId!.Value);
        var message = Assert.Single(request.Messages);
        Assert.Equal(((Guid?)entry.RawMailId, (Guid?)tenant.AccountId), (message.RawMailId, message.AccountId));
        receipt = await server.TenantAsync(tenant.Id, db => db.MailReceipts.AsNoTracking().SingleAsync());
        Assert.Equal((ReceiptOutcome.Message, (Guid?)message.Id), (receipt.Outcome, receipt.RequestMessageId));
        Assert.Contains(await HistoryAsync(tenant, request.Id), h => h.Change == "created" && h.Actor == "admin@tenant.example");
        Assert.Equal(new IngestResult(IngestOutcome.AlreadyReceived), await IngestAsync(tenant, raw, "1"));
        Assert.Null(await RetryAsync(tenant, entry.Id));
    }

    [Fact]
    public async Task RetryAMessageWhoseCopyCameInMeanwhileAsADuplicate()
    {
        var tenant = await NewTenantAsync();
        await SetLimitAsync(tenant, 1);
        var mail = new TestMail("Scan of my invoice") { Body = new string('x', 1024 * 1024) };
        await IngestAsync(tenant, mail.Bytes(), "1");
        await SetLimitAsync(tenant, 2);
        var copy = await IngestAsync(tenant, (mail with { Headers = ["Received: from mx2.example.com; Mon, 2 Nov 2026 10:01:00 +0100"] }).Bytes(), "1",
            account: tenant.SecondAccountId);

        var retried = await RetryAsync(tenant, (await EntryAsync(tenant)).Id);

        Assert.Equal(IngestOutcome.Created, copy.Outcome);
        Assert.Equal(new IngestResult(IngestOutcome.Duplicate, copy.RequestId), retried);
        Assert.Equal((1, 1, 2, 2), await CountsAsync(tenant));
        Assert.Equal(0, await server.TenantAsync(tenant.Id, db => db.Quarantine.CountAsync()));
        var message = await server.TenantAsync(tenant.Id, db => db.RequestMessages.Select(m => m.Id).SingleAsync());
        var receipt = await server.TenantAsync(tenant.Id, db => db.MailReceipts.AsNoTracking().SingleAsync(r => r.AccountId == tenant.AccountId));
        Assert.Equal((ReceiptOutcome.Duplicate, (Guid?)message), (receipt.Outcome, receipt.RequestMessageId));
    }

    [Fact]
    public async Task QuarantineMailTheReaderRefusesAndKeepItThereOnRetry()
    {
        var tenant = await NewTenantAsync();
        var raw = NestedMultiparts(40);

        var result = await IngestAsync(tenant, raw, "1");
        var retried = await RetryAsync(tenant, (await EntryAsync(tenant)).Id);

        Assert.Equal(IngestOutcome.Quarantined, result.Outcome);
        var entry = await EntryAsync(tenant);
        Assert.Equal(RequestFromMail.UnparseableCode, entry.ReasonCode);
        Assert.Equal(raw, entry.RawMail!.Content);
        Assert.Contains("limit exceeded", entry.Reason, StringComparison.Ordinal);
        Assert.Equal(new IngestResult(IngestOutcome.Quarantined, null, entry.Reason, entry.ReasonCode), retried);
        Assert.Equal((0, 0, 1, 1), await CountsAsync(tenant));
    }

    [Fact]
    public async Task QuarantineUnroutableMailAndRouteItOnRetryOnceThereIsADefaultCategory()
    {
        var tenant = await NewTenantAsync();
        await server.TenantAsync(tenant.Id, db => db.Categories.ExecuteUpdateAsync(set => set.SetProperty(c => c.IsDefault, false)));
        var raw = new TestMail("Where is my parcel?").Bytes();

        var result = await IngestAsync(tenant, raw, "1");
        var routed = await IngestAsync(tenant, new TestMail("My invoice").Bytes(), "2");
        var entry = await EntryAsync(tenant);
        var stillUnroutable = await RetryAsync(tenant, entry.Id);
        await server.TenantAsync(tenant.Id, db => db.Categories.Where(c => c.Id == tenant.General).ExecuteUpdateAsync(set => set.SetProperty(c => c.IsDefault, true)));
        var taken = await RetryAsync(tenant, entry.Id);

        Assert.Equal(IngestOutcome.Quarantined, result.Outcome);
        Assert.Equal(IngestOutcome.Created, routed.Outcome);
        Assert.Equal(RequestFromMail.UnroutableCode, entry.ReasonCode);
        Assert.Equal(raw, entry.RawMail!.Content);
        Assert.Equal(new IngestResult(IngestOutcome.Quarantined, null, entry.Reason, entry.ReasonCode), stillUnroutable);
        Assert.Equal(IngestOutcome.Created, taken!.Outcome);
        var request = await RequestAsync(tenant, taken.RequestId!.Value);
        Assert.Equal(((Guid?)tenant.General, "Where is my parcel?", 2L), (request.CategoryId, request.Subject, request.Number));
        Assert.Equal(0, await server.TenantAsync(tenant.Id, db => db.Quarantine.CountAsync()));
    }

    [Fact]
    public async Task TakeOrQuarantineEveryMessageOfTheDamagedMailCorpus()
    {
        var tenant = await NewTenantAsync();
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "TestData", "Corpus"), "*.eml").Order(StringComparer.Ordinal).ToList();
        Assert.True(files.Count > 50, $"{files.Count} corpus files");

        var outcomes = new Dictionary<string, IngestOutcome>();
        foreach (var file in files)
        {
            outcomes[Path.GetFileName(file)] = (await IngestAsync(tenant, await File.ReadAllBytesAsync(file), Path.GetFileName(file))).Outcome;
        }

        // Many of them share one Message-ID and the body "body", but no two are the same mail: none is a duplicate.
        Assert.Equal([], outcomes.Where(o => o.Value is not (IngestOutcome.Created or IngestOutcome.Joined or IngestOutcome.Quarantined)).Select(o => $"{o.Key}: {o.Value}"));
        var (_, messages, rawMails, receipts) = await CountsAsync(tenant);
        var quarantined = await server.TenantAsync(tenant.Id, db => db.Quarantine.CountAsync());
        Assert.Equal((files.Count, files.Count), (receipts, rawMails));
        Assert.Equal(files.Count, messages + quarantined);
        // Every receipt names the message it became, or its content waits in quarantine.
        var unaccounted = await server.TenantAsync(tenant.Id, db => db.MailReceipts
            .Where(r => r.RequestMessageId == null && !db.Quarantine.Any(q => q.RawMailId == r.RawMailId)).Select(r => r.Uid).ToListAsync());
        Assert.Empty(unaccounted);
    }

    [Fact]
    public async Task ReopenAClosedRequestWhenTheCustomerReplies()
    {
        var tenant = await NewTenantAsync();
        var first = await IngestAsync(tenant, new TestMail("Where is my parcel?").Bytes(), "1");
        var token = await CloseAsync(tenant, first.RequestId!.Value);

        var reply = await IngestAsync(tenant, new TestMail("Re: Where is my parcel?") { Headers = [$"In-Reply-To: <{RequestTokens.NewMessageId(token, "tenant.example")}>"] }.Bytes(), "2");

        Assert.Equal((IngestOutcome.Joined, first.RequestId), (reply.Outcome, reply.RequestId));
        var request = await RequestAsync(tenant, first.RequestId.Value);
        Assert.Equal((RequestStatus.Open, (DateTime?)null), (request.Status, request.ClosedAt));
        Assert.False(request.Messages.Single(m => m.Subject == "Re: Where is my parcel?").IsAutomatic);
        var reopened = Assert.Single(await HistoryAsync(tenant, request.Id), h => h.Change == "reopened");
        Assert.Equal(("status", "closed", "open"), (reopened.Field, reopened.OldValue, reopened.NewValue));
    }

    [Fact]
    public async Task OpenAWaitingRequestAgainWhenTheCustomerAnswers()
    {
        var tenant = await NewTenantAsync();
        var first = await IngestAsync(tenant, new TestMail("Where is my parcel?").Bytes(), "1");
        await server.TenantAsync(tenant.Id, db => db.Requests.Where(r => r.Id == first.RequestId)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.Status, RequestStatus.Waiting)));

        var answer = await IngestAsync(tenant, new TestMail($"Re: {RequestTokens.SubjectTag(1)} Where is my parcel?").Bytes(), "2");

        Assert.Equal((IngestOutcome.Joined, first.RequestId), (answer.Outcome, answer.RequestId));
        Assert.Equal(RequestStatus.Open, (await RequestAsync(tenant, first.RequestId!.Value)).Status);
        var change = Assert.Single(await HistoryAsync(tenant, first.RequestId.Value), h => h.Field == "status");
        Assert.Equal(("status", "waiting", "open"), (change.Change, change.OldValue, change.NewValue));
    }

    [Fact]
    public async Task RecordAutoRepliesAndBouncesWithoutReopening()
    {
        var tenant = await NewTenantAsync();
        var first = await IngestAsync(tenant, new TestMail("Where is my parcel?").Bytes(), "1");
        var token = await CloseAsync(tenant, first.RequestId!.Value);
        var outOfOffice = new TestMail("Out of office: Re: Where is my parcel?")
        {
            Headers = ["Auto-Submitted: auto-replied", $"In-Reply-To: <{RequestTokens.NewMessageId(token, "tenant.example")}>"],
        };
        var bounce = Encoding.ASCII.GetBytes(string.Join("\r\n",
            "From: Mail Delivery System <MAILER-DAEMON@mx.example.com>",
            $"To: {RequestTokens.ReplyAddress(Support, token)}",
            "Subject: Undelivered Mail Returned to Sender",
            $"Message-ID: <{NewMessageId()}>",
            "MIME-Version: 1.0",
            "Content-Type: multipart/report; report-type=delivery-status; boundary=\"report\"",
            "",
            "--report",
            "Content-Type: text/plain",
            "",
            "Your message could not be delivered.",
            "--report",
            "Content-Type: message/delivery-status",
            "",
            "Reporting-MTA: dns; mx.example.com",
            "",
            "Final-Recipient: rfc822; erika@example.com",
            "Action: failed",
            "Status: 5.1.1",
            "--report--",
            ""));

        var autoReply = await IngestAsync(tenant, outOfOffice.Bytes(), "2");
        var dsn = await IngestAsync(tenant, bounce, "3");

        Assert.Equal((IngestOutcome.Joined, first.RequestId), (autoReply.Outcome, autoReply.RequestId));
        Assert.Equal((IngestOutcome.Joined, first.RequestId), (dsn.Outcome, dsn.RequestId));
        var request = await RequestAsync(tenant, first.RequestId.Value);
        Assert.Equal((RequestStatus.Closed, 3), (request.Status, request.MessageCount));
        Assert.NotNull(request.ClosedAt);
        Assert.Equal([false, true, true], request.Messages.OrderBy(m => m.Subject == "Where is my parcel?" ? 0 : 1).Select(m => m.IsAutomatic));
        Assert.DoesNotContain(await HistoryAsync(tenant, request.Id), h => h.Field == "status");
    }

    [Fact]
    public async Task NumberRequestsReceivedSideBySideWithoutGaps()
    {
        var tenant = await NewTenantAsync();
        var mails = Enumerable.Range(1, 20).Select(i => new TestMail($"Question {i}") { From = $"customer{i}@example.com" }.Bytes()).ToList();

        var results = await Task.WhenAll(mails.Select((raw, i) => Task.Run(() => IngestAsync(tenant, raw, (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)))));

        Assert.All(results, r => Assert.Equal(IngestOutcome.Created, r.Outcome));
        var numbers = await server.TenantAsync(tenant.Id, db => db.Requests.OrderBy(r => r.Number).Select(r => r.Number).ToListAsync());
        Assert.Equal(Enumerable.Range(1, 20).Select(n => (long)n), numbers);
        Assert.Equal((20, 20, 20, 20), await CountsAsync(tenant));
    }

    [Fact]
    public async Task TakeAMailArrivingAtTwoAccountsAtOnceOnlyOnce()
    {
        var tenant = await NewTenantAsync();
        var mails = Enumerable.Range(1, 5).Select(i => new TestMail($"Question {i}") { From = $"customer{i}@example.com" }.Bytes()).ToList();

        var results = await Task.WhenAll(mails.SelectMany((raw, i) => new[] { tenant.AccountId, tenant.SecondAccountId }
            .Select(account => Task.Run(() => IngestAsync(tenant, raw, $"{i}", account: account)))));

        foreach (var pair in results.Chunk(2))
        {
            Assert.Equal([IngestOutcome.Created, IngestOutcome.Duplicate], pair.Select(r => r.Outcome).Order());
            Assert.Equal(pair[0].RequestId, pair[1].RequestId);
        }

        Assert.Equal((5, 5, 5, 10), await CountsAsync(tenant));
    }

    [Fact]
    public async Task PlaceARoundTogetherNumberingItsRequestsInOrder()
    {
        var tenant = await NewTenantAsync();
        await IngestAsync(tenant, new TestMail("Before the round").Bytes(), "1");
        var question = new TestMail("My order") { From = "Max Muster <max@example.org>" };
        var copy = new TestMail("Copied to us twice") { From = "copy@example.org" }.Bytes();
        var round = new[]
        {
            question.Bytes(),
            copy,
            new TestMail("Answer to my own mail") { From = "max@example.org", Headers = [$"In-Reply-To: <{question.MessageId}>"] }.Bytes(),
            new TestMail("Invoice 9") { From = "max@example.org" }.Bytes(),
            copy,
            (question with { Headers = ["Received: from mx2.example.com by mx.tenant.example; Mon, 2 Nov 2026 10:01:00 +0100"] }).Bytes(),
            new TestMail("Too big") { Body = new string('x', 1024 * 1024 + 10) }.Bytes(),
        };

        await SetLimitAsync(tenant, 1);

        var results = await IngestRoundAsync(tenant, round, firstUid: 2);

        Assert.Equal(
            [IngestOutcome.Created, IngestOutcome.Created, IngestOutcome.Joined, IngestOutcome.Created, IngestOutcome.Duplicate, IngestOutcome.Duplicate, IngestOutcome.Quarantined],
            results.Select(r => r.Outcome));
        Assert.Equal(results[0].RequestId, results[2].RequestId);
        Assert.Equal(results[1].RequestId, results[4].RequestId);
        Assert.Equal(results[0].RequestId, results[5].RequestId);
        Assert.Equal(RequestFromMail.TooLargeCode, results[6].ReasonCode);
        var requests = await server.TenantAsync(tenant.Id, db => db.Requests.AsNoTracking().OrderBy(r => r.Number).ToListAsync());
        Assert.Equal(["Before the round", "My order", "Copied to us twice", "Invoice 9"], requests.Select(r => r.Subject));
        Assert.Equal([1L, 2, 3, 4], requests.Select(r => r.Number));
        Assert.Equal([1, 2, 1, 1], requests.Select(r => r.MessageCount));
        // One new contact for Max's three mails, whichever partition: the account's.
        var contacts = await server.TenantAsync(tenant.Id, db => db.Contacts.AsNoTracking().Where(c => c.Email == "max@example.org").ToListAsync());
        Assert.Equal((Guid?)tenant.PartitionId, Assert.Single(contacts).PartitionId);
        Assert.Equal(contacts[0].Id, requests[3].ContactId);
        // Every server message has its receipt; the copies and the quarantined one, their own raw bytes where they differ.
        Assert.Equal((4, 5, 7, 8), await CountsAsync(tenant));
        var receipts = await server.TenantAsync(tenant.Id, db => db.MailReceipts.AsNoTracking().ToDictionaryAsync(r => r.Uid));
        Assert.Equal(receipts["3"].RawMailId, receipts["6"].RawMailId);
        Assert.Equal((ReceiptOutcome.Duplicate, receipts["3"].RequestMessageId), (receipts["6"].Outcome, receipts["6"].RequestMessageId));
        Assert.Equal(ReceiptOutcome.Quarantined, receipts["8"].Outcome);
        Assert.Equal(1, await server.TenantAsync(tenant.Id, db => db.Quarantine.CountAsync()));

        // The same round again (a fetch after a crash before the server copies were flagged): nothing new.
        var again = await IngestRoundAsync(tenant, round, firstUid: 2);
        Assert.All(again, r => Assert.Equal(IngestOutcome.AlreadyReceived, r.Outcome));
        Assert.Equal((4, 5, 7, 8), await CountsAsync(tenant));
    }

    [Fact]
    public async Task TakeRequestNumbersFromTheCounterAndStartItAgainAfterTheHighestWhenItIsGone()
    {
        var tenant = await NewTenantAsync();
        await IngestRoundAsync(tenant, [.. Enumerable.Range(1, 3).Select(i => new TestMail($"Question {i}").Bytes())], firstUid: 1);
        Assert.Equal(3L, await server.TenantAsync(tenant.Id, db => db.RequestCounters.Select(c => c.Last).SingleAsync()));

        // Emptied (as a restore without the counter would leave it): it starts again after the highest number there is.
        await server.TenantAsync(tenant.Id, db => db.RequestCounters.ExecuteDeleteAsync());
        await IngestRoundAsync(tenant, [new TestMail("Question 4").Bytes(), new TestMail("Question 5").Bytes()], firstUid: 4);

        var numbers = await server.TenantAsync(tenant.Id, db => db.Requests.OrderBy(r => r.Number).Select(r => r.Number).ToListAsync());
        Assert.Equal([1L, 2, 3, 4, 5], numbers);
        Assert.Equal(5L, await server.TenantAsync(tenant.Id, db => db.RequestCounters.Select(c => c.Last).SingleAsync()));
    }

    [Fact]
    public async Task NumberRoundsOfSeveralAccountsSideBySideWithoutGaps()
    {
        var tenant = await NewTenantAsync();
        var rounds = Enumerable.Range(0, 8).Select(r => Enumerable.Range(1, 5).Select(i => new TestMail($"Question {r}.{i}") { From = $"customer{r}.{i}@example.com" }.Bytes()).ToList());

        var results = await Task.WhenAll(rounds.Select((round, r) =>
            Task.Run(() => IngestRoundAsync(tenant, round, firstUid: 1, account: r % 2 == 0 ? tenant.AccountId : tenant.SecondAccountId, uidValidity: r + 1))));

        Assert.All(results.SelectMany(r => r), r => Assert.Equal(IngestOutcome.Created, r.Outcome));
        var numbers = await server.TenantAsync(tenant.Id, db => db.Requests.OrderBy(r => r.Number).Select(r => r.Number).ToListAsync());
        Assert.Equal(Enumerable.Range(1, 40).Select(n => (long)n), numbers);
    }

    private sealed record IngestTenant(Guid Id, Guid AccountId, Guid SecondAccountId, Guid PartitionId, Guid General, Guid Billing);

    /// <summary>A plain-text mail from Erika to support, with a fresh Message-ID; extra headers go first.</summary>
    private sealed record TestMail(string Subject)
    {
        public string From { get; init; } = "Erika Mustermann <erika@example.com>";

        public string To { get; init; } = $"Support <{Support}>";

        public string? MessageId { get; init; } = NewMessageId();

        public string Body { get; init; } = "Hello, I have a question.";

        public IReadOnlyList<string> Headers { get; init; } = [];

        public byte[] Bytes() => Encoding.UTF8.GetBytes(string.Join("\r\n",
        [
            .. Headers, $"From: {From}", $"To: {To}", $"Subject: {Subject}", "Date: Mon, 02 Nov 2026 10:00:00 +0100",
            .. MessageId is null ? Array.Empty<string>() : [$"Message-ID: <{MessageId}>"], "", Body, "",
        ]));
    }

    /// <summary>
    /// A fresh tenant: accounts "Support" (in partition "Retail") and "Sales", the default category General, and
    /// Billing with a 2-hour service level, which the routing plan gives subjects with "invoice" at high priority.
    /// </summary>
    private async Task<IngestTenant> NewTenantAsync()
    {
        var slug = await server.SignUpAsync();
        var tenantId = await TenantApi.TenantIdAsync(server, slug);
        return await server.TenantAsync(tenantId, async db =>
        {
            var general = await db.Categories.SingleAsync(c => c.IsDefault);
            var billing = new Category { AgentGroupId = general.AgentGroupId, Name = "Billing" };
            var partition = new ClientPartition { Name = "Retail" };
            var support = new InboundAccount
            {
                Name = "Support", Protocol = MailProtocol.Imap, Host = "imap.tenant.example", Port = 993, UserName = Support, Folder = "INBOX", PartitionId = partition.Id,
            };
            var sales = new InboundAccount { Name = "Sales", Protocol = MailProtocol.Imap, Host = "imap.tenant.example", Port = 993, UserName = "sales@tenant.example", Folder = "INBOX" };
            db.AddRange(billing, partition, support, sales);
            db.Add(new CategoryProfile { Id = billing.Id, ServiceLevelOverrideHours = 2 });
            db.Add(new RoutingRule { Position = 0, Condition = RoutingCondition.SubjectKeyword, Value = "invoice", CategoryId = billing.Id, Priority = RequestPriority.High });
            await db.SaveChangesAsync();
            return new IngestTenant(tenantId, support.Id, sales.Id, partition.Id, general.Id, billing.Id);
        });
    }

    /// <summary>Receives the message through the Support account (with its partition), or through Sales.</summary>
    private Task<IngestResult> IngestAsync(IngestTenant tenant, byte[] raw, string uid, long uidValidity = 1, Guid? account = null)
    {
        var source = account is null || account == tenant.AccountId
            ? new IngestSource(tenant.AccountId, "Support", uidValidity, uid, tenant.PartitionId)
            : new IngestSource(account.Value, "Sales", uidValidity, uid, null);
        return server.TenantAsync(tenant.Id, db => _ingest.IngestAsync(db, tenant.Id, source, raw, CancellationToken.None));
    }

    /// <summary>Receives the messages as one round, with the UIDs from <paramref name="firstUid"/> on.</summary>
    private Task<IReadOnlyList<IngestResult>> IngestRoundAsync(IngestTenant tenant, IReadOnlyList<byte[]> raws, int firstUid, Guid? account = null, long uidValidity = 1)
    {
        var mails = raws.Select((raw, i) =>
        {
            var uid = (firstUid + i).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var source = account is null || account == tenant.AccountId
                ? new IngestSource(tenant.AccountId, "Support", uidValidity, uid, tenant.PartitionId)
                : new IngestSource(account.Value, "Sales", uidValidity, uid, null);
            return new IncomingMail(source, raw);
        }).ToList();
        return server.TenantAsync(tenant.Id, db => _ingest.IngestRoundAsync(db, tenant.Id, mails, CancellationToken.None));
    }

    private Task<IngestResult?> RetryAsync(IngestTenant tenant, Guid quarantineId) =>
        server.TenantAsync(tenant.Id, db => _ingest.RetryQuarantinedAsync(db, tenant.Id, quarantineId, "admin@tenant.example", CancellationToken.None));

    private Task<int> AddAsync(IngestTenant tenant, params object[] entities) =>
        server.TenantAsync(tenant.Id, db =>
        {
            db.AddRange(entities);
            return db.SaveChangesAsync();
        });

    private Task<Request> RequestAsync(IngestTenant tenant, Guid id) =>
        server.TenantAsync(tenant.Id, db => db.Requests.AsNoTracking().Include(r => r.Messages).ThenInclude(m => m.Attachments).SingleAsync(r => r.Id == id));

    private Task<List<RequestHistoryEntry>> HistoryAsync(IngestTenant tenant, Guid requestId) =>
        server.TenantAsync(tenant.Id, db => db.RequestHistory.AsNoTracking().Where(h => h.RequestId == requestId).ToListAsync());

    private Task<QuarantinedMail> EntryAsync(IngestTenant tenant) =>
        server.TenantAsync(tenant.Id, db => db.Quarantine.AsNoTracking().Include(q => q.RawMail).SingleAsync());

    /// <summary>How many requests, request messages, raw mails and receipts the tenant has.</summary>
    private Task<(int Requests, int Messages, int RawMails, int Receipts)> CountsAsync(IngestTenant tenant) =>
        server.TenantAsync(tenant.Id, async db => (await db.Requests.CountAsync(), await db.RequestMessages.CountAsync(), await db.RawMails.CountAsync(),
            await db.MailReceipts.CountAsync()));

    private Task<int> SetLimitAsync(IngestTenant tenant, int megabytes) =>
        server.TenantAsync(tenant.Id, db => db.Settings.ExecuteUpdateAsync(set => set.SetProperty(s => s.MaxInboundMailMegabytes, megabytes)));

    /// <summary>Closes the request as an agent would; returns its token.</summary>
    private Task<string> CloseAsync(IngestTenant tenant, Guid requestId) =>
        server.TenantAsync(tenant.Id, async db =>
        {
            var request = await db.Requests.SingleAsync(r => r.Id == requestId);
            request.Status = RequestStatus.Closed;
            request.ClosedAt = server.Clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync();
            return request.Token;
        });

    private static string NewMessageId() => $"{Guid.NewGuid():N}@example.com";

    private static byte[] Bytes(MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        return stream.ToArray();
    }

    private static List<MailAddressJson> Addresses(string json) => JsonSerializer.Deserialize<List<MailAddressJson>>(json, JsonSerializerOptions.Web)!;

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Multiparts nested deeper than the reader's limit (32): a message it refuses to read.</summary>
    private static byte[] NestedMultiparts(int depth)
    {
        var text = new StringBuilder($"From: erika@example.com\r\nSubject: Deep\r\nMessage-ID: <{NewMessageId()}>\r\n");
        for (var i = 0; i < depth; i++)
        {
            text.Append("Content-Type: multipart/mixed; boundary=n").Append(i).Append("\r\n\r\n--n").Append(i).Append("\r\n");
        }

        text.Append("\r\ndeepest\r\n");
        for (var i = depth - 1; i >= 0; i--)
        {
            text.Append("--n").Append(i).Append("--\r\n");
        }

        return Encoding.ASCII.GetBytes(text.ToString());
    }
}

public sealed class MailIngestOnSqlite(SqliteServerFixture server) : MailIngestShould<SqliteServerFixture>(server);

public sealed class MailIngestOnPostgres(PostgresServerFixture server) : MailIngestShould<PostgresServerFixture>(server);

public sealed class MailIngestOnSqlServer(SqlServerServerFixture server) : MailIngestShould<SqlServerServerFixture>(server.Required());
