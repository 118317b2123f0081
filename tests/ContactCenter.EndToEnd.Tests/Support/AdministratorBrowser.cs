using Microsoft.Playwright;

namespace ContactCenter.EndToEnd.Tests.Support;

/// <summary>A tenant administrator in Chromium, signed in from the tenant's home page through the tenant choice.</summary>
public static class AdministratorBrowser
{
    /// <summary>Arrived once the server answered; the next step waits for the element it needs anyway.</summary>
    private static readonly PageWaitForURLOptions Committed = new() { WaitUntil = WaitUntilState.Commit };

    public static async Task<IPage> SignInAsync(IBrowserContext context, LiveServerFixture server, string slug)
    {
        var page = await context.NewPageAsync();
        // Generous: the whole solution's tests may run at once on two cores.
        page.SetDefaultTimeout(60_000);
        await page.GotoAsync(new Uri(server.Address, $"/t/{slug}/").ToString());
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByLabel("Email").FillAsync($"admin@{slug}.example");
        await page.GetByLabel("Password").FillAsync(LiveServerFixture.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/account/tenant", Committed);
        await page.Locator($"button[data-tenant='{slug}']").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == $"/t/{slug}/", Committed);
        return page;
    }
}
