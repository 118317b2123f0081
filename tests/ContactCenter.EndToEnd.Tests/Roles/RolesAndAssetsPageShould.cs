using System.Text;
using ContactCenter.EndToEnd.Tests.Support;
using Microsoft.Playwright;

namespace ContactCenter.EndToEnd.Tests.Roles;

/// <summary>
/// In Chromium: an administrator creates a custom role with two permissions and takes it, allows a new attachment type,
/// uploads a prepared attachment of that type and sees it listed.
/// </summary>
public abstract class RolesAndAssetsPageShould<TFixture>(TFixture server)
    where TFixture : LiveServerFixture
{
    [Fact]
    public async Task LetTheAdministratorCreateARoleAllowATypeAndUploadAPreparedAttachment()
    {
        var slug = await server.SignUpAsync();
        await using var chromium = await Chromium.LaunchAsync();
        await using var context = await chromium.Browser.NewContextAsync();
        var page = await AdministratorBrowser.SignInAsync(context, server, slug);
        var admin = $"admin@{slug}.example";

        await page.GetByRole(AriaRole.Link, new() { Name = "Roles and permissions" }).ClickAsync();
        var newRole = page.Locator("#new-role");
        await newRole.GetByLabel("Name", new() { Exact = true }).FillAsync("Letter team");
        await newRole.GetByLabel("May export letters.").CheckAsync();
        await newRole.GetByLabel("May edit answer templates and text blocks.").CheckAsync();
        await newRole.GetByRole(AriaRole.Button, new() { Name = "Add role" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved the role Letter team.");

        var role = page.Locator("section[data-role='Letter team']");
        await Assertions.Expect(role.Locator("[data-permission=ExportLetters]")).ToBeCheckedAsync();
        await Assertions.Expect(role.Locator("[data-permission=EditTemplates]")).ToBeCheckedAsync();
        await Assertions.Expect(role.Locator("[data-permission=DeletePartitions]")).Not.ToBeCheckedAsync();
        await role.GetByLabel("Give this role to").SelectOptionAsync(new SelectOptionValue { Label = admin });
        await role.GetByRole(AriaRole.Button, new() { Name = "Assign" }).ClickAsync();
        await Assertions.Expect(page.Locator($"section[data-role='Letter team'] li[data-person='{admin}']")).ToBeVisibleAsync();

        await page.GotoAsync(new Uri(server.Address, $"/t/{slug}/").ToString());
        await page.GetByRole(AriaRole.Link, new() { Name = "Assets" }).ClickAsync();
        // The defaults fill rows 1 to 4; row 5 is the blank one for adding.
        await page.GetByLabel("Extension of row 5").FillAsync(".csv");
        await page.GetByLabel("Media type of row 5").FillAsync("text/csv");
        await page.GetByLabel("Maximum size of row 5").FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save attachment types" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved the allowed attachment types.");

        await page.GetByLabel("Upload a prepared attachment").SetInputFilesAsync(new FilePayload
        {
            Name = "prices.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes("item;price\nbox;12\n"),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Uploaded prices.csv.");
        var listed = page.Locator("tr[data-attachment='prices.csv']");
        await Assertions.Expect(listed).ToContainTextAsync("18 bytes");
        await Assertions.Expect(listed).ToContainTextAsync(admin);
    }
}

public sealed class RolesAndAssetsPageOnSqlite(SqliteLiveServer server) : RolesAndAssetsPageShould<SqliteLiveServer>(server);

public sealed class RolesAndAssetsPageOnPostgres(PostgresLiveServer server) : RolesAndAssetsPageShould<PostgresLiveServer>(server);

public sealed class RolesAndAssetsPageOnSqlServer(SqlServerLiveServer server) : RolesAndAssetsPageShould<SqlServerLiveServer>(server.Required());
