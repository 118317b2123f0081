using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using ContactCenter.Server.SignUp;
using ContactCenter.Server.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContactCenter.Server.Tests.SignUp;

/// <summary>
/// A sign-up gives a working tenant at once but leaves the administrator's address unconfirmed until the mailed link
/// (on the public origin) confirms it; without platform mail the link is in the server log.
/// </summary>
public abstract partial class EmailConfirmationShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    [Fact]
    public async Task LeaveTheAddressUnconfirmedUntilTheMailedLinkConfirmsIt()
    {
        var slug = ServerFixture.NewSlug("confirm");
        var tag = Guid.NewGuid().ToString("N")[..12];
        var email = DevMailServices.Address(tag);
        using var client = server.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/signup", ServerFixture.NewSignUp(slug) with { AdminEmail = email });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<SignUpResponse>())?.EmailConfirmationSent);
        Assert.False(await ConfirmedAsync(email));

        var mail = await DevMailServices.WaitForMailAsync(tag);
        Assert.Equal("Confirm your e-mail address for ContactCenter", mail.Subject);
        var link = new Uri(ConfirmLink().Match(mail.TextBody!).Value);
        Assert.Equal("http://localhost", link.GetLeftPart(UriPartial.Authority));
        Assert.Equal("/account/confirm-email", link.AbsolutePath);
        var page = await PageBrowser.GetDocumentAsync(client, link.PathAndQuery);
        Assert.NotNull(page.QuerySelector("[data-confirmed]"));
        Assert.True(await ConfirmedAsync(email));
    }

    [Fact]
    public async Task RefuseAForgedOrForeignToken()
    {
        var slug = await server.SignUpAsync();
        var email = ServerFixture.NewSignUp(slug).AdminEmail!;
        var userId = await server.CatalogAsync(c => c.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        var other = await server.SignUpAsync();
        var otherUser = await server.CatalogAsync(c => c.Users.SingleAsync(u => u.Email == ServerFixture.NewSignUp(other).AdminEmail));
        string foreignToken;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<ContactCenter.Data.Catalog.PlatformUser>>();
            foreignToken = ContactCenter.Server.Identity.AccountLinks.Encode(await users.GenerateEmailConfirmationTokenAsync(otherUser));
        }

        using var client = server.CreateClient();

        var forged = await PageBrowser.GetDocumentAsync(client, $"/account/confirm-email?userId={userId}&token=Zm9yZ2Vk", HttpStatusCode.BadRequest);
        var foreign = await PageBrowser.GetDocumentAsync(client, $"/account/confirm-email?userId={userId}&token={foreignToken}", HttpStatusCode.BadRequest);

        Assert.Contains("not valid", forged.QuerySelector("[role=alert]")?.TextContent, StringComparison.Ordinal);
        Assert.Null(foreign.QuerySelector("[data-confirmed]"));
        Assert.False(await ConfirmedAsync(email));
    }

    [Fact]
    public async Task SayOnTheDonePageThatALinkWasSent()
    {
        var slug = ServerFixture.NewSlug("done");
        using var client = server.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var form = await client.GetStringAsync("/signup");
        using var response = await client.PostAsync("/signup", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["companyName"] = "Done Company",
            ["slug"] = slug,
            ["adminEmail"] = $"admin@{slug}.example",
            ["adminPassword"] = OidcDriver.Password,
            ["__RequestVerificationToken"] = PageBrowser.AntiForgery(form),
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var done = await PageBrowser.GetDocumentAsync(client, response.Headers.Location!.OriginalString);
        Assert.StartsWith("We have sent a link to the administrator's e-mail address", done.QuerySelector("[data-confirmation]")?.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteTheLinkToTheLogWithoutPlatformMail()
    {
        var logs = new LogRecorder("ContactCenter.Server.Identity");
        await using var withoutMail = server.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("PlatformMail:Host", "");
            builder.ConfigureServices(services => services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs));
        });
        var slug = ServerFixture.NewSlug("logged");
        var email = ServerFixture.NewSignUp(slug).AdminEmail!;
        using var client = withoutMail.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/signup", ServerFixture.NewSignUp(slug));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var line = Assert.Single(logs.Lines, l => l.Message.Contains(email, StringComparison.Ordinal));
        var link = new Uri(ConfirmLink().Match(line.Message).Value);
        Assert.Equal("http://localhost", link.GetLeftPart(UriPartial.Authority));
        await PageBrowser.GetDocumentAsync(client, link.PathAndQuery);
        Assert.True(await ConfirmedAsync(email));
    }

    private Task<bool> ConfirmedAsync(string email) =>
        server.CatalogAsync(c => c.Users.Where(u => u.Email == email).Select(u => u.EmailConfirmed).SingleAsync());

    [GeneratedRegex(@"https?://\S+/account/confirm-email\?\S+")]
    private static partial Regex ConfirmLink();
}

public sealed class EmailConfirmationOnSqliteShould(SqliteServerFixture server) : EmailConfirmationShould<SqliteServerFixture>(server);

public sealed class EmailConfirmationOnPostgresShould(PostgresServerFixture server) : EmailConfirmationShould<PostgresServerFixture>(server);

public sealed class EmailConfirmationOnSqlServerShould(SqlServerServerFixture server) : EmailConfirmationShould<SqlServerServerFixture>(server.Required());
