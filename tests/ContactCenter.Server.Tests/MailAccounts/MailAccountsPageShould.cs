using System.Net;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Tests.MailAccounts;

/// <summary>The server-rendered mail account mask, driven over HTTP with the sign-in cookie.</summary>
public abstract class MailAccountsPageShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private const string Secret = "Page-Secret-Never-Shown-77";

    [Fact]
    public async Task AddAnInboundAccountWithFieldErrorsFirstAndNeverShowTheSecret()
    {
        var slug = await server.SignUpAsync();
        using var browser = new OidcDriver(server).Browser();
        var page = $"/t/{slug}/admin/mail-accounts";
        var html = await PageBrowser.SignInAndGetAsync(browser, page, $"admin@{slug}.example", slug);
        Assert.Contains("No inbound accounts yet", html, StringComparison.Ordinal);
        Assert.Contains("No outbound SMTP server yet", html, StringComparison.Ordinal);

        using var invalid = await PageBrowser.PostHandlerAsync(browser, page, "Inbound", html, new()
        {
            ["InboundForm.Name"] = "Support", ["InboundForm.Protocol"] = "imap", ["InboundForm.Host"] = "bad host!", ["InboundForm.Port"] = "99999",
            ["InboundForm.TlsMode"] = "implicit", ["InboundForm.UserName"] = "support", ["InboundForm.Secret"] = Secret, ["InboundForm.Folder"] = "INBOX",
            ["InboundForm.Weighting"] = "3", ["InboundForm.Enabled"] = "true",
        });
        var invalidHtml = await invalid.Content.ReadAsStringAsync();
        using var valid = await PageBrowser.PostHandlerAsync(browser, page, "Inbound", html, new()
        {
            ["InboundForm.Name"] = "Support", ["InboundForm.Protocol"] = "imap", ["InboundForm.Host"] = "imap.example.com", ["InboundForm.Port"] = "",
            ["InboundForm.TlsMode"] = "implicit", ["InboundForm.UserName"] = "support", ["InboundForm.Secret"] = Secret, ["InboundForm.Folder"] = "Support",
            ["InboundForm.Weighting"] = "4", ["InboundForm.Enabled"] = "true",
        });
        var listed = await browser.GetStringAsync(page);
        var tenantId = await TenantClients.TenantIdAsync(server, slug);
        var stored = await server.TenantAsync(tenantId, db => db.InboundAccounts.AsNoTracking().SingleAsync());
        var editForm = await browser.GetStringAsync($"{page}?edit={stored.Id}");

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var invalidPage = PageBrowser.Parse(invalidHtml);
        Assert.NotNull(invalidPage.GetElementById("inbound.host-error"));
        Assert.NotNull(invalidPage.GetElementById("inbound.port-error"));
        Assert.DoesNotContain(Secret, invalidHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, valid.StatusCode);
        Assert.Contains("imap.example.com:993", listed, StringComparison.Ordinal);
        Assert.DoesNotContain("No inbound accounts yet", listed, StringComparison.Ordinal);
        Assert.Equal("Support", stored.Folder);
        Assert.False(stored.KeepOnServer);
        Assert.Equal(4, stored.Weighting);
        Assert.NotNull(stored.ProtectedSecret);
        foreach (var text in new[] { listed, editForm })
        {
            Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(stored.ProtectedSecret, text, StringComparison.Ordinal);
        }

        Assert.Equal("imap.example.com", PageBrowser.FieldValue(PageBrowser.Parse(editForm), "InboundForm.Host"));
    }

    [Fact]
    public async Task ShowTheProtocolLogOfAConnectionTestWithoutThePassword()
    {
        var slug = await server.SignUpAsync();
        using var admin = await TenantClients.AdministratorAsync(server, slug);
        var password = DevMailServices.Password;
        var id = await TenantApi.CreateAsync(admin, $"/t/{slug}/api/mail-accounts/inbound", new
        {
            name = "Dovecot", protocol = "imap", tlsMode = "implicit", host = DevMailServices.Get("CC_MAIL_HOST"),
            port = int.Parse(DevMailServices.Get("CC_MAIL_IMAPS_PORT"), System.Globalization.CultureInfo.InvariantCulture),
            userName = $"{DevMailServices.User}@cc.test", secret = password,
        });
        using var browser = new OidcDriver(server).Browser();
        var page = $"/t/{slug}/admin/mail-accounts";
        var html = await PageBrowser.SignInAndGetAsync(browser, page, $"admin@{slug}.example", slug);

        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = PageBrowser.AntiForgery(html) });
        using var tested = await browser.PostAsync($"{page}?handler=Test&id={id}", form);
        var result = PageBrowser.Parse(await tested.Content.ReadAsStringAsync());

        Assert.Contains("Connection works", result.GetElementById("test-result")!.TextContent, StringComparison.Ordinal);
        var log = result.GetElementById("test-protocol-log")!;
        Assert.Contains("Protocol log (passwords removed)", log.TextContent, StringComparison.Ordinal);
        Assert.Contains("CAPABILITY", log.TextContent, StringComparison.Ordinal);
        Assert.Contains("********", log.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(password, log.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TurnAwayAgents()
    {
        var slug = await server.SignUpAsync();
        var agent = await new OidcDriver(server).CreatePersonAsync((slug, TenantRole.Agent));
        using var browser = new OidcDriver(server).Browser();

        var (status, location, html) = await PageBrowser.SignInAndRequestAsync(browser, $"/t/{slug}/admin/mail-accounts", agent.Email, slug);

        Assert.Equal(HttpStatusCode.Redirect, status);
        Assert.Contains("/account/denied", location, StringComparison.Ordinal);
        Assert.DoesNotContain("Inbound accounts", html, StringComparison.Ordinal);
    }
}

public sealed class MailAccountsPageOnSqlite(SqliteServerFixture server) : MailAccountsPageShould<SqliteServerFixture>(server);

public sealed class MailAccountsPageOnPostgres(PostgresServerFixture server) : MailAccountsPageShould<PostgresServerFixture>(server);

public sealed class MailAccountsPageOnSqlServer(SqlServerServerFixture server) : MailAccountsPageShould<SqlServerServerFixture>(server.Required());
