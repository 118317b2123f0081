using System.Net;
using System.Security.Cryptography;
using System.Text;
using AngleSharp.Dom;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Tests.MailAccounts;

/// <summary>
/// The platform operator's page of the global system accounts' quarantine: entries newest first with account, reason
/// and size, the original for download, deletion; operators only, in English and German.
/// </summary>
public abstract class GlobalQuarantineShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private const string Page = "/platform/quarantine";

    [Fact]
    public async Task ListTheMailThatFoundNoTenantHandOutTheOriginalAndDeleteIt()
    {
        var account = new GlobalSystemAccount { Name = $"Replies {Guid.NewGuid():N}"[..20], EmailAddress = "replies@platform.example" };
        var older = Entry(account.Id, "From: a@example.com\r\nSubject: Hello\r\n\r\nNo token here.\r\n", DateTime.UtcNow.AddDays(-1));
        var newer = Entry(Guid.NewGuid(), "garbage", DateTime.UtcNow.AddMinutes(1));
        await server.CatalogAsync(c =>
        {
            c.AddRange(account, older, newer);
            return c.SaveChangesAsync();
        });
        using var browser = await PageBrowser.SignInNewOperatorAsync(server);

        var home = await PageBrowser.GetDocumentAsync(browser, "/");
        var page = await GetAsync(browser, Page, "en");
        var ours = page.QuerySelectorAll("tr[data-quarantined]").Where(r => Mine(r, older, newer)).ToList();
        Assert.Contains(home.QuerySelectorAll("a[href]"), link => link.GetAttribute("href") == Page);
        Assert.Equal("Quarantine of the global system accounts", page.QuerySelector("h1")?.TextContent);
        Assert.Equal([newer.Id.ToString(), older.Id.ToString()], ours.Select(r => r.GetAttribute("data-quarantined")));
        var cells = ours[1].QuerySelectorAll("td").Select(Text).ToList();
        Assert.Equal((account.Name, "No tenant knows its token.", $"{older.Size} bytes"), (cells[1], cells[2], cells[3]));
        Assert.Equal("no-tenant", ours[1].QuerySelector("[data-reason]")?.GetAttribute("data-reason"));
        Assert.Equal("(account no longer exists)", Text(ours[0].QuerySelectorAll("td")[1]));

        using var raw = await browser.GetAsync(ours[1].QuerySelector("a[data-raw]")!.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.OK, raw.StatusCode);
        Assert.Equal("message/rfc822", raw.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", raw.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(older.Content, await raw.Content.ReadAsByteArrayAsync());

        var german = await GetAsync(browser, Page, "de");
        Assert.Equal("Quarantäne der globalen Systemkonten", german.QuerySelector("h1")?.TextContent);
        Assert.Equal($"{older.Size} Bytes", Text(german.QuerySelector($"tr[data-quarantined='{older.Id}']")!.QuerySelectorAll("td")[3]));

        var form = ours[1].QuerySelector("form[data-delete]")!;
        var fields = PageBrowser.Form(new() { ["__RequestVerificationToken"] = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")! });
        await PageBrowser.PostAsync(browser, form.GetAttribute("action")!, fields, HttpStatusCode.Redirect);
        var after = await GetAsync(browser, Page, "en");
        using var again = await browser.PostAsync(form.GetAttribute("action")!, fields);
        using var rawGone = await browser.GetAsync(ours[1].QuerySelector("a[data-raw]")!.GetAttribute("href"));

        Assert.Equal("The message was removed from quarantine.", after.QuerySelector("[data-done]")?.TextContent);
        Assert.Null(after.QuerySelector($"tr[data-quarantined='{older.Id}']"));
        Assert.NotNull(after.QuerySelector($"tr[data-quarantined='{newer.Id}']"));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, rawGone.StatusCode);
        Assert.Equal([newer.Id], await server.CatalogAsync(c => c.GlobalQuarantine.Where(q => q.Id == older.Id || q.Id == newer.Id).Select(q => q.Id).ToListAsync()));
    }

    [Fact]
    public async Task KeepEveryoneButOperatorsOut()
    {
        var entry = Entry(Guid.NewGuid(), "secret content", DateTime.UtcNow);
        await server.CatalogAsync(c =>
        {
            c.GlobalQuarantine.Add(entry);
            return c.SaveChangesAsync();
        });
        var slug = await server.SignUpAsync();
        using var admin = await PageBrowser.SignInAsync(server, TenantApi.Administrator(slug), slug);
        using var anonymous = new OidcDriver(server).Browser();

        using var adminPage = await admin.GetAsync(Page);
        using var adminRaw = await admin.GetAsync($"{Page}?handler=Raw&id={entry.Id}");
        using var anonymousPage = await anonymous.GetAsync(Page);
        using var anonymousRaw = await anonymous.GetAsync($"{Page}?handler=Raw&id={entry.Id}");

        foreach (var refused in new[] { adminPage, adminRaw, anonymousPage, anonymousRaw })
        {
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.Contains("/account/", refused.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        Assert.Contains("/account/denied", adminPage.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.True(await server.CatalogAsync(c => c.GlobalQuarantine.AnyAsync(q => q.Id == entry.Id)));
    }

    private static GlobalQuarantinedMail Entry(Guid accountId, string content, DateTime receivedAt)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        return new GlobalQuarantinedMail
        {
            AccountId = accountId, UidValidity = 1, Uid = Guid.NewGuid().ToString("N"), Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            Size = bytes.Length, Content = bytes, ReceivedAt = receivedAt, ReasonCode = "no-tenant", Reason = "No tenant knows its token.",
        };
    }

    private static bool Mine(IElement row, params GlobalQuarantinedMail[] entries) =>
        entries.Any(e => row.GetAttribute("data-quarantined") == e.Id.ToString());

    private static string Text(IElement element) => element.TextContent.Trim();

    private static async Task<IDocument> GetAsync(HttpClient browser, string url, string language)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.AcceptLanguage.ParseAdd(language);
        using var response = await browser.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} answered {(int)response.StatusCode} {response.Headers.Location}: {body[..Math.Min(body.Length, 2000)]}");
        return PageBrowser.Parse(body);
    }
}

public sealed class GlobalQuarantineOnSqlite(SqliteServerFixture server) : GlobalQuarantineShould<SqliteServerFixture>(server);

public sealed class GlobalQuarantineOnPostgres(PostgresServerFixture server) : GlobalQuarantineShould<PostgresServerFixture>(server);

public sealed class GlobalQuarantineOnSqlServer(SqlServerServerFixture server) : GlobalQuarantineShould<SqlServerServerFixture>(server.Required());
