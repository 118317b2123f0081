using System.Net;
using System.Net.Http.Json;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Tests.MailAccounts;

/// <summary>
/// The catalog's fetch directory follows the accounts: every create, change and delete of an inbound or system account
/// (API and page, tenant and global) is written there, and a deleted tenant's rows go with it.
/// </summary>
public abstract class FetchDirectorySyncShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private const string Secret = "Directory-Secret-5";

    [Fact]
    public async Task FollowTheTenantsInboundAndSystemAccountsThroughTheApi()
    {
        var slug = await server.SignUpAsync();
        using var admin = await TenantClients.AdministratorAsync(server, slug);
        var tenantId = await TenantClients.TenantIdAsync(server, slug);
        var inboundUrl = $"/t/{slug}/api/mail-accounts/inbound";
        var systemUrl = $"/t/{slug}/api/mail-accounts/system";
        var inbound = new { name = "Support", protocol = "imap", host = "imap.example.com", userName = "support", secret = Secret };

        var inboundId = await TenantApi.CreateAsync(admin, inboundUrl, inbound);
        var systemId = await TenantApi.CreateAsync(admin, systemUrl, new { type = "reply", name = "Replies", emailAddress = "replies@acme.example" });
        var created = await RowsAsync(tenantId);
        using (var disabling = await admin.PutAsJsonAsync($"{inboundUrl}/{inboundId}",
            new { inbound.name, inbound.protocol, inbound.host, inbound.userName, enabled = false }))
        {
            Assert.Equal(HttpStatusCode.OK, disabling.StatusCode);
        }

        using (var serverAdded = await admin.PutAsJsonAsync($"{systemUrl}/{systemId}",
            new { type = "reply", name = "Replies", emailAddress = "replies@acme.example", host = "imap.example.com", userName = "replies", secret = Secret }))
        {
            Assert.Equal(HttpStatusCode.OK, serverAdded.StatusCode);
        }

        var changed = await RowsAsync(tenantId);
        using (await admin.DeleteAsync($"{inboundUrl}/{inboundId}"))
        {
        }

        var afterInboundDeleted = await RowsAsync(tenantId);
        using (await admin.DeleteAsync($"{systemUrl}/{systemId}"))
        {
        }

        var afterSystemDeleted = await RowsAsync(tenantId);

        Assert.Equal(2, created.Count);
        Assert.Equal((MailFetchAccountKind.Inbound, true), (created[inboundId].Kind, created[inboundId].Enabled));
        // A system account without a server is listed, but not fetched.
        Assert.Equal((MailFetchAccountKind.System, false), (created[systemId].Kind, created[systemId].Enabled));
        Assert.False(changed[inboundId].Enabled);
        Assert.True(changed[systemId].Enabled);
        Assert.Equal([systemId], afterInboundDeleted.Keys);
        Assert.Empty(afterSystemDeleted);
    }

    [Fact]
    public async Task FollowTheAccountsSavedAndDeletedOnThePage()
    {
        var slug = await server.SignUpAsync();
        var tenantId = await TenantClients.TenantIdAsync(server, slug);
        using var browser = new OidcDriver(server).Browser();
        var page = $"/t/{slug}/admin/mail-accounts";
        var html = await PageBrowser.SignInAndGetAsync(browser, page, $"admin@{slug}.example", slug);

        using (var saved = await PageBrowser.PostHandlerAsync(browser, page, "System", html, new()
        {
            ["SystemForm.Type"] = "reply", ["SystemForm.Name"] = "Replies", ["SystemForm.EmailAddress"] = "replies@acme.example", ["SystemForm.Protocol"] = "pop3",
            ["SystemForm.Weighting"] = "3", ["SystemForm.Host"] = "pop.example.com", ["SystemForm.Port"] = "", ["SystemForm.TlsMode"] = "implicit",
            ["SystemForm.UserName"] = "replies", ["SystemForm.Secret"] = Secret,
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        var stored = await server.TenantAsync(tenantId, db => db.SystemAccounts.AsNoTracking().SingleAsync());
        var afterSave = await RowsAsync(tenantId);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = PageBrowser.AntiForgery(html) });
        using (var deleted = await browser.PostAsync($"{page}?handler=Delete&id={stored.Id}", form))
        {
            Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        }

        var afterDelete = await RowsAsync(tenantId);

        Assert.Equal("pop.example.com", stored.Host);
        Assert.Equal(995, stored.Port);
        // The page's unchecked box means "delete after import".
        Assert.False(stored.KeepOnServer);
        Assert.True(afterSave[stored.Id].Enabled);
        Assert.Empty(afterDelete);
    }

    [Fact]
    public async Task FollowTheGlobalSystemAccountsAndDropADeletedTenantsRows()
    {
        using var platformOperator = await server.CreateOperatorClientAsync();
        var slug = await server.SignUpAsync();
        using var admin = await TenantClients.AdministratorAsync(server, slug);
        var tenantId = await TenantClients.TenantIdAsync(server, slug);
        await TenantApi.CreateAsync(admin, $"/t/{slug}/api/mail-accounts/inbound",
            new { name = "Support", protocol = "pop3", host = "pop.example.com", userName = "support", secret = Secret });

        var globalId = await TenantApi.CreateAsync(platformOperator, "/api/platform/system-accounts", new
        {
            type = "reply", name = $"Directory {Guid.NewGuid():N}"[..30], emailAddress = "replies@platform.example",
            host = "imap.example.com", userName = "replies", secret = Secret,
        });
        var global = await server.CatalogAsync(c => c.MailFetchAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.AccountId == globalId));
        using (await platformOperator.DeleteAsync($"/api/platform/system-accounts/{globalId}"))
        {
        }

        var globalGone = await server.CatalogAsync(c => c.MailFetchAccounts.AnyAsync(a => a.AccountId == globalId));
        var beforeTenantDeleted = await RowsAsync(tenantId);
        using (var deleted = await platformOperator.DeleteAsync($"/api/platform/tenants/{slug}?confirm={slug}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        var afterTenantDeleted = await RowsAsync(tenantId);

        Assert.NotNull(global);
        Assert.Null(global.TenantId);
        Assert.Equal(MailFetchAccountKind.GlobalSystem, global.Kind);
        Assert.True(global.Enabled);
        Assert.False(globalGone);
        Assert.Single(beforeTenantDeleted);
        Assert.Empty(afterTenantDeleted);
    }

    private Task<Dictionary<Guid, MailFetchAccount>> RowsAsync(Guid tenantId) =>
        server.CatalogAsync(c => c.MailFetchAccounts.AsNoTracking().Where(a => a.TenantId == tenantId).ToDictionaryAsync(a => a.AccountId));
}

public sealed class FetchDirectorySyncOnSqlite(SqliteServerFixture server) : FetchDirectorySyncShould<SqliteServerFixture>(server);

public sealed class FetchDirectorySyncOnPostgres(PostgresServerFixture server) : FetchDirectorySyncShould<PostgresServerFixture>(server);

public sealed class FetchDirectorySyncOnSqlServer(SqlServerServerFixture server) : FetchDirectorySyncShould<SqlServerServerFixture>(server.Required());
