using System.Net;
using System.Text.Json;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Requests;
using ContactCenter.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContactCenter.Server.Tests.Requests;

/// <summary>
/// The list's text search over its indexes (pg_trgm on PostgreSQL, FTS5 on SQLite, a scan on SQL Server): words in a
/// message body, umlauts in any case, parts of e-mail addresses, characters LIKE and FTS5 would read as syntax, terms
/// shorter than a trigram, and rows changed or deleted after they were written; message text before and after it is
/// indexed behind the ingest (MessageTextIndexShould covers that state by state).
/// </summary>
public abstract class RequestSearchShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private readonly TenantTokens _tokens = new(server);

    [Fact]
    public async Task FindWordsInBodiesUmlautsAndAddressPartsInAnyCase()
    {
        var (_, admin, _) = await TenantWithRequestsAsync();
        using var client = admin;

        Assert.Equal(["Parcel"], await SearchAsync(admin, "HAMBURG"));
        Assert.Equal(["Parcel"], await SearchAsync(admin, "never arrived"));
        Assert.Equal(["Umlauts"], await SearchAsync(admin, "übergröße"));
        Assert.Equal(["Umlauts"], await SearchAsync(admin, "ÜBERGRÖSSE".Replace("SS", "ß", StringComparison.Ordinal)));
        Assert.Equal(["Umlauts"], await SearchAsync(admin, "Jürgen"));
        Assert.Equal(["Address"], await SearchAsync(admin, "roe@SENDER"));
        Assert.Equal(["Contact", "Subject ÄRGER", "Address", "Umlauts", "Parcel"], await SearchAsync(admin, "@"));
        Assert.Equal(["Subject ÄRGER"], await SearchAsync(admin, "ärger"));
        Assert.Equal(["Contact"], await SearchAsync(admin, "kontakt.example"));
        Assert.Empty(await SearchAsync(admin, "hamburg parcel"));
    }

    [Fact]
    public async Task TakeWildcardsQuotesAndShortTermsLiterally()
    {
        var (_, admin, _) = await TenantWithRequestsAsync();
        using var client = admin;

        Assert.Equal(["Wildcards"], await SearchAsync(admin, "100%"));
        Assert.Equal(["Wildcards"], await SearchAsync(admin, "a_b"));
        Assert.Equal(["Wildcards"], await SearchAsync(admin, "say \"hi\""));
        Assert.Equal(["Wildcards"], await SearchAsync(admin, "\\n"));
        Assert.Empty(await SearchAsync(admin, "1000"));
        Assert.Empty(await SearchAsync(admin, "axb"));
        Assert.Equal(["Wildcards"], await SearchAsync(admin, "%"));
        Assert.Equal(["Wildcards"], await SearchAsync(admin, "zq"));
        Assert.Equal(["Wildcards"], await SearchAsync(admin, "AND"));
        Assert.Equal(["Wildcards"], await SearchAsync(admin, "NEAR("));
    }

    [Fact]
    public async Task FollowChangedAndDeletedRowsAndKeepTheOrderAndFilters()
    {
        var (slug, admin, requests) = await TenantWithRequestsAsync();
        using var client = admin;
        var tenantId = await TenantApi.TenantIdAsync(server, slug);
        var parcel = requests.Single(r => r.Subject == "Parcel");
        await server.TenantAsync(tenantId, async db =>
        {
            await db.Requests.Where(r => r.Id == parcel.Id).ExecuteUpdateAsync(r => r.SetProperty(x => x.Subject, "Renamed shipment"));
            await db.RequestMessages.Where(m => m.RequestId == parcel.Id).ExecuteUpdateAsync(m => m.SetProperty(x => x.Text, "Now in Bremen."));
            return await db.Requests.Where(r => r.Subject == "Address").ExecuteDeleteAsync();
        });

        Assert.Equal(["Renamed shipment"], await SearchAsync(admin, "shipment"));
        Assert.Empty(await SearchAsync(admin, "hamburg"));
        Assert.Equal(["Renamed shipment"], await SearchAsync(admin, "bremen"));
        Assert.Empty(await SearchAsync(admin, "roe@sender"));
        Assert.Equal(["Umlauts", "Renamed shipment"], await SearchAsync(admin, "@example.com"));
        var open = await TenantApi.JsonAsync(await admin.GetAsync("api/requests?status=waiting&q=example.com"), HttpStatusCode.OK);
        Assert.Equal(["Umlauts"], Subjects(open));
        Assert.Equal(1, open.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task FindBodiesBeforeAndAfterTheirTextIsIndexed()
    {
        var (slug, admin, _) = await TenantWithRequestsAsync();
        using var client = admin;
        var tenantId = await TenantApi.TenantIdAsync(server, slug);
        Assert.Equal(["Parcel"], await SearchAsync(admin, "never arrived"));
        Assert.Equal(["Umlauts"], await SearchAsync(admin, "übergröße"));

        // The recurring job, as Hangfire runs it, each time after a writer of the tenant's messages touched it (a run may
        // stop at its time limit before it is done, or find the tenant taken by the run Hangfire started meanwhile).
        var pending = -1;
        for (var run = 0; run < 20 && pending != 0; run++)
        {
            server.Services.GetRequiredService<MessageTextIndexTurn>().Touched(tenantId);
            await using (var scope = server.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<MessageTextIndexJob>().RunAsync(CancellationToken.None);
            }

            pending = await server.TenantAsync(tenantId, db => db.Database.IsSqlServer() ? Task.FromResult(0) : MessageTextIndex.PendingAsync(db, CancellationToken.None));
        }

        Assert.Equal(0, pending);
        Assert.Equal(["Parcel"], await SearchAsync(admin, "never arrived"));
        Assert.Equal(["Umlauts"], await SearchAsync(admin, "übergröße"));
        Assert.Equal(["Wildcards"], await SearchAsync(admin, "say \"hi\""));
        Assert.Empty(await SearchAsync(admin, "hamburg parcel"));
    }

    /// <summary>A tenant with requests whose subjects say what they hold, updated in the order they are listed (the last first).</summary>
    private async Task<(string Slug, HttpClient Admin, List<Request> Requests)> TenantWithRequestsAsync()
    {
        var slug = await server.SignUpAsync();
        var tenantId = await TenantApi.TenantIdAsync(server, slug);
        var parcel = RequestData.NewRequest(1, "Parcel", updatedMinutes: 1);
        var umlauts = RequestData.NewRequest(2, "Umlauts", RequestStatus.Waiting, updatedMinutes: 2);
        var address = RequestData.NewRequest(3, "Address", updatedMinutes: 3);
        var subject = RequestData.NewRequest(4, "Subject ÄRGER", RequestStatus.Closed, updatedMinutes: 4, contactEmail: "someone@else.example");
        var contact = RequestData.NewRequest(5, "Contact", updatedMinutes: 5, contactEmail: "Erika@Kontakt.Example");
        var wildcards = RequestData.NewRequest(6, "Wildcards", updatedMinutes: 6, contactEmail: "none");
        // customerN@example.com unless given.
        var raws = Enumerable.Range(0, 4).Select(i => RequestData.Raw(RequestData.Mime("Mail " + i))).ToList();
        var messages = new[]
        {
            RequestData.Inbound(parcel, raws[0], 1, text: "My parcel NEVER arrived in Hamburg.", fromAddress: "x@example.com"),
            RequestData.Inbound(umlauts, raws[1], 2, text: "Die ÜBERGRÖSSE passt nicht.".Replace("SS", "ß", StringComparison.Ordinal), fromAddress: "y@example.com"),
            RequestData.Inbound(address, raws[2], 3, text: "Hello.", fromAddress: "Jane.Roe@Sender.example"),
            RequestData.Inbound(wildcards, raws[3], 4, text: "It costs 100% more, a_b, say \"hi\", \\n, zq AND NEAR(x).", fromAddress: "none"),
        };
        foreach (var message in messages)
        {
            message.FromName = message.RequestId == umlauts.Id ? "Jürgen Groß" : "Someone";
        }

        List<Request> requests = [parcel, umlauts, address, subject, contact, wildcards];
        await RequestData.AddAsync(server, tenantId, [.. requests, .. raws, .. messages]);
        return (slug, await _tokens.AdministratorAsync(slug), requests);
    }

    private static List<string?> Subjects(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("subject").GetString()).ToList();

    private static async Task<List<string?>> SearchAsync(HttpClient client, string q) =>
        Subjects(await TenantApi.JsonAsync(await client.GetAsync("api/requests?status=all&q=" + Uri.EscapeDataString(q)), HttpStatusCode.OK));
}

public sealed class RequestSearchOnSqlite(SqliteServerFixture server) : RequestSearchShould<SqliteServerFixture>(server);

public sealed class RequestSearchOnPostgres(PostgresServerFixture server) : RequestSearchShould<PostgresServerFixture>(server);

public sealed class RequestSearchOnSqlServer(SqlServerServerFixture server) : RequestSearchShould<SqlServerServerFixture>(server.Required());
