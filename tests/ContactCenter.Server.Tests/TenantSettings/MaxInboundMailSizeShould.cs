using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContactCenter.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Tests.TenantSettings;

/// <summary>The largest inbound mail taken in as a request, on the account-settings tab (API and page).</summary>
public abstract class MaxInboundMailSizeShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private const string Tab = "api/tenant/settings/account-settings";

    private readonly TenantTokens _tokens = new(server);

    [Fact]
    public async Task KeepTheLimitBetweenOneMegabyteAndTheMaximum()
    {
        var slug = await server.SignUpAsync();
        using var admin = await _tokens.AdministratorAsync(slug);
        var tenantId = await TenantApi.TenantIdAsync(server, slug);

        var initial = await LimitAsync(admin);
        using var changed = await admin.PutAsJsonAsync(Tab, new { doNotReplyAddresses = Array.Empty<string>(), maxInboundMailMegabytes = 40 });
        using var omitted = await admin.PutAsJsonAsync(Tab, new { doNotReplyAddresses = Array.Empty<string>() });
        var tooSmall = await TenantApi.FieldErrorsAsync(await admin.PutAsJsonAsync(Tab, new { doNotReplyAddresses = Array.Empty<string>(), maxInboundMailMegabytes = 0 }));
        var tooLarge = await TenantApi.FieldErrorsAsync(await admin.PutAsJsonAsync(Tab,
            new { doNotReplyAddresses = Array.Empty<string>(), maxInboundMailMegabytes = Data.Tenant.TenantSettings.MaxInboundMailMegabytesLimit + 1 }));
        var stored = await server.TenantAsync(tenantId, db => db.Settings.AsNoTracking().Select(s => s.MaxInboundMailMegabytes).SingleAsync());

        Assert.Equal(Data.Tenant.TenantSettings.DefaultMaxInboundMailMegabytes, initial);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, omitted.StatusCode);
        Assert.Equal(["maxInboundMailMegabytes"], tooSmall.Keys);
        Assert.Equal($"Enter a size from 1 to {Data.Tenant.TenantSettings.MaxInboundMailMegabytesLimit} MB.", tooSmall["maxInboundMailMegabytes"][0]);
        Assert.Equal(["maxInboundMailMegabytes"], tooLarge.Keys);
        Assert.Equal(40, stored);
        Assert.Equal(40, await LimitAsync(admin));
    }

    [Fact]
    public async Task ChangeTheLimitOnTheAccountSettingsTab()
    {
        var slug = await server.SignUpAsync();
        using var browser = new OidcDriver(server).Browser();
        var page = $"/t/{slug}/admin/tenant";
        var html = await PageBrowser.SignInAndGetAsync(browser, $"{page}?tab=accounts", $"admin@{slug}.example", slug);
        using var admin = await _tokens.AdministratorAsync(slug);

        using var invalid = await PostAsync(browser, page, html, "many");
        var invalidPage = PageBrowser.Parse(await invalid.Content.ReadAsStringAsync());
        using var outOfRange = await PostAsync(browser, page, html, "500");
        var outOfRangePage = PageBrowser.Parse(await outOfRange.Content.ReadAsStringAsync());
        using var valid = await PostAsync(browser, page, html, "12");
        var validPage = PageBrowser.Parse(await valid.Content.ReadAsStringAsync());

        Assert.Equal("25", PageBrowser.FieldValue(PageBrowser.Parse(html), "maxInboundMailMegabytes"));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.NotNull(invalidPage.QuerySelector("p.field-error[data-field=maxInboundMailMegabytes]"));
        Assert.Equal("many", PageBrowser.FieldValue(invalidPage, "maxInboundMailMegabytes"));
        Assert.Equal(HttpStatusCode.BadRequest, outOfRange.StatusCode);
        Assert.Contains("Enter a size from 1 to", outOfRangePage.QuerySelector("p.field-error[data-field=maxInboundMailMegabytes]")?.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
        Assert.Equal("12", PageBrowser.FieldValue(validPage, "maxInboundMailMegabytes"));
        Assert.Equal(12, await LimitAsync(admin));
    }

    private static async Task<int> LimitAsync(HttpClient admin) =>
        (await admin.GetFromJsonAsync<JsonElement>("api/tenant/settings")).GetProperty("accountSettings").GetProperty("maxInboundMailMegabytes").GetInt32();

    private static Task<HttpResponseMessage> PostAsync(HttpClient browser, string page, string html, string megabytes) =>
        browser.PostAsync($"{page}?handler=Accounts", PageBrowser.Form(
            new() { ["__RequestVerificationToken"] = PageBrowser.AntiForgery(html) }, ("doNotReplyAddresses", ""), ("maxInboundMailMegabytes", megabytes)));
}

public sealed class MaxInboundMailSizeOnSqlite(SqliteServerFixture server) : MaxInboundMailSizeShould<SqliteServerFixture>(server);

public sealed class MaxInboundMailSizeOnPostgres(PostgresServerFixture server) : MaxInboundMailSizeShould<PostgresServerFixture>(server);

public sealed class MaxInboundMailSizeOnSqlServer(SqlServerServerFixture server) : MaxInboundMailSizeShould<SqlServerServerFixture>(server.Required());
