using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using ContactCenter.EndToEnd.Tests.Support;
using ContactCenter.Server.Requests;
using ContactCenter.Server.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ContactCenter.EndToEnd.Tests.Requests;

/// <summary>In Chromium: a new request appears in the open inbox without a reload, and j, k, Enter and r move through it.</summary>
public abstract class InboxLiveShould<TFixture>(TFixture server)
    where TFixture : LiveServerFixture
{
    [Fact]
    public async Task ShowANewRequestWithoutAReloadAndMoveByKeyboard()
    {
        var slug = await server.SignUpAsync();
        await using var scope = server.Services.CreateAsyncScope();
        var tenantId = await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().Tenants.Where(t => t.Slug == slug).Select(t => t.Id).SingleAsync();
        var first = await AddRequestAsync(tenantId, 1, "First question");
        await using var chromium = await Chromium.LaunchAsync();
        await using var context = await chromium.Browser.NewContextAsync();
        var page = await AdministratorBrowser.SignInAsync(context, server, slug);
        await page.GotoAsync(new Uri(server.Address, $"/t/{slug}/inbox").ToString());
        await Assertions.Expect(page.Locator("body[data-live='true']")).ToHaveCountAsync(1);
        await page.EvaluateAsync("() => window.notReloaded = true");

        var second = await AddRequestAsync(tenantId, 2, "Second question");

        await Assertions.Expect(page.Locator($"tr[data-request='{second}']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-total]")).ToHaveAttributeAsync("data-total", "2");
        Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"));

        // Soonest due first: both without a due time, so by number.
        await page.Keyboard.PressAsync("j");
        await Assertions.Expect(page.Locator($"tr[data-request='{first}']")).ToHaveAttributeAsync("aria-selected", "true");
        await page.Keyboard.PressAsync("j");
        await page.Keyboard.PressAsync("k");
        await page.Keyboard.PressAsync("j");
        await Assertions.Expect(page.Locator($"tr[data-request='{second}']")).ToHaveAttributeAsync("aria-selected", "true");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Uri(server.Address, $"/t/{slug}/requests/{second}").ToString());
        await page.GoBackAsync();
        await Assertions.Expect(page.Locator("body[data-live='true']")).ToHaveCountAsync(1);
        await page.Keyboard.PressAsync("j");
        await page.Keyboard.PressAsync("r");
        await Assertions.Expect(page).ToHaveURLAsync(new Uri(server.Address, $"/t/{slug}/requests/{first}#reply").ToString());
        await Assertions.Expect(page.Locator("[data-reply-editor]")).ToBeFocusedAsync();
    }

    private async Task<Guid> AddRequestAsync(Guid tenantId, long number, string subject)
    {
        await using var db = await server.Services.GetRequiredService<TenantDatabaseFactory>().OpenAsync(tenantId);
        var request = new Request
        {
            Number = number, Token = RequestTokens.NewToken(), Subject = subject, ContactEmail = $"customer{number}@example.com",
            CategoryId = await db.Categories.Where(c => c.IsDefault).Select(c => (Guid?)c.Id).SingleAsync(),
            CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        };
        db.Requests.Add(request);
        await db.SaveChangesAsync();
        return request.Id;
    }
}

public sealed class InboxLiveOnSqlite(SqliteLiveServer server) : InboxLiveShould<SqliteLiveServer>(server);

public sealed class InboxLiveOnPostgres(PostgresLiveServer server) : InboxLiveShould<PostgresLiveServer>(server);
