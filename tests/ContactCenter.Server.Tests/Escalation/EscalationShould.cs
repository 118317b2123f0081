using System.Net;
using System.Text;
using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Escalation;
using ContactCenter.Server.MailFetching;
using ContactCenter.Server.Requests;
using ContactCenter.Server.Tenancy;
using ContactCenter.Server.Tests.Requests;
using ContactCenter.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ContactCenter.Server.Tests.Escalation;

/// <summary>
/// The backlog escalation between two tenants of their own: what a rule moves and what it leaves, the stub and both
/// histories, a run killed in the middle of 500 requests, and a customer's reply to a stub. The fixture's job runs too
/// (every minute) and may take a test's requests first, so the tests judge what the tenants hold, not what one run says.
/// </summary>
public abstract class EscalationShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private readonly TenantTokens _tokens = new(server);

    [Fact]
    public async Task MoveTheOldRequestsWithTheirMailNotesAndHistoryOnceTheThresholdIsReached()
    {
        var pair = await NewPairAsync(threshold: 3, ageHours: 24);
        var now = server.Clock.GetUtcNow().UtcDateTime;
        var old = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            old.Add(await SeedAsync(pair.SourceId, pair.SourceCategory, i + 1, now.AddHours(-48 + i)));
        }

        var young = await SeedAsync(pair.SourceId, pair.SourceCategory, 4, now.AddHours(-1));
        var waiting = await SeedAsync(pair.SourceId, pair.SourceCategory, 5, now.AddHours(-100), RequestStatus.Waiting);

        await RunAsync(pair.SourceId);

        var stubs = await server.TenantAsync(pair.SourceId, db => db.Requests.AsNoTracking().ToDictionaryAsync(r => r.Id));
        Assert.All(old, id => Assert.Equal(RequestStatus.Escalated, stubs[id].Status));
        Assert.Equal(RequestStatus.Open, stubs[young].Status);
        Assert.Equal(RequestStatus.Waiting, stubs[waiting].Status);
        Assert.Equal(0, await server.TenantAsync(pair.SourceId, db => db.RequestMessages.CountAsync(m => old.Contains(m.RequestId))));
        Assert.Equal(0, await server.TenantAsync(pair.SourceId, db => db.RequestNotes.CountAsync(n => old.Contains(n.RequestId))));
        var copies = await server.TenantAsync(pair.TargetId, db => db.Requests.AsNoTracking().Where(r => r.EscalatedFromTenantId == pair.SourceId).ToListAsync());
        Assert.Equal(old.Order(), copies.Select(c => c.EscalatedFromRequestId!.Value).Order());
        var first = copies.Single(c => c.EscalatedFromRequestId == old[0]);
        Assert.Equal((RequestStatus.Open, (Guid?)pair.TargetCategory, 2), (first.Status, first.CategoryId, first.MessageCount));
        Assert.Equal((pair.TargetId, first.Id, first.Number), (stubs[old[0]].EscalatedToTenantId!.Value, stubs[old[0]].EscalatedToRequestId!.Value, stubs[old[0]].EscalatedToNumber!.Value));
        Assert.NotEqual(stubs[old[0]].Token, first.Token);
        Assert.Equal([1L, 2L, 3L], copies.Select(c => c.Number).Order());

        var messages = await server.TenantAsync(pair.TargetId, db => db.RequestMessages.AsNoTracking().Include(m => m.Attachments)
            .Where(m => m.RequestId == first.Id).OrderBy(m => m.ReceivedAt).ToListAsync());
        Assert.Equal([$"in-1@customer.example", $"out-1@tenant.example"], messages.Select(m => m.MessageId));
        var attachment = Assert.Single(messages[0].Attachments);
        Assert.Equal(("invoice-1.pdf", "%PDF-1"), (attachment.Name, Encoding.ASCII.GetString(attachment.Content)));
        var raw = await server.TenantAsync(pair.TargetId, db => db.RawMails.AsNoTracking().SingleAsync(r => r.Id == messages[0].RawMailId));
        Assert.Contains("Subject: Request 1", Encoding.UTF8.GetString(raw.Content!), StringComparison.Ordinal);
        var sent = await server.TenantAsync(pair.TargetId, db => db.Outbox.AsNoTracking().SingleAsync(o => o.RequestMessageId == messages[1].Id));
        Assert.Equal(DeliveryState.Sent, sent.State);
        var note = await server.TenantAsync(pair.TargetId, db => db.RequestNotes.AsNoTracking().SingleAsync(n => n.RequestId == first.Id));
        Assert.Equal("Called back 1", note.Text);
        var targetHistory = await server.TenantAsync(pair.TargetId, db => db.RequestHistory.AsNoTracking().Where(h => h.RequestId == first.Id).OrderBy(h => h.At).ToListAsync());
        Assert.Equal(["created", RequestMove.EscalatedInChange], targetHistory.Select(h => h.Change));
        Assert.Equal($"{pair.SourceName} #1", targetHistory[^1].NewValue);
        var sourceHistory = await server.TenantAsync(pair.SourceId, db => db.RequestHistory.AsNoTracking().Where(h => h.RequestId == old[0]).OrderBy(h => h.At).ToListAsync());
        Assert.Equal(["created", RequestMove.EscalatedChange], sourceHistory.Select(h => h.Change));
        Assert.Equal($"{pair.TargetName} #{first.Number}", sourceHistory[^1].NewValue);

        // The stub in the API: escalated, naming the target tenant and request; read-only.
        using var admin = await _tokens.AdministratorAsync(pair.SourceSlug);
        var detail = await TenantApi.JsonAsync(await admin.GetAsync($"api/requests/{old[0]}"), HttpStatusCode.OK);
        Assert.Equal("escalated", detail.GetProperty("status").GetString());
        var to = detail.GetProperty("escalatedTo");
        Assert.Equal((pair.TargetId, pair.TargetName, first.Id, first.Number),
            (to.GetProperty("tenantId").GetGuid(), to.GetProperty("tenantName").GetString(), to.GetProperty("requestId").GetGuid(), to.GetProperty("number").GetInt64()));
        Assert.Empty(detail.GetProperty("messages").EnumerateArray());
        var refused = await TenantApi.FieldErrorsAsync(await admin.PostAsync($"api/requests/{old[0]}/close", null));
        Assert.Equal(["status"], refused.Keys);
        var list = await TenantApi.JsonAsync(await admin.GetAsync("api/requests?status=escalated"), HttpStatusCode.OK);
        Assert.Equal(old.Order(), list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).Order());

        // The stub's page: escalated, to which tenant and request; no actions, no answer, no notes. The list shows the status.
        using var browser = await PageBrowser.SignInAsync(server, TenantApi.Administrator(pair.SourceSlug), pair.SourceSlug);
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");
        var page = await PageBrowser.GetDocumentAsync(browser, $"/t/{pair.SourceSlug}/requests/{old[0]}");
        Assert.Equal(first.Id.ToString(), page.QuerySelector("[data-escalated-to]")?.GetAttribute("data-escalated-to"));
        Assert.Contains($"Eskaliert an {pair.TargetName}, Anfrage #{first.Number}.", page.QuerySelector("[data-escalated-to]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Eskaliert", page.QuerySelector("[data-status]")?.TextContent);
        Assert.Null(page.QuerySelector("[data-actions]"));
        Assert.Null(page.QuerySelector("[data-note-form]"));
        Assert.Null(page.QuerySelector("[data-reply]"));
        var listPage = await PageBrowser.GetDocumentAsync(browser, $"/t/{pair.SourceSlug}/requests?status=escalated");
        Assert.Equal(3, listPage.QuerySelectorAll("tbody tr").Count(row => row.TextContent.Contains("Eskaliert", StringComparison.Ordinal)));
        var youngPage = await PageBrowser.GetDocumentAsync(browser, $"/t/{pair.SourceSlug}/requests/{young}");
        Assert.Null(youngPage.QuerySelector("[data-escalated-to]"));
        Assert.NotNull(youngPage.QuerySelector("[data-actions]"));
        Assert.NotNull(youngPage.QuerySelector("[data-reply]"));

        // Run again: nothing is left to move, nothing is copied twice.
        await RunAsync(pair.SourceId);
        Assert.Equal(3, await server.TenantAsync(pair.TargetId, db => db.Requests.CountAsync(r => r.EscalatedFromTenantId == pair.SourceId)));
    }

    [Fact]
    public async Task MoveNothingBelowTheThresholdOrToAPartnerThatNoLongerAccepts()
    {
        var below = await NewPairAsync(threshold: 4, ageHours: 1);
        var refusing = await NewPairAsync(threshold: 1, ageHours: 1);
        await server.CatalogAsync(async catalog =>
            await catalog.EscalationPartners.Where(p => p.SourceTenantId == refusing.SourceId).ExecuteDeleteAsync());
        var now = server.Clock.GetUtcNow().UtcDateTime;
        for (var i = 0; i < 3; i++)
        {
            await SeedAsync(below.SourceId, below.SourceCategory, i + 1, now.AddHours(-10));
            await SeedAsync(refusing.SourceId, refusing.SourceCategory, i + 1, now.AddHours(-10));
        }

        // Waiting and closed requests are no backlog.
        await SeedAsync(below.SourceId, below.SourceCategory, 4, now.AddHours(-10), RequestStatus.Waiting);
        await SeedAsync(below.SourceId, below.SourceCategory, 5, now.AddHours(-10), RequestStatus.Closed);

        Assert.Equal(0, await RunAsync(below.SourceId));
        Assert.Equal(0, await RunAsync(refusing.SourceId));

        foreach (var pair in new[] { below, refusing })
        {
            Assert.Equal(0, await server.TenantAsync(pair.SourceId, db => db.Requests.CountAsync(r => r.Status == RequestStatus.Escalated)));
            Assert.Equal(0, await server.TenantAsync(pair.TargetId, db => db.Requests.CountAsync()));
        }
    }

    [Fact]
    public async Task MoveEveryOpenRequestAtOnceWithAnAgeOfZero()
    {
        var pair = await NewPairAsync(threshold: 2, ageHours: 0);
        var now = server.Clock.GetUtcNow().UtcDateTime;
        var first = await SeedAsync(pair.SourceId, pair.SourceCategory, 1, now);
        await RunAsync(pair.SourceId);
        Assert.Equal(RequestStatus.Open, await server.TenantAsync(pair.SourceId, db => db.Requests.Where(r => r.Id == first).Select(r => r.Status).SingleAsync()));

        var second = await SeedAsync(pair.SourceId, pair.SourceCategory, 2, now);
        await RunAsync(pair.SourceId);

        var stubs = await server.TenantAsync(pair.SourceId, db => db.Requests.AsNoTracking().Where(r => r.Id == first || r.Id == second).ToListAsync());
        Assert.All(stubs, s => Assert.Equal(RequestStatus.Escalated, s.Status));
    }

    [Fact]
    public async Task RunOnItsScheduleWithoutBeingAsked()
    {
        var pair = await NewPairAsync(threshold: 1, ageHours: 0);
        var request = await SeedAsync(pair.SourceId, pair.SourceCategory, 1, server.Clock.GetUtcNow().UtcDateTime);

        // Escalation:ScanInterval is a minute here (the default).
        var status = await Poll.UntilAsync(
            () => server.TenantAsync(pair.SourceId, db => db.Requests.Where(r => r.Id == request).Select(r => r.Status).SingleAsync()),
            s => s == RequestStatus.Escalated, "the scheduled scan to escalate the request");

        Assert.Equal(RequestStatus.Escalated, status);
        Assert.Equal(1, await server.TenantAsync(pair.TargetId, db => db.Requests.CountAsync(r => r.EscalatedFromRequestId == request)));
    }

    [Fact]
    public async Task EndEveryRequestInExactlyOneTenantWithAllItsMessagesWhenTheJobIsKilledMidMove()
    {
        const int Count = 500;
        var pair = await NewPairAsync(threshold: 1, ageHours: 1, accepting: false);
        var now = server.Clock.GetUtcNow().UtcDateTime;
        var ids = await SeedManyAsync(pair, Count, now.AddDays(-2));
        await AcceptAsync(pair);
        var expected = await server.TenantAsync(pair.SourceId, db => db.RequestMessages.AsNoTracking().Where(m => ids.Contains(m.RequestId))
            .Select(m => new { m.RequestId, m.MessageId }).ToListAsync());

        // Killed between a copy and its mark (the 37th of the run), then by cancellation in the middle of a later run.
        var killed = await Assert.ThrowsAsync<InvalidOperationException>(() => RunAsync(pair.SourceId, new Killer(after: 37)));
        Assert.Equal(Killer.Message, killed.Message);
        using var cancel = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RunAsync(pair.SourceId, new Killer(after: 60, cancel), cancel.Token));
        Assert.True(await server.TenantAsync(pair.SourceId, db => db.Requests.CountAsync(r => ids.Contains(r.Id) && r.Status == RequestStatus.Open)) > 0);

        for (var run = 0; run < 20 && await RunAsync(pair.SourceId) > 0; run++)
        {
        }

        var stubs = await server.TenantAsync(pair.SourceId, db => db.Requests.AsNoTracking().Where(r => ids.Contains(r.Id)).ToListAsync());
        Assert.All(stubs, s => Assert.Equal(RequestStatus.Escalated, s.Status));
        Assert.Equal(0, await server.TenantAsync(pair.SourceId, db => db.RequestMessages.CountAsync(m => ids.Contains(m.RequestId))));
        var copies = await server.TenantAsync(pair.TargetId, db => db.Requests.AsNoTracking().ToListAsync());
        Assert.Equal(Count, copies.Count);
        Assert.Equal(ids.Order(), copies.Select(c => c.EscalatedFromRequestId!.Value).Order());
        Assert.Equal(Enumerable.Range(1, Count).Select(n => (long)n), copies.Select(c => c.Number).Order());
        var copyOf = copies.ToDictionary(c => c.Id, c => c.EscalatedFromRequestId!.Value);
        Assert.All(stubs, s => Assert.Equal(s.Id, copyOf[s.EscalatedToRequestId!.Value]));
        var landed = await server.TenantAsync(pair.TargetId, db => db.RequestMessages.AsNoTracking().Select(m => new { m.RequestId, m.MessageId }).ToListAsync());
        Assert.Equal(
            expected.Select(m => $"{m.RequestId}/{m.MessageId}").Order(),
            landed.Select(m => $"{copyOf[m.RequestId]}/{m.MessageId}").Order());
        Assert.All(copies, c => Assert.Equal(2, c.MessageCount));
    }

    [Fact]
    public async Task PassAReplyToAStubOnToTheTargetRequestAndReopenIt()
    {
        var pair = await NewPairAsync(threshold: 1, ageHours: 0);
        var request = await SeedAsync(pair.SourceId, pair.SourceCategory, 1, server.Clock.GetUtcNow().UtcDateTime.AddHours(-1));
        await RunAsync(pair.SourceId);
        var stub = await server.TenantAsync(pair.SourceId, db => db.Requests.AsNoTracking().SingleAsync(r => r.Id == request));
        var copyId = stub.EscalatedToRequestId!.Value;
        await server.TenantAsync(pair.TargetId, db => db.Requests.Where(r => r.Id == copyId).ExecuteUpdateAsync(r => r.SetProperty(x => x.Status, RequestStatus.Waiting)));
        var ourId = RequestTokens.NewMessageId(stub.Token, "tenant.example");
        var reply = $"From: Customer <customer1@example.com>\r\nTo: support@tenant.example\r\nSubject: Re: Request 1\r\nMessage-ID: <reply-{Guid.NewGuid():N}@customer.example>\r\n"
                    + $"In-Reply-To: <{ourId}>\r\nReferences: <{ourId}>\r\n\r\nAny news?\r\n";
        var ingest = server.Services.GetRequiredService<MailIngest>();
        var source = new IngestSource(Guid.NewGuid(), "Test inbox", 1, "1", null);

        var result = await server.TenantAsync(pair.SourceId, db => ingest.IngestAsync(db, pair.SourceId, source, Encoding.UTF8.GetBytes(reply), CancellationToken.None));
        // The same mail again through another account: the copy does not get it twice.
        var again = await server.TenantAsync(pair.SourceId, db => ingest.IngestAsync(db, pair.SourceId, source with { AccountId = Guid.NewGuid() }, Encoding.UTF8.GetBytes(reply), CancellationToken.None));

        Assert.Equal((IngestOutcome.Joined, (Guid?)request), (result.Outcome, result.RequestId));
        Assert.Equal(IngestOutcome.Duplicate, again.Outcome);
        var copy = await server.TenantAsync(pair.TargetId, db => db.Requests.AsNoTracking().SingleAsync(r => r.Id == copyId));
        Assert.Equal((RequestStatus.Open, 3), (copy.Status, copy.MessageCount));
        var texts = await server.TenantAsync(pair.TargetId, db => db.RequestMessages.AsNoTracking().Where(m => m.RequestId == copyId).OrderBy(m => m.ReceivedAt).Select(m => m.Text).ToListAsync());
        Assert.Equal("Any news?", texts[^1]?.Trim());
        Assert.Equal(0, await server.TenantAsync(pair.SourceId, db => db.RequestMessages.CountAsync(m => m.RequestId == request)));
        var stubHistory = await server.TenantAsync(pair.SourceId, db => db.RequestHistory.AsNoTracking().Where(h => h.RequestId == request).Select(h => h.Change).ToListAsync());
        Assert.Contains(EscalatedReplies.PassedOnChange, stubHistory);
        Assert.Equal(RequestStatus.Escalated, await server.TenantAsync(pair.SourceId, db => db.Requests.Where(r => r.Id == request).Select(r => r.Status).SingleAsync()));
    }

    private sealed record Pair(string SourceSlug, Guid SourceId, string SourceName, Guid SourceCategory, Guid TargetId, string TargetName, Guid TargetCategory);

    /// <summary>Two new tenants; the second accepts escalations from the first, whose default category escalates to the second's.</summary>
    private async Task<Pair> NewPairAsync(int threshold, int ageHours, bool accepting = true)
    {
        var sourceSlug = await server.SignUpAsync();
        var targetSlug = await server.SignUpAsync();
        var sourceId = await TenantApi.TenantIdAsync(server, sourceSlug);
        var targetId = await TenantApi.TenantIdAsync(server, targetSlug);
        var names = await server.CatalogAsync(catalog => catalog.Tenants.Where(t => t.Id == sourceId || t.Id == targetId).ToDictionaryAsync(t => t.Id, t => t.Name));
        var targetCategory = await server.TenantAsync(targetId, db => db.Categories.Where(c => c.IsDefault).Select(c => c.Id).SingleAsync());
        var sourceCategory = await server.TenantAsync(sourceId, async db =>
        {
            var category = await db.Categories.Where(c => c.IsDefault).Select(c => c.Id).SingleAsync();
            db.CategoryProfiles.Add(new CategoryProfile
            {
                Id = category, EscalationBacklogThreshold = threshold, EscalationDeadlineHours = ageHours, EscalationTargetTenantId = targetId,
                EscalationTargetCategoryId = targetCategory,
            });
            await db.SaveChangesAsync();
            return category;
        });
        var pair = new Pair(sourceSlug, sourceId, names[sourceId], sourceCategory, targetId, names[targetId], targetCategory);
        if (accepting)
        {
            await AcceptAsync(pair);
        }

        return pair;
    }

    /// <summary>The target accepts escalations from the source (the catalog's partner row).</summary>
    private Task<int> AcceptAsync(Pair pair) =>
        server.CatalogAsync(catalog =>
        {
            catalog.EscalationPartners.Add(new EscalationPartner { TenantId = pair.TargetId, SourceTenantId = pair.SourceId });
            return catalog.SaveChangesAsync();
        });

    /// <summary>A request with a received message (raw mail, attachment), a sent answer, a note and a history entry.</summary>
    private async Task<Guid> SeedAsync(Guid tenantId, Guid categoryId, int number, DateTime createdAt, RequestStatus status = RequestStatus.Open)
    {
        var entities = Seed(categoryId, number, createdAt, status, out var request);
        await RequestData.AddAsync(server, tenantId, [.. entities]);
        return request.Id;
    }

    private async Task<List<Guid>> SeedManyAsync(Pair pair, int count, DateTime createdAt)
    {
        var ids = new List<Guid>();
        foreach (var chunk in Enumerable.Range(1, count).Chunk(100))
        {
            var entities = new List<object>();
            foreach (var number in chunk)
            {
                entities.AddRange(Seed(pair.SourceCategory, number, createdAt.AddMinutes(number), RequestStatus.Open, out var request));
                ids.Add(request.Id);
            }

            await RequestData.AddAsync(server, pair.SourceId, [.. entities]);
        }

        return ids;
    }

    private static List<object> Seed(Guid categoryId, int number, DateTime createdAt, RequestStatus status, out Request request)
    {
        request = RequestData.NewRequest(number, $"Request {number}", status, categoryId: categoryId);
        request.CreatedAt = createdAt;
        request.UpdatedAt = createdAt;
        request.MessageCount = 2;
        var raw = RequestData.Raw($"From: customer{number}@example.com\r\nSubject: Request {number}\r\nMessage-ID: <in-{number}-{Guid.NewGuid():N}@customer.example>\r\n\r\nHello\r\n");
        var inbound = RequestData.Inbound(request, raw, 0, $"Question {number}");
        inbound.MessageId = $"in-{number}@customer.example";
        inbound.ReceivedAt = createdAt;
        inbound.Attachments.Add(new MessageAttachment
        {
            MessageId = inbound.Id, Name = $"invoice-{number}.pdf", ContentType = "application/pdf", Size = 6, Sha256 = new string('a', 64), Content = "%PDF-1"u8.ToArray(),
        });
        var outbound = new RequestMessage
        {
            RequestId = request.Id, Direction = MessageDirection.Out, MessageId = $"out-{number}@tenant.example", ReceivedAt = createdAt.AddMinutes(5),
            Text = $"Answer {number}", Delivery = DeliveryState.Sent,
        };
        var sent = new OutboxMessage
        {
            RequestMessageId = outbound.Id, MessageId = outbound.MessageId, Sender = "support@tenant.example", Recipients = request.ContactEmail!,
            Content = "Subject: Answer\r\n\r\nAnswer\r\n"u8.ToArray(), State = DeliveryState.Sent, Attempts = 1, CreatedAt = createdAt, NextAttemptAt = createdAt, SentAt = createdAt,
        };
        var note = new RequestNote { RequestId = request.Id, At = createdAt.AddMinutes(1), Author = "agent@example.com", Text = $"Called back {number}" };
        var created = new RequestHistoryEntry { RequestId = request.Id, At = createdAt, Actor = "mail:Test", Change = "created" };
        return [raw, request, inbound, outbound, sent, note, created];
    }

    /// <summary>One run of the tenant's escalation as the job runs it; with <paramref name="observer"/>, through a move that tells it of every copy.</summary>
    private async Task<int> RunAsync(Guid tenantId, IEscalationObserver? observer = null, CancellationToken cancellationToken = default)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var escalation = observer is null
            ? services.GetRequiredService<BacklogEscalation>()
            : new BacklogEscalation(
                services.GetRequiredService<CatalogDbContext>(), services.GetRequiredService<TenantDatabaseFactory>(),
                new RequestMove(services.GetRequiredService<RawMailStore>(), services.GetRequiredService<TimeProvider>(), [observer]),
                services.GetRequiredService<EscalationSettings>(), services.GetRequiredService<TimeProvider>(), NullLogger<BacklogEscalation>.Instance);
        return await escalation.RunAsync(tenantId, cancellationToken);
    }

    /// <summary>Kills the run after a number of copies: throws (a crash) or cancels the run's token (a stopping server).</summary>
    private sealed class Killer(int after, CancellationTokenSource? cancel = null) : IEscalationObserver
    {
        public const string Message = "Killed between the copy and the mark.";

        private int _copies;

        public void Copied(Guid sourceTenantId, Guid requestId)
        {
            if (++_copies < after)
            {
                return;
            }

            if (cancel is null)
            {
                throw new InvalidOperationException(Message);
            }

            cancel.Cancel();
        }
    }
}

public sealed class EscalationOnSqlite(SqliteServerFixture server) : EscalationShould<SqliteServerFixture>(server);

public sealed class EscalationOnPostgres(PostgresServerFixture server) : EscalationShould<PostgresServerFixture>(server);
