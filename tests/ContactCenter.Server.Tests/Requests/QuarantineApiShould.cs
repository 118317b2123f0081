using System.Net;
using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Tests.Requests;

/// <summary>The quarantine API: newest first with reason, size and hash; the original for download; deletion that keeps what receipts still need.</summary>
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
        using var supervisorClientList = await supervisorClient.GetAsync($"/t/{slug}/api/quarantine");
        using var adminClientList = await adminClient.GetAsync($"/t/{slug}/api/quarantine");
        using var foreignRaw = await admin.GetAsync($"api/quarantine/{theirs.Id}/raw");
        using var foreignDelete = await admin.DeleteAsync($"api/quarantine/{theirs.Id}");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymousList.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, supervisorList.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, supervisorDelete.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, supervisorClientList.StatusCode);
        Assert.Equal(HttpStatusCode.OK, adminClientList.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreignRaw.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreignDelete.StatusCode);
        Assert.True(await server.TenantAsync(otherId, db => db.Quarantine.AnyAsync()));
    }
}

public sealed class QuarantineApiOnSqlite(SqliteServerFixture server) : QuarantineApiShould<SqliteServerFixture>(server);

public sealed class QuarantineApiOnPostgres(PostgresServerFixture server) : QuarantineApiShould<PostgresServerFixture>(server);

public sealed class QuarantineApiOnSqlServer(SqlServerServerFixture server) : QuarantineApiShould<SqlServerServerFixture>(server.Required());
