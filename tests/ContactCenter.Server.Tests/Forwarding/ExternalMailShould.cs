using System.Net;
using System.Net.Http.Json;
using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Forwarding;
using ContactCenter.Server.MailAccounts;
using ContactCenter.Server.MailFetching;
using ContactCenter.Server.Notifications;
using ContactCenter.Server.Requests;
using ContactCenter.Server.Tests.Requests;
using ContactCenter.Server.Tests.Support;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace ContactCenter.Server.Tests.Forwarding;

/// <summary>
/// External forwarding without closure and 2nd-level queries through the API and the ingest: the mail to the external
/// party (Reply-To the system account with the request's token, the customer's mail below the marker), the 2nd-level
/// folder, the answer passed on to the customer without what it quoted of ours, the 2nd-level answer kept as a note,
/// the reminder and its notification once, and the refusals.
/// </summary>
public abstract class ExternalMailShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private const string Sender = "grace@cc.test";
    private const string Expert = "expert@partner.test";
    private const string ReplyAccount = "replies@cc.test";
    private const string SecondLevelAccount = "experts@cc.test";
    private readonly TenantTokens _tokens = new(server);

    [Fact]
    public async Task ForwardToAnExternalContactAndPassTheirAnswerOnToTheCustomer()
    {
        var setup = await NewSetupAsync();
        using var admin = await _tokens.AdministratorAsync(setup.Slug);

        var accepted = await TenantApi.JsonAsync(await admin.PostAsJsonAsync($"api/requests/{setup.RequestId}/forward", new
        {
            to = "Eva Expert <" + Expert + ">", body = "<p>Please tell the customer <b>where</b> it is.<script>x()</script></p>", note = "Asked the depot.",
        }), HttpStatusCode.Accepted);

        Assert.Equal("open", accepted.GetProperty("status").GetString());
        var forwardId = accepted.GetProperty("id").GetGuid();
        var forward = await Poll.UntilAsync(() => MessageAsync(setup, forwardId), m => m.Delivery != DeliveryState.Pending, "the forward to be sent", Poll.SentLimit);
        Assert.Equal((DeliveryState.Sent, MessageKind.Forward, (Guid?)setup.AdminId), (forward.Delivery, forward.Kind, forward.AuthorId));
        Assert.Equal("Fwd: Where is my parcel? [#1]", forward.Subject);
        using var mime = await OutboxMimeAsync(setup, forwardId);
        var token = await server.TenantAsync(setup.TenantId, db => db.Requests.Where(r => r.Id == setup.RequestId).Select(r => r.Token).SingleAsync());
        Assert.Equal($"replies+{token}@cc.test", mime.ReplyTo.Mailboxes.Single().Address);
        Assert.Equal((Sender, Expert), (mime.From.Mailboxes.Single().Address, mime.To.Mailboxes.Single().Address));
        Assert.Contains("Please tell the customer where it is.", forward.Text, StringComparison.Ordinal);
        Assert.Contains("-------- Forwarded request [#1] --------", forward.Text, StringComparison.Ordinal);
        Assert.Contains("Where is it? Order 4711.", forward.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("script", forward.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("label.pdf", Assert.Single(mime.Attachments.OfType<MimePart>()).FileName);
        var waiting = await RequestAsync(setup);
        Assert.Equal((RequestStatus.Open, Expert, (Guid?)setup.AdminId), (waiting.Status, waiting.ForwardedTo, waiting.AssigneeId));
        Assert.NotNull(waiting.SecondLevelSince);
        Assert.Equal(48, (waiting.ForwardReminderAt!.Value - waiting.SecondLevelSince!.Value).TotalHours, 3);
        Assert.Equal("Asked the depot.", (await server.TenantAsync(setup.TenantId, db => db.RequestNotes.SingleAsync(n => n.RequestId == setup.RequestId))).Text);
        var detail = await TenantApi.JsonAsync(await admin.GetAsync($"api/requests/{setup.RequestId}"), HttpStatusCode.OK);
        Assert.Equal(Expert, detail.GetProperty("secondLevel").GetProperty("forwardedTo").GetString());
        Assert.Equal("forward", detail.GetProperty("messages").EnumerateArray().Last().GetProperty("kind").GetString());

        var answer = Answer(mime, token, "The parcel is at the Berlin depot, Frank.\nRegards, Eva", ReplyAccount);
        var result = await IngestAsync(setup, setup.ReplyAccountId, answer);

        Assert.Equal((IngestOutcome.Joined, (Guid?)setup.RequestId), (result.Outcome, result.RequestId));
        var messages = await server.TenantAsync(setup.TenantId, db => db.RequestMessages.AsNoTracking().Where(m => m.RequestId == setup.RequestId)
            .OrderBy(m => m.ReceivedAt).ThenBy(m => m.Id).ToListAsync());
        Assert.Equal([MessageKind.Customer, MessageKind.Forward, MessageKind.ForwardAnswer, MessageKind.Customer], messages.Select(m => m.Kind));
        var passedOn = messages[^1];
        Assert.Equal((MessageDirection.Out, "frank@customer.test"), (passedOn.Direction, RequestValues.Mailboxes(passedOn.To).Single().Address));
        Assert.Equal(("Re: Where is my parcel? [#1]", "first@customer.test"), (passedOn.Subject, passedOn.InReplyTo));
        // What the expert quoted of ours (the agent's words to them, the customer's mail) does not go to the customer.
        Assert.Equal("The parcel is at the Berlin depot, Frank.\nRegards, Eva", passedOn.Text?.Trim());
        var sent = await Poll.UntilAsync(() => MessageAsync(setup, passedOn.Id), m => m.Delivery != DeliveryState.Pending, "the answer to go to the customer", Poll.SentLimit);
        Assert.Equal(DeliveryState.Sent, sent.Delivery);
        var answered = await RequestAsync(setup);
        Assert.Equal((RequestStatus.Waiting, (DateTime?)null, (DateTime?)null), (answered.Status, answered.SecondLevelSince, answered.ForwardReminderAt));
        var told = await NotificationsAsync(setup);
        Assert.Equal([PersonNotifications.ForwardAnswered], told.Select(n => n.Kind));
    }

    [Fact]
    public async Task AskASecondLevelAndKeepTheirAnswerAsANoteOnTheRequest()
    {
        var setup = await NewSetupAsync();
        using var admin = await _tokens.AdministratorAsync(setup.Slug);
        await SetStatusAsync(setup, RequestStatus.Waiting);

        var accepted = await TenantApi.JsonAsync(await admin.PostAsJsonAsync($"api/requests/{setup.RequestId}/second-level", new
        {
            to = Expert, body = "Can we refund the shipping?",
        }), HttpStatusCode.Accepted);

        var queryId = accepted.GetProperty("id").GetGuid();
        var query = await MessageAsync(setup, queryId);
        Assert.Equal((MessageKind.SecondLevelQuery, "Question: Where is my parcel? [#1]"), (query.Kind, query.Subject));
        using var mime = await OutboxMimeAsync(setup, queryId);
        var token = await server.TenantAsync(setup.TenantId, db => db.Requests.Where(r => r.Id == setup.RequestId).Select(r => r.Token).SingleAsync());
        Assert.Equal($"experts+{token}@cc.test", mime.ReplyTo.Mailboxes.Single().Address);
        // A question does not put the request into the 2nd-level folder.
        Assert.Null((await RequestAsync(setup)).SecondLevelSince);

        var result = await IngestAsync(setup, setup.SecondLevelAccountId, Answer(mime, token, "Yes, refund it.", SecondLevelAccount));

        Assert.Equal(IngestOutcome.Joined, result.Outcome);
        var answer = await server.TenantAsync(setup.TenantId, db => db.RequestMessages.AsNoTracking().Where(m => m.RequestId == setup.RequestId)
            .OrderByDescending(m => m.ReceivedAt).ThenByDescending(m => m.Id).FirstAsync());
        Assert.Equal((MessageDirection.In, MessageKind.SecondLevelAnswer), (answer.Direction, answer.Kind));
        var note = await server.TenantAsync(setup.TenantId, db => db.RequestNotes.SingleAsync(n => n.RequestId == setup.RequestId));
        Assert.StartsWith($"Answer from Eva Expert <{Expert}> to the 2nd-level query", note.Text, StringComparison.Ordinal);
        Assert.EndsWith("\n\nYes, refund it.", note.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Can we refund", note.Text, StringComparison.Ordinal);
        // Back to the agent: open again, and nothing went to the customer.
        Assert.Equal(RequestStatus.Open, (await RequestAsync(setup)).Status);
        Assert.Equal(1, await server.TenantAsync(setup.TenantId, db => db.Outbox.CountAsync()));
        Assert.Equal([PersonNotifications.SecondLevelAnswered], (await NotificationsAsync(setup)).Select(n => n.Kind));
    }

    [Fact]
    public async Task TellTheAgentOnceWhenTheExternalContactHasNotAnsweredAndSendAReminder()
    {
        var setup = await NewSetupAsync();
        using var admin = await _tokens.AdministratorAsync(setup.Slug);
        await server.TenantAsync(setup.TenantId, async db =>
        {
            (await db.CategoryProfiles.SingleAsync(p => p.Id == setup.CategoryId)).ForwardReminderHours = 4;
            return await db.SaveChangesAsync();
        });
        using var early = await admin.PostAsync($"api/requests/{setup.RequestId}/reminder", null);
        var forwarded = await TenantApi.JsonAsync(await admin.PostAsJsonAsync($"api/requests/{setup.RequestId}/forward", new { to = Expert, body = "Please answer." }), HttpStatusCode.Accepted);
        var request = await RequestAsync(setup);
        Assert.Equal(4, (request.ForwardReminderAt!.Value - request.SecondLevelSince!.Value).TotalHours, 3);

        var before = await server.TenantAsync(setup.TenantId, db => ForwardReminderJob.RemindAsync(db, request.ForwardReminderAt.Value.AddMinutes(-1), CancellationToken.None));
        var due = await server.TenantAsync(setup.TenantId, db => ForwardReminderJob.RemindAsync(db, request.ForwardReminderAt.Value.AddMinutes(1), CancellationToken.None));
        var again = await server.TenantAsync(setup.TenantId, db => ForwardReminderJob.RemindAsync(db, request.ForwardReminderAt.Value.AddHours(1), CancellationToken.None));

        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal((0, 1, 0), (before, due, again));
        var told = Assert.Single(await NotificationsAsync(setup));
        Assert.Equal((PersonNotifications.ForwardUnanswered, (Guid?)setup.RequestId, Expert), (told.Kind, told.RequestId, told.Detail));

        var reminded = await TenantApi.JsonAsync(await admin.PostAsync($"api/requests/{setup.RequestId}/reminder", null), HttpStatusCode.Accepted);
        var reminder = await MessageAsync(setup, reminded.GetProperty("id").GetGuid());
        var forward = await MessageAsync(setup, forwarded.GetProperty("id").GetGuid());
        Assert.Equal((MessageKind.Reminder, forward.MessageId), (reminder.Kind, reminder.InReplyTo));
        Assert.Equal(Expert, RequestValues.Mailboxes(reminder.To).Single().Address);
        Assert.StartsWith("Reminder: Fwd: Where is my parcel? [#1]", reminder.Subject, StringComparison.Ordinal);
        Assert.Contains("still waiting for your answer", reminder.Text, StringComparison.Ordinal);
        // The reminder starts the time again.
        Assert.True((await RequestAsync(setup)).ForwardReminderAt > request.ForwardReminderAt);
    }

    [Fact]
    public async Task RefuseWhatCannotGoOutWithAClearProblemAndSendNothing()
    {
        var setup = await NewSetupAsync(systemAccounts: false);
        using var admin = await _tokens.AdministratorAsync(setup.Slug);
        var forward = $"api/requests/{setup.RequestId}/forward";

        var noAddress = await TenantApi.FieldErrorsAsync(await admin.PostAsJsonAsync(forward, new { body = "Hi" }));
        var badAddress = await TenantApi.FieldErrorsAsync(await admin.PostAsJsonAsync(forward, new { to = "not an address", body = "Hi" }));
        var ownAddress = await TenantApi.FieldErrorsAsync(await admin.PostAsJsonAsync(forward, new { to = Sender, body = "Hi" }));
        var noBody = await TenantApi.FieldErrorsAsync(await admin.PostAsJsonAsync(forward, new { to = Expert, body = "<p><script>x</script></p>" }));
        // Without system accounts of its own the tenant would use the platform's global ones, which other tests may be
        // adding meanwhile; without an active outbound server as well, nothing can go out either way: 409, and why.
        await server.TenantAsync(setup.TenantId, async db =>
        {
            (await db.OutboundSmtpServers.SingleAsync()).Active = false;
            return await db.SaveChangesAsync();
        });
        using var noReplyAccount = await admin.PostAsJsonAsync(forward, new { to = Expert, body = "Hi" });
        using var noSecondLevelAccount = await admin.PostAsJsonAsync($"api/requests/{setup.RequestId}/second-level", new { to = Expert, body = "Hi" });
        var otherSlug = await server.SignUpAsync();
        using var otherAdmin = await _tokens.AdministratorAsync(otherSlug);
        using var foreign = await otherAdmin.PostAsJsonAsync(forward, new { to = Expert, body = "Hi" });

        Assert.Equal(["to", "to", "to", "body"], new[] { noAddress, badAddress, ownAddress, noBody }.Select(errors => string.Join(',', errors.Keys)));
        Assert.Equal((HttpStatusCode.Conflict, HttpStatusCode.Conflict, HttpStatusCode.NotFound), (noReplyAccount.StatusCode, noSecondLevelAccount.StatusCode, foreign.StatusCode));
        var forwardProblem = (await TenantApi.JsonAsync(noReplyAccount, HttpStatusCode.Conflict)).GetProperty("title").GetString();
        var queryProblem = (await TenantApi.JsonAsync(noSecondLevelAccount, HttpStatusCode.Conflict)).GetProperty("title").GetString();
        Assert.Contains(forwardProblem, new[] { "No reply account", "No sender address" });
        Assert.Contains(queryProblem, new[] { "No 2nd-level reply account", "No sender address" });
        Assert.Equal(0, await server.TenantAsync(setup.TenantId, db => db.Outbox.CountAsync()));
        Assert.Null((await RequestAsync(setup)).SecondLevelSince);
    }

    private static byte[] Answer(MimeMessage ours, string token, string text, string account)
    {
        var answer = new MimeMessage();
        answer.From.Add(new MailboxAddress("Eva Expert", Expert));
        answer.To.Add(new MailboxAddress(null, account.Replace("@", "+" + token + "@", StringComparison.Ordinal)));
        answer.Subject = "Re: " + ours.Subject;
        answer.MessageId = $"{Guid.NewGuid():N}@partner.test";
        answer.InReplyTo = ours.MessageId;
        answer.References.Add(ours.MessageId!);
        var quoted = string.Join('\n', ours.TextBody!.Split('\n').Select(line => "> " + line.TrimEnd('\r')));
        answer.Body = new TextPart("plain") { Text = $"{text}\n\nOn Tuesday, {Sender} wrote:\n{quoted}\n" };
        using var bytes = new MemoryStream();
        answer.WriteTo(bytes);
        return bytes.ToArray();
    }

    private Task<IngestResult> IngestAsync(Setup setup, Guid accountId, byte[] raw) =>
        server.TenantAsync(setup.TenantId, db => server.Services.GetRequiredService<MailIngest>()
            .IngestAsync(db, setup.TenantId, new IngestSource(accountId, "Replies", 1, Guid.NewGuid().ToString("N"), null), raw, CancellationToken.None));

    private Task<RequestMessage> MessageAsync(Setup setup, Guid id) =>
        server.TenantAsync(setup.TenantId, db => db.RequestMessages.AsNoTracking().SingleAsync(m => m.Id == id));

    private Task<Request> RequestAsync(Setup setup) =>
        server.TenantAsync(setup.TenantId, db => db.Requests.AsNoTracking().SingleAsync(r => r.Id == setup.RequestId));

    private Task<List<Notification>> NotificationsAsync(Setup setup) =>
        server.TenantAsync(setup.TenantId, db => db.Notifications.AsNoTracking().Where(n => n.PersonId == setup.AdminId).ToListAsync());

    private Task<int> SetStatusAsync(Setup setup, RequestStatus status) =>
        server.TenantAsync(setup.TenantId, async db =>
        {
            (await db.Requests.SingleAsync(r => r.Id == setup.RequestId)).Status = status;
            return await db.SaveChangesAsync();
        });

    private async Task<MimeMessage> OutboxMimeAsync(Setup setup, Guid messageId)
    {
        var content = await server.TenantAsync(setup.TenantId, db => db.Outbox.AsNoTracking().Where(o => o.RequestMessageId == messageId).Select(o => o.Content).SingleAsync());
        return await MimeMessage.LoadAsync(new MemoryStream(content));
    }

    /// <summary>
    /// A tenant with an outbound server (the dev Postfix, sender grace@cc.test), a reply account and a 2nd-level reply
    /// account (addresses only: they are not fetched here, the test hands their mail to the ingest), and a request in a
    /// category with one received mail from frank@customer.test carrying an attachment.
    /// </summary>
    private async Task<Setup> NewSetupAsync(bool systemAccounts = true)
    {
        var slug = await server.SignUpAsync();
        var tenantId = await TenantApi.TenantIdAsync(server, slug);
        var adminId = await server.CatalogAsync(c => c.Users.Where(u => u.Email == $"admin@{slug}.example").Select(u => u.Id).SingleAsync());
        return await server.TenantAsync(tenantId, async db =>
        {
            db.OutboundSmtpServers.Add(RequestData.DevPostfix(server, tenantId, Sender));
            var replies = new SystemAccount { Type = SystemAccountType.Reply, Name = "Replies", EmailAddress = ReplyAccount };
            var experts = new SystemAccount { Type = SystemAccountType.SecondLevelReply, Name = "Experts", EmailAddress = SecondLevelAccount };
            if (systemAccounts)
            {
                db.SystemAccounts.AddRange(replies, experts);
            }

            var general = await db.Categories.SingleAsync(c => c.IsDefault);
            var category = new Category { AgentGroupId = general.AgentGroupId, Name = "Parcels" };
            db.Categories.Add(category);
            db.CategoryProfiles.Add(new CategoryProfile { Id = category.Id });
            var request = RequestData.NewRequest(1, "Where is my parcel?", categoryId: category.Id, contactEmail: "frank@customer.test");
            db.Requests.Add(request);
            var raw = RequestData.Raw(RequestData.Mime("Where is my parcel?"));
            db.RawMails.Add(raw);
            var inbound = RequestData.Inbound(request, raw, 0, "Where is it? Order 4711.", "frank@customer.test");
            inbound.FromName = "Frank Customer";
            inbound.MessageId = "first@customer.test";
            inbound.To = """[{"name":"Shop","address":"grace@cc.test"}]""";
            inbound.Attachments.Add(new MessageAttachment
            {
                Name = "label.pdf", ContentType = "application/pdf", Size = 5, Sha256 = new string('0', 64), Content = "%PDF-"u8.ToArray(),
            });
            db.RequestMessages.Add(inbound);
            request.MessageCount = 1;
            await db.SaveChangesAsync();
            return new Setup(slug, tenantId, adminId, request.Id, category.Id, replies.Id, experts.Id);
        });
    }

    private sealed record Setup(string Slug, Guid TenantId, Guid AdminId, Guid RequestId, Guid CategoryId, Guid ReplyAccountId, Guid SecondLevelAccountId);
}

public sealed class ExternalMailOnSqlite(SqliteServerFixture server) : ExternalMailShould<SqliteServerFixture>(server);

public sealed class ExternalMailOnPostgres(PostgresServerFixture server) : ExternalMailShould<PostgresServerFixture>(server);
