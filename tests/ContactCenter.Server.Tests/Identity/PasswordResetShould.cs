using System.Net;
using System.Text.RegularExpressions;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ContactCenter.Server.Tests.Identity;

/// <summary>Forgot password → a real mail through Postfix into Dovecot → the link → a new password, lockout lifted.</summary>
public abstract partial class PasswordResetShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private readonly OidcDriver _oidc = new(server);

    [Fact]
    public async Task SendALinkThatSetsANewPasswordOnce()
    {
        var tenant = await server.SignUpAsync();
        var tag = Guid.NewGuid().ToString("N")[..12];
        var person = await _oidc.CreatePersonAsync(DevMailServices.Address(tag), (tenant, TenantRole.Agent));
        using var browser = _oidc.Browser();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var failed = await OidcDriver.SignInAsync(browser, "/account/login", person.Email, "Wrong-Password-1");
        }

        var (action, fields) = await OidcDriver.ReadFormAsync(browser, "/account/forgot?ui_locales=de");
        fields["email"] = person.Email;
        using var requested = await browser.PostAsync(action, new FormUrlEncodedContent(fields));
        Assert.True(requested.StatusCode == HttpStatusCode.OK, await requested.Content.ReadAsStringAsync());
        Assert.Contains("Falls zu dieser Adresse ein Konto besteht", await requested.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var mail = await DevMailServices.WaitForMailAsync(tag);
        Assert.Equal("Neues ContactCenter-Passwort wählen", mail.Subject);
        var link = new Uri(ResetLink().Match(mail.TextBody!).Value);
        Assert.Equal("/account/reset", link.AbsolutePath);

        var (resetAction, resetFields) = await OidcDriver.ReadFormAsync(browser, link.PathAndQuery);
        resetFields["password"] = resetFields["confirmPassword"] = "New-Correct-Horse-7";
        using var reset = await browser.PostAsync(resetAction, new FormUrlEncodedContent(resetFields));
        using var again = await browser.PostAsync(resetAction, new FormUrlEncodedContent(resetFields));
        using var signedIn = await OidcDriver.SignInAsync(browser, "/account/login", person.Email, "New-Correct-Horse-7");

        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        // The mailed token proves the mailbox: the address counts as confirmed.
        Assert.True(await server.CatalogAsync(c => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            c.Users.Where(u => u.Id == person.Id).Select(u => u.EmailConfirmed))));
    }

    [Fact]
    public async Task AnswerTheSameForAnUnknownAddress()
    {
        using var browser = _oidc.Browser();
        var (action, fields) = await OidcDriver.ReadFormAsync(browser, "/account/forgot");
        fields["email"] = "nobody-" + Guid.NewGuid().ToString("N")[..8] + "@people.example";

        using var response = await browser.PostAsync(action, new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("If an account exists for this address", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnswerByteForByteTheSameForAKnownAndAnUnknownAddress()
    {
        var tenant = await server.SignUpAsync();
        var person = await _oidc.CreatePersonAsync((tenant, TenantRole.Agent));
        // Also where the platform sends no mail: a known address must not then get an error an unknown one does not.
        await using var withoutMail = server.WithWebHostBuilder(builder => builder.UseSetting("PlatformMail:Host", ""));

        foreach (var host in new WebApplicationFactory<Program>[] { server, withoutMail })
        {
            using var browser = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

            async Task<(HttpStatusCode Status, string? Type, byte[] Body)> AskAsync(string email)
            {
                var (action, fields) = await OidcDriver.ReadFormAsync(browser, "/account/forgot");
                fields["email"] = email;
                using var response = await browser.PostAsync(action, new FormUrlEncodedContent(fields));
                return (response.StatusCode, response.Content.Headers.ContentType?.ToString(), await response.Content.ReadAsByteArrayAsync());
            }

            var known = await AskAsync(person.Email);
            var unknown = await AskAsync("nobody-" + Guid.NewGuid().ToString("N")[..8] + "@people.example");

            Assert.Equal(HttpStatusCode.OK, known.Status);
            Assert.Equal(known.Status, unknown.Status);
            Assert.Equal(known.Type, unknown.Type);
            Assert.Equal(known.Body, unknown.Body);
        }
    }

    [Fact]
    public async Task RefuseAMangledLink()
    {
        var tenant = await server.SignUpAsync();
        var person = await _oidc.CreatePersonAsync((tenant, TenantRole.Agent));
        using var browser = _oidc.Browser();
        var (action, fields) = await OidcDriver.ReadFormAsync(browser, $"/account/reset?email={Uri.EscapeDataString(person.Email)}&token=not-a-token");
        fields["password"] = fields["confirmPassword"] = "New-Correct-Horse-7";

        using var response = await browser.PostAsync(action, new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not valid", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"https?://\S+/account/reset\?\S+")]
    private static partial Regex ResetLink();
}

public sealed class PasswordResetOnSqlite(SqliteServerFixture server) : PasswordResetShould<SqliteServerFixture>(server);

public sealed class PasswordResetOnPostgres(PostgresServerFixture server) : PasswordResetShould<PostgresServerFixture>(server);

public sealed class PasswordResetOnSqlServer(SqlServerServerFixture server) : PasswordResetShould<SqlServerServerFixture>(server.Required());
