using ContactCenter.EndToEnd.Tests.Support;
using Microsoft.Playwright;

namespace ContactCenter.EndToEnd.Tests.TextBlocks;

/// <summary>
/// In Chromium: an administrator adds an SMS text block (seeing its length while typing), adds a classification,
/// builds a routing rule on it, and is told which rule keeps the classification from being deleted.
/// </summary>
public abstract class TextsAndClassificationsPageShould<TFixture>(TFixture server)
    where TFixture : LiveServerFixture
{
    [Fact]
    public async Task CreateATextBlockAndAClassificationAndRouteByIt()
    {
        var slug = await server.SignUpAsync();
        await using var chromium = await Chromium.LaunchAsync();
        await using var context = await chromium.Browser.NewContextAsync();
        var page = await AdministratorBrowser.SignInAsync(context, server, slug);

        await page.GetByRole(AriaRole.Link, new() { Name = "Text blocks" }).ClickAsync();
        await page.Locator("#tb-name").FillAsync("Reminder");
        await page.GetByLabel("Channel").SelectOptionAsync(new SelectOptionValue { Label = "SMS" });
        await page.GetByLabel("Text").FillAsync("Dear {customer.name}, your request {request.number} is waiting for your answer. " + new string('.', 100));
        await Assertions.Expect(page.Locator("#sms-length [data-messages]")).ToHaveTextAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add text block" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-done]")).ToHaveTextAsync("Saved.");
        await Assertions.Expect(page.Locator("tr[data-text-block='Reminder']")).ToContainTextAsync("2 message(s)");

        await page.GotoAsync(new Uri(server.Address, $"/t/{slug}/").ToString());
        await page.GetByRole(AriaRole.Link, new() { Name = "Classifications" }).ClickAsync();
        await page.Locator("#cl-name").FillAsync("Complaint");
        await page.Locator("input[data-channel=Email]").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add classification" }).ClickAsync();
        await Assertions.Expect(page.Locator("tr[data-classification='Complaint']")).ToContainTextAsync("E-mail");

        await page.GotoAsync(new Uri(server.Address, $"/t/{slug}/admin/routing").ToString());
        await page.Locator("#rule-condition").SelectOptionAsync("classification");
        await page.Locator("#rule-classification").SelectOptionAsync(new SelectOptionValue { Label = "Complaint" });
        await page.Locator("#rule-priority").SelectOptionAsync("high");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add rule" }).ClickAsync();
        await Assertions.Expect(page.Locator("#routing-rules")).ToContainTextAsync("Complaint");

        await page.GotoAsync(new Uri(server.Address, $"/t/{slug}/admin/classifications").ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete Complaint" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-refused]")).ToContainTextAsync("routing rule(s) #1");
        await Assertions.Expect(page.Locator("tr[data-classification='Complaint']")).ToHaveCountAsync(1);
    }
}

public sealed class TextsAndClassificationsPageOnSqlite(SqliteLiveServer server) : TextsAndClassificationsPageShould<SqliteLiveServer>(server);

public sealed class TextsAndClassificationsPageOnPostgres(PostgresLiveServer server) : TextsAndClassificationsPageShould<PostgresLiveServer>(server);

public sealed class TextsAndClassificationsPageOnSqlServer(SqlServerLiveServer server) : TextsAndClassificationsPageShould<SqlServerLiveServer>(server.Required());
