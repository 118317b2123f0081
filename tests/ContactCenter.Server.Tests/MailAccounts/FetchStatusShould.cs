using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContactCenter.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Tests.MailAccounts;

/// <summary>
/// How fetching an account went, from the catalog's fetch directory: through the API for accounts of the resolved
/// tenant only (global ones for operators), and on the mail account pages in the tenant's time zone.
/// </summary>
public abstract class FetchStatusShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private const string Secret = "Status-Secret-3";
    private const string GlobalUrl = "/api/platform/system-accounts";
    private static readonly DateTime FetchedAt = new(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task ReportTheStatusOfTheTenantsOwnAccountsOnly()
    {
        var slug = await server.SignUpAsync();
        var other = await server.SignUpAsync();
        using var admin = await TenantClients.AdministratorAsync(server, slug);
        using var otherAdmin = await TenantClients.AdministratorAsync(server, other);
        var inboundUrl = $"/t/{slug}/api/mail-accounts/inbound";
        var systemUrl = $"/t/{slug}/api/mail-accounts/system";
        var inbound = await TenantApi.CreateAsync(admin, inboundUrl,
            new { name = "Support", protocol = "imap", host = "imap.example.com", userName = "support", secret = Secret });
        var system = await TenantApi.CreateAsync(admin, systemUrl,
            new { type = "reply", name = "Replies", emailAddress = "replies@acme.example", host = "imap.example.com", userName = "replies", secret = Secret });

        var before = await admin.GetFromJsonAsync<JsonElement>($"{inboundUrl}/{inbound}/status");
        await RecordFetchAsync(inbound, 1234, null);
        await RecordFetchAsync(system, 7, "Authentication failed.");
        var inboundStatus = await admin.GetFromJsonAsync<JsonElement>($"{inboundUrl}/{inbound}/status");
        var systemStatus = await admin.GetFromJsonAsync<JsonElement>($"{systemUrl}/{system}/status");
        using var fromOtherTenant = await otherAdmin.GetAsync($"/t/{other}/api/mail-accounts/inbound/{inbound}/status");
        using var systemAsInbound = await admin.GetAsync($"{inboundUrl}/{system}/status");
        using var unknown = await admin.GetAsync($"{systemUrl}/{Guid.NewGuid()}/status");

        Assert.Equal(JsonValueKind.Null, before.GetProperty("lastFetchAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, before.GetProperty("lastError").ValueKind);
        Assert.Equal(0, before.GetProperty("messagesTaken").GetInt64());
        Assert.Equal(FetchedAt, inboundStatus.GetProperty("lastFetchAt").GetDateTime().ToUniversalTime());
        Assert.Equal(1234, inboundStatus.GetProperty("messagesTaken").GetInt64());
        Assert.Equal(JsonValueKind.Null, inboundStatus.GetProperty("lastError").ValueKind);
        Assert.Equal("Authentication failed.", systemStatus.GetProperty("lastError").GetString());
        Assert.Equal(7, systemStatus.GetProperty("messagesTaken").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, fromOtherTenant.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, systemAsInbound.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task ReportTheStatusOfGlobalAccountsToOperatorsOnly()
    {
        using var platformOperator = await server.CreateOperatorClientAsync();
        var slug = await server.SignUpAsync();
        using var admin = await TenantClients.AdministratorAsync(server, slug);
        var id = await TenantApi.CreateAsync(platformOperator, GlobalUrl, new
        {
            type = "reply", name = $"Status {Guid.NewGuid():N}"[..30], emailAddress = "replies@platform.example",
            host = "imap.example.com", userName = "replies", secret = Secret,
        });
        await RecordFetchAsync(id, 42, "Connection refused.");

        var status = await platformOperator.GetFromJsonAsync<JsonElement>($"{GlobalUrl}/{id}/status");
        using var asAdministrator = await admin.GetAsync($"{GlobalUrl}/{id}/status");
        using var asTenantAccount = await admin.GetAsync($"/t/{slug}/api/mail-accounts/system/{id}/status");
        using (await platformOperator.DeleteAsync($"{GlobalUrl}/{id}"))
        {
        }

        Assert.Equal(42, status.GetProperty("messagesTaken").GetInt64());
        Assert.Equal("Connection refused.", status.GetProperty("lastError").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, asAdministrator.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, asTenantAccount.StatusCode);
    }

    [Fact]
    public async Task ShowTheStatusOnTheMailAccountsPageInTheTenantsTimeZone()
    {
        var slug = await server.SignUpAsync();
        using var admin = await TenantClients.AdministratorAsync(server, slug);
        var tenantId = await TenantClients.TenantIdAsync(server, slug);
        await server.TenantAsync(tenantId, db => db.Settings.ExecuteUpdateAsync(s => s.SetProperty(t => t.TimeZone, "Europe/Berlin")));
        var inbound = await TenantApi.CreateAsync(admin, $"/t/{slug}/api/mail-accounts/inbound",
            new { name = "Support", protocol = "imap", host = "imap.example.com", userName = "support", secret = Secret });
        var system = await TenantApi.CreateAsync(admin, $"/t/{slug}/api/mail-accounts/system",
            new { type = "reply", name = "Replies", emailAddress = "replies@acme.example", host = "imap.example.com", userName = "replies", secret = Secret });
        await RecordFetchAsync(inbound, 1234, null);
        await RecordFetchAsync(system, 0, "Authentication failed.");
        using var browser = new OidcDriver(server).Browser();

        var page = PageBrowser.Parse(await PageBrowser.SignInAndGetAsync(browser, $"/t/{slug}/admin/mail-accounts", $"admin@{slug}.example", slug));

        var inboundRow = page.QuerySelector("#inbound-accounts tr[data-account=Support]")!;
        // 12:00 UTC is 13:00 in Berlin, written as English reads it (ICU puts a narrow space before "PM").
        Assert.Equal(English(new DateTime(2026, 12, 1, 13, 0, 0)), inboundRow.QuerySelector("[data-last-fetch]")!.TextContent.Trim());
        Assert.Equal("1,234", inboundRow.QuerySelector("[data-messages-taken]")!.TextContent.Trim());
        Assert.Null(inboundRow.QuerySelector("[data-last-error] .field-error"));
        var systemRow = page.QuerySelector("#system-accounts tr[data-account=Replies]")!;
        Assert.Equal("imap.example.com:993 (implicit)", systemRow.QuerySelector("[data-server]")!.TextContent.Trim());
        Assert.Contains("Authentication failed.", systemRow.QuerySelector("[data-last-error] .field-error")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShowTheStatusOfGlobalAccountsOnTheirPage()
    {
        using var platformOperator = await server.CreateOperatorClientAsync();
        var name = $"Status page {Guid.NewGuid():N}"[..30];
        var fetched = await TenantApi.CreateAsync(platformOperator, GlobalUrl, new
        {
            type = "reply", name, emailAddress = "replies@platform.example", host = "imap.example.com", userName = "replies", secret = Secret,
        });
        var notFetched = await TenantApi.CreateAsync(platformOperator, GlobalUrl,
            new { type = "second-level-reply", name = name + " 2", emailAddress = "experts@platform.example" });
        await RecordFetchAsync(fetched, 5, "Mailbox is locked.");
        using var browser = await PageBrowser.SignInNewOperatorAsync(server);

        var page = PageBrowser.Parse(await browser.GetStringAsync("/platform/system-accounts"));
        foreach (var id in new[] { fetched, notFetched })
        {
            using (await platformOperator.DeleteAsync($"{GlobalUrl}/{id}"))
            {
            }
        }

        var row = page.QuerySelector($"#global-system-accounts tr[data-account='{name}']")!;
        Assert.Equal(English(new DateTime(2026, 12, 1, 12, 0, 0)), row.QuerySelector("[data-last-fetch]")!.TextContent.Trim());
        Assert.Equal("5", row.QuerySelector("[data-messages-taken]")!.TextContent.Trim());
        Assert.Contains("Mailbox is locked.", row.QuerySelector("[data-last-error] .field-error")!.TextContent, StringComparison.Ordinal);
        var other = page.QuerySelector($"#global-system-accounts tr[data-account='{name} 2']")!;
        Assert.Equal("not yet", other.QuerySelector("[data-last-fetch]")!.TextContent.Trim());
        Assert.Equal("not fetched (no server)", other.QuerySelector("[data-server]")!.TextContent.Trim());
    }

    private static string English(DateTime time) => time.ToString("g", System.Globalization.CultureInfo.GetCultureInfo("en"));

    /// <summary>What the fetch cycle writes after a fetch, written here directly.</summary>
    private async Task RecordFetchAsync(Guid accountId, long messagesTaken, string? error)
    {
        var updated = await server.CatalogAsync(catalog => catalog.MailFetchAccounts.Where(a => a.AccountId == accountId).ExecuteUpdateAsync(set => set
            .SetProperty(a => a.LastFetchAt, FetchedAt)
            .SetProperty(a => a.MessagesTaken, messagesTaken)
            .SetProperty(a => a.LastError, error)));
        Assert.Equal(1, updated);
    }
}

public sealed class FetchStatusOnSqlite(SqliteServerFixture server) : FetchStatusShould<SqliteServerFixture>(server);

public sealed class FetchStatusOnPostgres(PostgresServerFixture server) : FetchStatusShould<PostgresServerFixture>(server);

public sealed class FetchStatusOnSqlServer(SqlServerServerFixture server) : FetchStatusShould<SqlServerServerFixture>(server.Required());
