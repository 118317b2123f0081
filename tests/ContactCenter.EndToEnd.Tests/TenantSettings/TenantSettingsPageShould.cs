using ContactCenter.EndToEnd.Tests.Support;
using Microsoft.Playwright;

namespace ContactCenter.EndToEnd.Tests.TenantSettings;

/// <summary>
/// A tenant administrator, in Chromium, signs in from the tenant's home page and fills every tab of the
/// tenant edit mask, including a refused input and the two call tabs that appear only with call integration.
/// </summary>
public abstract class TenantSettingsPageShould<TFixture>(TFixture server)
    where TFixture : LiveServerFixture
{
    [Fact]
    public async Task LetTheAdministratorFillEveryTab()
    {
        var slug = await server.SignUpAsync();
        await using var chromium = await Chromium.LaunchAsync();
        await using var context = await chromium.Browser.NewContextAsync();
        var page = await AdministratorBrowser.SignInAsync(context, server, slug);
        await page.GetByRole(AriaRole.Link, new() { Name = "Tenant settings" }).ClickAsync();
        Assert.Equal(["general", "settings", "accounts", "individual", "pdf"], await TabsAsync(page));

        await page.GetByLabel("Name").FillAsync("Acme Service Desk");
        await SaveAsync(page);

        await page.Locator("a[data-tab=settings]").ClickAsync();
        await page.GetByLabel("Standard business hours").FillAsync("Monday 08:00-12:00\nMonday 13:00-17:00\nFunday 09:00-10:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        Assert.Contains("'Funday 09:00-10:00' is not like", await page.Locator("[data-field='businessHours.intervals']").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("Monday 08:00-12:00\nMonday 13:00-17:00\nFunday 09:00-10:00", await page.GetByLabel("Standard business hours").InputValueAsync());
        await page.GetByLabel("Standard business hours").FillAsync("Monday 08:00-12:00\nMonday 13:00-17:00\nSaturday 09:00-12:00");
        await page.GetByLabel("Holidays").FillAsync("2026-12-25");
        await page.GetByLabel("Phone").CheckAsync();
        await SaveAsync(page);
        Assert.Equal("Monday 08:00-12:00\nMonday 13:00-17:00\nSaturday 09:00-12:00", await page.GetByLabel("Standard business hours").InputValueAsync());

        await page.Locator("a[data-tab=accounts]").ClickAsync();
        // A fresh tenant has no inbound accounts to choose as defaults: the tab points to the mail-accounts page.
        await Assertions.Expect(page.Locator("[data-hint=no-inbound-accounts] a[href$='/admin/mail-accounts']")).ToBeVisibleAsync();
        await page.GetByLabel("\"Please do not reply\" addresses").FillAsync("noreply@acme.example");
        await SaveAsync(page);

        await page.Locator("a[data-tab=individual]").ClickAsync();
        await page.GetByLabel("Key").FillAsync("crm.sync.interval");
        await page.GetByLabel("Value (JSON)").FillAsync("{\"minutes\": 15}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save setting" }).ClickAsync();
        Assert.Equal(1, await page.Locator("tr[data-key='crm.sync.interval']").CountAsync());

        await page.Locator("a[data-tab=pdf]").ClickAsync();
        await page.GetByLabel("Default output directory").FillAsync("../../etc");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        Assert.Equal(1, await page.Locator("[data-field=outputDirectory]").CountAsync());
        await page.GetByLabel("Default output directory").FillAsync("acme/letters");
        await SaveAsync(page);

        // The operator switches call integration on: the two call tabs appear.
        await server.EnableCallIntegrationAsync(slug);
        await page.ReloadAsync();
        Assert.Equal(["general", "settings", "accounts", "individual", "pdf", "call", "phone"], await TabsAsync(page));
        await page.Locator("a[data-tab=call]").ClickAsync();
        await page.GetByLabel("Prefix for outgoing calls").FillAsync("0");
        await SaveAsync(page);
        await page.Locator("a[data-tab=phone]").ClickAsync();
        await page.GetByLabel("Wrap-up time (seconds)").FillAsync("45");
        await SaveAsync(page);

        await page.Locator("a[data-tab=general]").ClickAsync();
        Assert.Equal("Acme Service Desk", await page.GetByLabel("Name").InputValueAsync());
    }

    private static async Task<string[]> TabsAsync(IPage page) =>
        [.. await page.Locator("nav.tabs a").EvaluateAllAsync<string[]>("links => links.map(l => l.dataset.tab)")];

    private static async Task SaveAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved.");
    }
}

public sealed class TenantSettingsPageOnSqlite(SqliteLiveServer server) : TenantSettingsPageShould<SqliteLiveServer>(server);

public sealed class TenantSettingsPageOnPostgres(PostgresLiveServer server) : TenantSettingsPageShould<PostgresLiveServer>(server);

public sealed class TenantSettingsPageOnSqlServer(SqlServerLiveServer server) : TenantSettingsPageShould<SqlServerLiveServer>(server.Required());
