using Microsoft.Playwright;

namespace ContactCenter.EndToEnd.Tests.Support;

/// <summary>A tenant administrator in Chromium, signed in from the tenant's home page through the tenant choice.</summary>
public static class AdministratorBrowser
{
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
        // Waits for the elements of the next page rather than for navigation events, and says where it stood.
        await ExplainedAsync(server, page, "the tenant choice", () => page.Locator($"button[data-tenant='{slug}']").ClickAsync());
        await ExplainedAsync(server, page, "the tenant's home page", () =>
            Assertions.Expect(page).ToHaveURLAsync(new Uri(server.Address, $"/t/{slug}/").ToString(), new() { Timeout = 60_000 }));
        return page;
    }

    private static async Task ExplainedAsync(LiveServerFixture server, IPage page, string expected, Func<Task> step)
    {
        try
        {
            await step();
        }
        catch (Exception failure) when (failure is TimeoutException or PlaywrightException)
        {
            var text = await page.Locator("body").InnerTextAsync(new() { Timeout = 5_000 });
            throw new InvalidOperationException(
                $"Expected {expected}, but the browser stood at {page.Url} showing: {text[..Math.Min(text.Length, 1_500)]}"
                + $"{Environment.NewLine}The server logged:{Environment.NewLine}{server.Log.Text}", failure);
        }
    }
}
