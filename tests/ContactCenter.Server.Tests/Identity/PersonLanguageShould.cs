using System.Net;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace ContactCenter.Server.Tests.Identity;

/// <summary>A person's language is kept when they sign in or switch it, and mails to them are written in it.</summary>
public abstract class PersonLanguageShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private readonly OidcDriver _oidc = new(server);

    [Fact]
    public async Task SendAPasswordResetInTheStoredLanguage()
    {
        var tenant = await server.SignUpAsync();
        var tag = Guid.NewGuid().ToString("N")[..12];
        var person = await _oidc.CreatePersonAsync(DevMailServices.Address(tag), (tenant, TenantRole.Agent));
        using (var german = _oidc.Browser())
        {
            using var signedIn = await OidcDriver.SignInAsync(german, "/account/login?ui_locales=de", person.Email, person.Password);
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        }

        Assert.Equal("de", await StoredLanguageAsync(person));

        // Asked for from an English page, the mail is still German.
        using var browser = _oidc.Browser();
        var (action, fields) = await OidcDriver.ReadFormAsync(browser, "/account/forgot");
        fields["email"] = person.Email;
        using var requested = await browser.PostAsync(action, new FormUrlEncodedContent(fields));
        Assert.Contains("If an account exists for this address", await requested.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var mail = await DevMailServices.WaitForMailAsync(tag);
        Assert.Equal("Neues ContactCenter-Passwort wählen", mail.Subject);
        Assert.Contains("Öffnen Sie diesen Link", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("ui_locales=de", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeepTheLanguageChosenInTheHeader()
    {
        var tenant = await server.SignUpAsync();
        var person = await _oidc.CreatePersonAsync((tenant, TenantRole.Agent));
        using var browser = await PageBrowser.SignInAsync(server, person, tenant);
        Assert.Equal("en", await StoredLanguageAsync(person));

        using var switched = await browser.PostAsync("/language", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["language"] = "de", ["returnUrl"] = $"/t/{tenant}/",
        }));

        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal("de", await StoredLanguageAsync(person));
    }

    private async Task<string?> StoredLanguageAsync(TestPerson person)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>();
        return (await users.FindByIdAsync(person.Id.ToString()))?.Language;
    }
}

public sealed class PersonLanguageOnSqlite(SqliteServerFixture server) : PersonLanguageShould<SqliteServerFixture>(server);

public sealed class PersonLanguageOnPostgres(PostgresServerFixture server) : PersonLanguageShould<PostgresServerFixture>(server);

public sealed class PersonLanguageOnSqlServer(SqlServerServerFixture server) : PersonLanguageShould<SqlServerServerFixture>(server.Required());
