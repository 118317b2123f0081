using System.Net;
using System.Security.Cryptography.X509Certificates;
using ContactCenter.Data.Catalog;
using ContactCenter.Mail.Imap;
using ContactCenter.Mail.Mime;
using ContactCenter.Mail.Net;
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

        var mail = await WaitForMailAsync(tag);
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

    private static async Task<MimeMessage> WaitForMailAsync(string tag)
    {
        using var ca = X509Certificate2.CreateFromPem(File.ReadAllText(DevMailServices.Get("CC_MAIL_CA")));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using var imap = new ImapClient();
            await imap.ConnectAsync(new MailConnectionOptions
            {
                Host = DevMailServices.Get("CC_MAIL_HOST"),
                Port = int.Parse(DevMailServices.Get("CC_MAIL_IMAPS_PORT"), System.Globalization.CultureInfo.InvariantCulture),
                Security = MailSecurity.ImplicitTls,
                ExtraTrustedCa = ca,
            });
            await imap.AuthenticateAsync(new PasswordCredentials($"{DevMailServices.User}@cc.test", DevMailServices.Password));
            if ((await imap.ListAsync(tag)).Count > 0)
            {
                await imap.SelectAsync(tag);
                var uids = await imap.UidSearchAsync("ALL");
                var fetched = await imap.UidFetchAsync(uids.TakeLast(1), ImapFetchItems.Body);
                var message = MimeMessage.Load(new MemoryStream(fetched.Single().Body!));
                await imap.DeleteMailboxAsync(tag);
                return message;
            }

            Assert.True(DateTime.UtcNow < deadline, $"No password-reset mail for {tag} arrived within 30 s.");
            await Task.Delay(250);
        }
    }
}

public sealed class PersonLanguageOnSqlite(SqliteServerFixture server) : PersonLanguageShould<SqliteServerFixture>(server);

public sealed class PersonLanguageOnPostgres(PostgresServerFixture server) : PersonLanguageShould<PostgresServerFixture>(server);
