using ContactCenter.EndToEnd.Tests.Support;
using Microsoft.Playwright;

namespace ContactCenter.EndToEnd.Tests.Crm;

/// <summary>
/// In Chromium: a company and a contact in it are created (a field error first), the search finds the contact by
/// the company's name, the contact is edited; on the org tree page an invited person is put into an agent group.
/// </summary>
public abstract class ContactsAndPeoplePageShould<TFixture>(TFixture server)
    where TFixture : LiveServerFixture
{
    [Fact]
    public async Task CreateFindAndEditAContactAndAssignAnInvitedPersonToAnAgentGroup()
    {
        var slug = await server.SignUpAsync();
        await using var chromium = await Chromium.LaunchAsync();
        await using var context = await chromium.Browser.NewContextAsync();
        var page = await AdministratorBrowser.SignInAsync(context, server, slug);

        await page.GetByRole(AriaRole.Link, new() { Name = "Companies", Exact = true }).ClickAsync();
        await page.Locator("[data-new-company]").ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Acme Ltd");
        await page.GetByLabel("City").FillAsync("Berlin");
        await page.GetByLabel("Website").FillAsync("acme.example");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-error-for=website]")).ToContainTextAsync("http");
        await page.GetByLabel("Website").FillAsync("https://acme.example");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-saved]")).ToHaveTextAsync("Company Acme Ltd created.");

        await page.GotoAsync(new Uri(server.Address, $"/t/{slug}/contacts").ToString());
        await page.Locator("[data-new-contact]").ClickAsync();
        await page.GetByLabel("First name").FillAsync("Jane");
        await page.GetByLabel("Last name").FillAsync("Smith");
        await page.GetByLabel("E-mail").FillAsync("jane@acme.example");
        await page.GetByLabel("Company").SelectOptionAsync(new SelectOptionValue { Label = "Acme Ltd" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-saved]")).ToHaveTextAsync("Contact Jane Smith created.");

        await page.GetByRole(AriaRole.Link, new() { Name = "All contacts" }).ClickAsync();
        await page.GetByLabel("Search by name, e-mail or company").FillAsync("ACME");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-total]")).ToHaveTextAsync("1 contact found");
        await Assertions.Expect(page.Locator("tr[data-contact]")).ToContainTextAsync("Acme Ltd");
        await page.GetByRole(AriaRole.Link, new() { Name = "Jane Smith" }).ClickAsync();
        await page.GetByLabel("Phone").FillAsync("+49 30 1234");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-saved]")).ToHaveTextAsync("Contact Jane Smith saved.");
        await Assertions.Expect(page.GetByLabel("Phone")).ToHaveValueAsync("+49 30 1234");

        // An invited supervisor, then put into an agent group on a page of its own, shows the group in the People list.
        var email = $"x{Guid.NewGuid():N}"[..12] + "@people.example";
        await page.GotoAsync(new Uri(server.Address, $"/t/{slug}/admin/org-tree").ToString());
        await page.GetByLabel("Invite by e-mail").FillAsync(email);
        await page.Locator("input[name=supervisorGroupIds]").First.CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Invite" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync($"{email} invited.");
        await page.GetByRole(AriaRole.Link, new() { Name = $"Edit groups of {email}" }).ClickAsync();
        var agentGroup = page.Locator("input[name=agentGroupIds]").First;
        var groupName = await agentGroup.GetAttributeAsync("data-agent-group");
        await agentGroup.CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save groups" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync($"Groups of {email} saved.");
        var person = page.Locator($"tr[data-person='{email}']");
        await Assertions.Expect(person.Locator("[data-agent-groups]")).ToHaveTextAsync(groupName!);
        await Assertions.Expect(person).ToContainTextAsync("Agent");
    }
}

public sealed class ContactsAndPeoplePageOnSqlite(SqliteLiveServer server) : ContactsAndPeoplePageShould<SqliteLiveServer>(server);

public sealed class ContactsAndPeoplePageOnPostgres(PostgresLiveServer server) : ContactsAndPeoplePageShould<PostgresLiveServer>(server);

public sealed class ContactsAndPeoplePageOnSqlServer(SqlServerLiveServer server) : ContactsAndPeoplePageShould<SqlServerLiveServer>(server.Required());
