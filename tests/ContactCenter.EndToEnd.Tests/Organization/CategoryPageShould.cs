using ContactCenter.EndToEnd.Tests.Support;
using Microsoft.Playwright;

namespace ContactCenter.EndToEnd.Tests.Organization;

/// <summary>In Chromium: an administrator gives a category an escalation rule whose target is offered only from partner tenants.</summary>
public abstract class CategoryPageShould<TFixture>(TFixture server) : IClassFixture<TFixture>
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
}

public sealed class CategoryPageOnSqlite(SqliteLiveServer server) : CategoryPageShould<SqliteLiveServer>(server);

public sealed class CategoryPageOnPostgres(PostgresLiveServer server) : CategoryPageShould<PostgresLiveServer>(server);
