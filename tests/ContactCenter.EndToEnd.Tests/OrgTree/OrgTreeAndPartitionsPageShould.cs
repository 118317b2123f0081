using ContactCenter.EndToEnd.Tests.Support;
using Microsoft.Playwright;

namespace ContactCenter.EndToEnd.Tests.OrgTree;

/// <summary>In Chromium: an administrator builds the org tree (and is told why a group cannot go), then adds and deletes a client partition after typing its name.</summary>
public abstract class OrgTreeAndPartitionsPageShould<TFixture>(TFixture server)
    where TFixture : LiveServerFixture
{
    [Fact]
    public async Task LetTheAdministratorBuildTheTreeAndDeleteAPartitionAfterConfirming()
    {
        var slug = await server.SignUpAsync();
        await using var chromium = await Chromium.LaunchAsync();
        await using var context = await chromium.Browser.NewContextAsync();
        var page = await AdministratorBrowser.SignInAsync(context, server, slug);

        await page.GetByRole(AriaRole.Link, new() { Name = "Org tree" }).ClickAsync();
        await page.GetByLabel("New system group").FillAsync("Second line");
        await page.Locator("form[data-add=system] button").ClickAsync();
        var second = page.Locator("li[data-group]", new() { HasText = "Second line" }).First;
        await second.GetByLabel("New supervisor group").FillAsync("Escalations");
        await second.Locator("form[data-add=supervisor] button").ClickAsync();
        var escalations = page.Locator("li[data-group]", new() { HasText = "Escalations" }).Last;
        await escalations.GetByLabel("New agent group").FillAsync("Experts");
        await escalations.Locator("form[data-add=agent] button").ClickAsync();
        Assert.Equal(1, await page.Locator("input[aria-label='Name of Experts']").CountAsync());

        // A system group with supervisor groups cannot go; the reason is shown beside it.
        var secondId = await page.Locator("li[data-group]", new() { HasText = "Second line" }).First.GetAttributeAsync("data-group");
        await page.Locator($"button[data-remove='{secondId}']").ClickAsync();
        Assert.Contains("still has supervisor groups", await page.Locator($"p[data-form='{secondId}']").InnerTextAsync(), StringComparison.Ordinal);

        // An empty agent group goes.
        var expertsId = await page.Locator("li[data-group]", new() { HasText = "Experts" }).Last.GetAttributeAsync("data-group");
        await page.Locator($"button[data-remove='{expertsId}']").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Removed.");
        Assert.Equal(0, await page.Locator("li[data-group]", new() { HasText = "Experts" }).CountAsync());

        // A client partition: added, then deleted only after typing its exact name.
        await page.GotoAsync(new Uri(server.Address, $"/t/{slug}/admin/partitions").ToString());
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Client A");
        await page.GetByLabel("Description").FillAsync("BPO client A");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Delete Client A" }).ClickAsync();
        Assert.Contains("Are you absolutely sure you want to delete Client A including all contacts, e-mails, activity history belonging to this client?",
            await page.Locator("[data-question]").InnerTextAsync(), StringComparison.Ordinal);
        await page.GetByLabel("Type the name to confirm").FillAsync("Client B");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete Client A and everything belonging to it" }).ClickAsync();
        Assert.Equal(1, await page.Locator("[data-error-for=confirm]").CountAsync());
        await page.GetByLabel("Type the name to confirm").FillAsync("Client A");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete Client A and everything belonging to it" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-deleted]")).ToContainTextAsync("Client A");
    }
}

public sealed class OrgTreeAndPartitionsPageOnSqlite(SqliteLiveServer server) : OrgTreeAndPartitionsPageShould<SqliteLiveServer>(server);

public sealed class OrgTreeAndPartitionsPageOnPostgres(PostgresLiveServer server) : OrgTreeAndPartitionsPageShould<PostgresLiveServer>(server);

public sealed class OrgTreeAndPartitionsPageOnSqlServer(SqlServerLiveServer server) : OrgTreeAndPartitionsPageShould<SqlServerLiveServer>(server.Required());
