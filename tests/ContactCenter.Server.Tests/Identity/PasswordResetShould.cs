using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using ContactCenter.Data.Catalog;
using ContactCenter.Mail.Imap;
using ContactCenter.Mail.Mime;
using ContactCenter.Mail.Net;
using ContactCenter.Server.Tests.Support;

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

        var mail = await WaitForMailAsync(tag);
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

    /// <summary>
    /// Reads heidi's mail over IMAP until the mail for this tag arrives (delivery goes through Postfix and LMTP;
    /// Dovecot files mail for heidi+tag into the mailbox "tag").
    /// </summary>
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

    [GeneratedRegex(@"https?://\S+/account/reset\?\S+")]
    private static partial Regex ResetLink();
}

public sealed class PasswordResetOnSqlite(SqliteServerFixture server) : PasswordResetShould<SqliteServerFixture>(server);

public sealed class PasswordResetOnPostgres(PostgresServerFixture server) : PasswordResetShould<PostgresServerFixture>(server);
