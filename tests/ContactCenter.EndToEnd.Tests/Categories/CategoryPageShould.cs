using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using ContactCenter.EndToEnd.Tests.Support;
using ContactCenter.Server.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ContactCenter.EndToEnd.Tests.Categories;

/// <summary>
/// In Chromium: an administrator gives a category an escalation rule whose target is offered only from partner
/// tenants, adds answer templates and chooses the text blocks the category offers.
/// </summary>
public abstract class CategoryPageShould<TFixture>(TFixture server)
    where TFixture : LiveServerFixture
{
    [Fact]
    public async Task LetTheAdministratorSetAnEscalationRuleToAPartnerTenant()
    {
        var slug = await server.SignUpAsync();
        var partner = await server.SignUpAsync();
        var stranger = await server.SignUpAsync();
        await server.AcceptEscalationsAsync(partner, slug);
        await using var chromium = await Chromium.LaunchAsync();
        await using var context = await chromium.Browser.NewContextAsync();
        var page = await AdministratorBrowser.SignInAsync(context, server, slug);

        await page.GotoAsync(new Uri(server.Address, $"/t/{slug}/admin/categories").ToString());
        await page.Locator("a[data-category='General']").ClickAsync();
        var targets = page.Locator("select[name='escalation.target'] option");
        var labels = await targets.AllInnerTextsAsync();
        Assert.Contains(labels, label => label.Contains($"Company {partner}", StringComparison.Ordinal));
        Assert.DoesNotContain(labels, label => label.Contains($"Company {stranger}", StringComparison.Ordinal));

        await page.GetByLabel("Backlog threshold (open requests)").FillAsync("50");
        await page.GetByLabel("Deadline (hours)").FillAsync("24");
        var partnerOption = await targets.Filter(new() { HasText = $"Company {partner}" }).First.GetAttributeAsync("value");
        await page.GetByLabel("Target tenant and category").SelectOptionAsync(partnerOption!);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved.");

        await page.ReloadAsync();
        Assert.Equal(partnerOption, await page.GetByLabel("Target tenant and category").InputValueAsync());
        Assert.Equal("50", await page.GetByLabel("Backlog threshold (open requests)").InputValueAsync());
    }

    [Fact]
    public async Task LetTheAdministratorAddTemplatesAndPickTextBlocks()
    {
        var slug = await server.SignUpAsync();
        await AddTextBlocksAsync(slug, "Greeting", "Farewell");
        await using var chromium = await Chromium.LaunchAsync();
        await using var context = await chromium.Browser.NewContextAsync();
        var page = await AdministratorBrowser.SignInAsync(context, server, slug);
        await page.GotoAsync(new Uri(server.Address, $"/t/{slug}/admin/categories").ToString());
        await page.Locator("a[data-category='General']").ClickAsync();

        var added = page.Locator("form[data-template='new']");
        await added.GetByLabel("Template name").FillAsync("Standard");
        await added.GetByLabel("Body").FillAsync("Dear {customer.nam}");
        await added.GetByRole(AriaRole.Button, new() { Name = "Add template" }).ClickAsync();
        await Assertions.Expect(added.Locator("[data-error-for='template.body']")).ToContainTextAsync("{customer.nam}");
        await added.GetByLabel("Body").FillAsync("Dear {customer.name}");
        await added.GetByRole(AriaRole.Button, new() { Name = "Add template" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Template saved.");
        await added.GetByLabel("Template name").FillAsync("Formal");
        await added.GetByLabel("Body").FillAsync("Dear Sir or Madam, about {request.number}");
        await added.GetByLabel("Default template").CheckAsync();
        await added.GetByRole(AriaRole.Button, new() { Name = "Add template" }).ClickAsync();
        await Assertions.Expect(page.Locator("form[data-template='Formal'] h3")).ToHaveTextAsync("Formal (default)");

        await page.Locator("fieldset[data-list='textBlockIds']").GetByLabel("Greeting").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved.");

        await page.ReloadAsync();
        var textBlocks = page.Locator("fieldset[data-list='textBlockIds']");
        await Assertions.Expect(textBlocks.GetByLabel("Greeting")).ToBeCheckedAsync();
        await Assertions.Expect(textBlocks.GetByLabel("Farewell")).Not.ToBeCheckedAsync();
        await Assertions.Expect(page.Locator("form[data-template='Standard'] h3")).ToHaveTextAsync("Standard");
        await Assertions.Expect(page.Locator("form[data-template='Formal']").GetByLabel("Default template")).ToBeCheckedAsync();
        await Assertions.Expect(page.Locator("form[data-template='Standard']").GetByLabel("Body")).ToHaveValueAsync("Dear {customer.name}");
    }

    /// <summary>Text blocks straight into the tenant's database: their own page is another mask's business.</summary>
    private async Task AddTextBlocksAsync(string slug, params string[] names)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var catalog = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        var tenantId = await catalog.Tenants.Where(t => t.Slug == slug).Select(t => t.Id).SingleAsync();
        await using var db = await server.Services.GetRequiredService<TenantDatabaseFactory>().OpenAsync(tenantId);
        db.TextBlocks.AddRange(names.Select(name => new TextBlock { Name = name, Body = name }));
        await db.SaveChangesAsync();
    }
}

public sealed class CategoryPageOnSqlite(SqliteLiveServer server) : CategoryPageShould<SqliteLiveServer>(server);

public sealed class CategoryPageOnPostgres(PostgresLiveServer server) : CategoryPageShould<PostgresLiveServer>(server);

public sealed class CategoryPageOnSqlServer(SqlServerLiveServer server) : CategoryPageShould<SqlServerLiveServer>(server.Required());
