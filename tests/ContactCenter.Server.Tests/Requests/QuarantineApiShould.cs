using System.Net;
using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Tests.Requests;

/// <summary>The quarantine API: newest first with reason, size and hash; the original for download; retry through the ingest; deletion that keeps what receipts still need.</summary>
public abstract class QuarantineApiShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private readonly TenantTokens _tokens = new(server);

    [Fact]
    public async Task ListNewestFirstHandOutTheOriginalAndDeleteEntries()
    {
        var slug = await server.SignUpAsync();
        var tenantId = await TenantApi.TenantIdAsync(server, slug);
        var account = Guid.NewGuid();
        var receivedRaw = RequestData.Raw("not a mail at all");
        var handRaw = RequestData.Raw(RequestData.Mime("No route"));
        var received = new QuarantinedMail
        {
            AccountId = account, RawMailId = receivedRaw.Id, ReceivedAt = RequestData.Start, ReasonCode = "unparseable", Reason = "The message has no header block.",
        };
        var byHand = new QuarantinedMail
        {
            RawMailId = handRaw.Id, ReceivedAt = RequestData.Start.AddHours(1), ReasonCode = "unroutable", Reason = "No category takes it.",
        };
        var receipt = new MailReceipt
        {
            AccountId = account, UidValidity = 1, Uid = "17", RawMailId = receivedRaw.Id, ReceivedAt = RequestData.Start, Outcome = ReceiptOutcome.Quarantined,
        };
        await RequestData.AddAsync(server, tenantId, receivedRaw, handRaw, received, byHand, receipt);
        using var admin = await _tokens.AdministratorAsync(slug);

        var list = await TenantApi.JsonAsync(await admin.GetAsync("api/quarantine"), HttpStatusCode.OK);
        var items = list.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, list.GetProperty("total").GetInt32());
        Assert.Equal([byHand.Id, received.Id], items.Select(i => i.GetProperty("id").GetGuid()));
        Assert.Equal(["id", "accountId", "receivedAt", "reasonCode", "reason", "size", "sha256"], RequestData.Names(items[1]));
        Assert.Equal((account, "2026-11-02T09:00:00Z", "unparseable", "The message has no header block.", receivedRaw.Size, receivedRaw.Sha256),
            (items[1].GetProperty("accountId").GetGuid(), items[1].GetProperty("receivedAt").GetString(), items[1].GetProperty("reasonCode").GetString(),
                items[1].GetProperty("reason").GetString(), items[1].GetProperty("size").GetInt64(), items[1].GetProperty("sha256").GetString()));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, items[0].GetProperty("accountId").ValueKind);
        var secondPage = await TenantApi.JsonAsync(await admin.GetAsync("api/quarantine?pageSize=1&page=2"), HttpStatusCode.OK);
        Assert.Equal(received.Id, Assert.Single(secondPage.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        Assert.Equal(["page", "pageSize"], (await TenantApi.FieldErrorsAsync(await admin.GetAsync("api/quarantine?page=0&pageSize=500"))).Keys.Order());

        using var raw = await admin.GetAsync($"api/quarantine/{received.Id}/raw");
        Assert.Equal(HttpStatusCode.OK, raw.StatusCode);
        Assert.Equal("message/rfc822", raw.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", raw.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(receivedRaw.Content, await raw.Content.ReadAsByteArrayAsync());

        using var deleteReceived = await admin.DeleteAsync($"api/quarantine/{received.Id}");
        using var deleteByHand = await admin.DeleteAsync($"api/quarantine/{byHand.Id}");
        using var again = await admin.DeleteAsync($"api/quarantine/{byHand.Id}");
        using var rawGone = await admin.GetAsync($"api/quarantine/{byHand.Id}/raw");
        var after = await TenantApi.JsonAsync(await admin.GetAsync("api/quarantine"), HttpStatusCode.OK);
        var kept = await server.TenantAsync(tenantId, db => db.RawMails.Select(r => r.Id).ToListAsync());

        Assert.Equal(HttpStatusCode.NoContent, deleteReceived.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, deleteByHand.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, rawGone.StatusCode);
        Assert.Equal(0, after.GetProperty("total").GetInt32());
        // The receipt still says the server message was received (so it is not fetched again): its original stays.
        Assert.Equal([receivedRaw.Id], kept);
    }

    [Fact]
    public async Task RetryATooLargeMessageOnceTheLimitIsRaised()
    {
        var slug = await server.SignUpAsync();
        var tenantId = await TenantApi.TenantIdAsync(server, slug);
        await server.TenantAsync(tenantId, db => db.Settings.ExecuteUpdateAsync(s => s.SetProperty(x => x.MaxInboundMailMegabytes, 1)));
        var mime = RequestData.Mime("Scanned invoice", new string('x', 1_100_000));
        var entry = await RequestData.QuarantinedAsync(server, tenantId, mime);
        using var admin = await _tokens.AdministratorAsync(slug);

        using var refused = await admin.PostAsync($"api/quarantine/{entry}/retry", null);
        var problem = await TenantApi.JsonAsync(refused, HttpStatusCode.Conflict);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"The message has {mime.Length.ToString("N0", System.Globalization.CultureInfo.GetCultureInfo("en"))} bytes; this tenant accepts at most 1 MB. Raise the limit in the tenant settings and retry.",
            problem.GetProperty("detail").GetString());
        Assert.True(await server.TenantAsync(tenantId, db => db.Quarantine.AnyAsync(q => q.Id == entry)));

        await server.TenantAsync(tenantId, db => db.Settings.ExecuteUpdateAsync(s => s.SetProperty(x => x.MaxInboundMailMegabytes, 2)));
        using var retried = await admin.PostAsync($"api/quarantine/{entry}/retry", null);
        var created = await TenantApi.JsonAsync(retried, HttpStatusCode.OK);
        var requestId = created.GetProperty("id").GetGuid();
        using var again = await admin.PostAsync($"api/quarantine/{entry}/retry", null);

        Assert.Equal(["id"], RequestData.Names(created));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        var request = await TenantApi.JsonAsync(await admin.GetAsync($"api/requests/{requestId}"), HttpStatusCode.OK);
        Assert.Equal("Scanned invoice", request.GetProperty("subject").GetString());
        Assert.Single(request.GetProperty("messages").EnumerateArray());
        Assert.False(await server.TenantAsync(tenantId, db => db.Quarantine.AnyAsync()));
        // The server message stays received (not fetched again), now as the request's message.
        var receipt = await server.TenantAsync(tenantId, db => db.MailReceipts.SingleAsync());
        Assert.Equal((ReceiptOutcome.Message, true), (receipt.Outcome, receipt.RequestMessageId is not null));
    }

    [Fact]
    public async Task SayInTheCallersLanguageWhyAnUnroutableMessageStillFails()
    {
        var slug = await server.SignUpAsync();
        var tenantId = await TenantApi.TenantIdAsync(server, slug);
        await RequestData.DropDefaultCategoryAsync(server, tenantId);
        var entry = await RequestData.QuarantinedAsync(server, tenantId, RequestData.Mime("Nobody takes this"));
        using var admin = await _tokens.AdministratorAsync(slug);

        using var german = new HttpRequestMessage(HttpMethod.Post, $"api/quarantine/{entry}/retry");
        german.Headers.AcceptLanguage.ParseAdd("de");
        var problem = await TenantApi.JsonAsync(await admin.SendAsync(german), HttpStatusCode.Conflict);
        Assert.Equal("Aus der Nachricht kann noch immer keine Anfrage werden.", problem.GetProperty("title").GetString());
        Assert.StartsWith("Keine Regel des Routingplans trifft zu", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        await RequestData.RestoreDefaultCategoryAsync(server, tenantId);
        var created = await TenantApi.JsonAsync(await admin.PostAsync($"api/quarantine/{entry}/retry", null), HttpStatusCode.OK);
        var requestId = created.GetProperty("id").GetGuid();
        Assert.Equal("Nobody takes this", await server.TenantAsync(tenantId, db => db.Requests.Where(r => r.Id == requestId).Select(r => r.Subject).SingleAsync()));
    }

    [Fact]
    public async Task LetOnlyAdministratorsAndTheirIntegrationsNearIt()
    {
        var slug = await server.SignUpAsync();
        var other = await server.SignUpAsync();
        var otherId = await TenantApi.TenantIdAsync(server, other);
        var raw = RequestData.Raw("x");
        var theirs = new QuarantinedMail { RawMailId = raw.Id, ReceivedAt = RequestData.Start, ReasonCode = "too-large", Reason = "Too large." };
        await RequestData.AddAsync(server, otherId, raw, theirs);
        using var admin = await _tokens.AdministratorAsync(slug);
        using var anonymous = server.CreateClient();
        using var supervisor = await _tokens.ClientForAsync(await _tokens.Oidc.CreatePersonAsync((slug, TenantRole.Supervisor)), slug);
        using var adminClient = await RequestData.ApiClientAsync(server, admin, slug, "tenant_administrator");
        using var supervisorClient = await RequestData.ApiClientAsync(server, admin, slug, "supervisor");

        using var anonymousList = await anonymous.GetAsync($"/t/{slug}/api/quarantine");
        using var supervisorList = await supervisor.GetAsync("api/quarantine");
        using var supervisorDelete = await supervisor.DeleteAsync($"api/quarantine/{Guid.NewGuid()}");
        using var supervisorRetry = await supervisor.PostAsync($"api/quarantine/{theirs.Id}/retry", null);
        using var supervisorClientRetry = await supervisorClient.PostAsync($"/t/{slug}/api/quarantine/{Guid.NewGuid()}/retry", null);
        using var supervisorClientList = await supervisorClient.GetAsync($"/t/{slug}/api/quarantine");
        using var adminClientList = await adminClient.GetAsync($"/t/{slug}/api/quarantine");
        using var foreignRaw = await admin.GetAsync($"api/quarantine/{theirs.Id}/raw");
        using var foreignDelete = await admin.DeleteAsync($"api/quarantine/{theirs.Id}");
        using var foreignRetry = await admin.PostAsync($"api/quarantine/{theirs.Id}/retry", null);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymousList.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, supervisorList.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, supervisorDelete.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, supervisorRetry.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, supervisorClientRetry.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, supervisorClientList.StatusCode);
        Assert.Equal(HttpStatusCode.OK, adminClientList.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreignRaw.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreignDelete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreignRetry.StatusCode);
        Assert.True(await server.TenantAsync(otherId, db => db.Quarantine.AnyAsync()));
    }
}

public sealed class QuarantineApiOnSqlite(SqliteServerFixture server) : QuarantineApiShould<SqliteServerFixture>(server);

public sealed class QuarantineApiOnPostgres(PostgresServerFixture server) : QuarantineApiShould<PostgresServerFixture>(server);

public sealed class QuarantineApiOnSqlServer(SqlServerServerFixture server) : QuarantineApiShould<SqlServerServerFixture>(server.Required());
