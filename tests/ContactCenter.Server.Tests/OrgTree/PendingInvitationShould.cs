using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Tests.OrgTree;

/// <summary>
/// Inviting an account that exists puts it into no tenant: the invitation waits until the owner of the mailbox,
/// signed in to that account, accepts it from the mail. Nobody else can.
/// </summary>
public abstract partial class PendingInvitationShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private readonly TenantTokens _tokens = new(server);

    [Fact]
    public async Task GiveNoMembershipUntilTheOwnerAcceptsSignedIn()
    {
        var (slug, tenantId, admin, agentGroup) = await TenantAsync();
        var tag = Guid.NewGuid().ToString("N")[..12];
        var person = await _tokens.Oidc.CreatePersonAsync(DevMailServices.Address(tag));

        using var invited = await admin.PostAsJsonAsync("api/org-tree/people", new { email = person.Email, agentGroupIds = new[] { agentGroup } });

        var result = await TenantApi.JsonAsync(invited, HttpStatusCode.OK);
        Assert.True(result.GetProperty("pending").GetBoolean());
        Assert.False(result.GetProperty("accountCreated").GetBoolean());
        Assert.True(result.GetProperty("invitationSent").GetBoolean());
        Assert.NotEqual(person.Id, result.GetProperty("person").GetProperty("id").GetGuid());
        Assert.Empty(result.GetProperty("person").GetProperty("roles").EnumerateArray());
        Assert.Empty(await RolesAsync(tenantId, person.Id));
        Assert.False(await server.TenantAsync(tenantId, db => db.GroupAssignments.AnyAsync(a => a.PersonId == person.Id)));
        var people = await admin.GetFromJsonAsync<JsonElement>("api/org-tree/people");
        Assert.DoesNotContain(people.EnumerateArray(), p => p.GetProperty("email").GetString() == person.Email);
        var invitations = await admin.GetFromJsonAsync<JsonElement>("api/org-tree/invitations");
        Assert.Contains(invitations.EnumerateArray(), i => i.GetProperty("email").GetString() == person.Email);

        var mail = await DevMailServices.WaitForMailAsync(tag);
        Assert.Equal($"Invitation to work for Company {slug} in ContactCenter", mail.Subject);
        var link = new Uri(AcceptLink().Match(mail.TextBody!).Value);
        Assert.Equal("http://localhost", link.GetLeftPart(UriPartial.Authority));
        Assert.Matches(ResetLink(), mail.TextBody!);

        // The link alone does nothing: it asks to sign in as the invited account.
        using var browser = _tokens.Oidc.Browser();
        var signInFirst = await PageBrowser.GetDocumentAsync(browser, link.PathAndQuery);
        Assert.Null(signInFirst.QuerySelector("main form"));
        var signIn = signInFirst.QuerySelector("[data-sign-in]")!.GetAttribute("href")!;
        using var signedIn = await OidcDriver.SignInAsync(browser, signIn, person.Email, person.Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(link.PathAndQuery, signedIn.Headers.Location!.OriginalString);
        Assert.Empty(await RolesAsync(tenantId, person.Id));

        var (action, fields) = await OidcDriver.ReadFormAsync(browser, link.PathAndQuery);
        var accepted = await PageBrowser.PostForDocumentAsync(browser, action, new FormUrlEncodedContent(fields), HttpStatusCode.OK);

        Assert.NotNull(accepted.QuerySelector("[data-accepted]"));
        Assert.Equal([TenantRole.Agent], await RolesAsync(tenantId, person.Id));
        Assert.Empty((await admin.GetFromJsonAsync<JsonElement>("api/org-tree/invitations")).EnumerateArray());
        var again = await PageBrowser.GetDocumentAsync(browser, link.PathAndQuery, HttpStatusCode.BadRequest);
        Assert.NotNull(again.QuerySelector("[data-invalid]"));
    }

    [Fact]
    public async Task RefuseSomeoneSignedInAsAnotherAccount()
    {
        var (_, tenantId, admin, agentGroup) = await TenantAsync();
        var tag = Guid.NewGuid().ToString("N")[..12];
        var invitee = await _tokens.Oidc.CreatePersonAsync(DevMailServices.Address(tag));
        var intruder = await _tokens.Oidc.CreatePersonAsync();
        using var invited = await admin.PostAsJsonAsync("api/org-tree/people", new { email = invitee.Email, agentGroupIds = new[] { agentGroup } });
        Assert.Equal(HttpStatusCode.OK, invited.StatusCode);
        var link = new Uri(AcceptLink().Match((await DevMailServices.WaitForMailAsync(tag)).TextBody!).Value);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(link.Query);
        using var browser = _tokens.Oidc.Browser();
        using (var signedIn = await OidcDriver.SignInAsync(browser, "/account/login", intruder.Email, intruder.Password))
        {
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        }

        using var shown = await browser.GetAsync(link.PathAndQuery);
        var page = PageBrowser.Parse(await shown.Content.ReadAsStringAsync());
        // Posting anyway, with an anti-forgery token of the intruder's own session (from the login page's form).
        var (_, loginFields) = await OidcDriver.ReadFormAsync(browser, "/account/login");
        using var posted = await browser.PostAsync(link.PathAndQuery, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["tenant"] = query["tenant"].ToString(), ["id"] = query["id"].ToString(), ["token"] = query["token"].ToString(),
            ["__RequestVerificationToken"] = loginFields["__RequestVerificationToken"],
        }));

        Assert.Equal(HttpStatusCode.Forbidden, shown.StatusCode);
        Assert.NotNull(page.QuerySelector("[data-other-account]"));
        Assert.Null(page.QuerySelector("main form"));
        Assert.Equal(HttpStatusCode.Forbidden, posted.StatusCode);
        Assert.Empty(await RolesAsync(tenantId, invitee.Id));
        Assert.Empty(await RolesAsync(tenantId, intruder.Id));
        Assert.False(await server.TenantAsync(tenantId, db => db.GroupAssignments.AnyAsync(a => a.PersonId == intruder.Id || a.PersonId == invitee.Id)));
    }

    [Fact]
    public async Task RefuseAForgedToken()
    {
        var (slug, tenantId, admin, agentGroup) = await TenantAsync();
        var person = await _tokens.Oidc.CreatePersonAsync();
        using var invited = await admin.PostAsJsonAsync("api/org-tree/people", new { email = person.Email, agentGroupIds = new[] { agentGroup } });
        var invitationId = (await TenantApi.JsonAsync(invited, HttpStatusCode.OK)).GetProperty("person").GetProperty("id").GetGuid();
        using var browser = await SignedInAsync(person);

        var page = await PageBrowser.GetDocumentAsync(browser, $"/account/invitation?tenant={slug}&id={invitationId}&token=forged-token", HttpStatusCode.BadRequest);

        Assert.NotNull(page.QuerySelector("[data-invalid]"));
        Assert.Null(page.QuerySelector("main form"));
        Assert.Empty(await RolesAsync(tenantId, person.Id));
    }

    [Fact]
    public async Task RefuseToAssignGroupsToAnAccountOutsideTheTenant()
    {
        var (_, tenantId, admin, agentGroup) = await TenantAsync();
        var outsider = await _tokens.Oidc.CreatePersonAsync();

        using var assigned = await admin.PutAsJsonAsync($"api/org-tree/people/{outsider.Id}/groups", new { agentGroupIds = new[] { agentGroup } });

        Assert.Equal(HttpStatusCode.NotFound, assigned.StatusCode);
        Assert.Empty(await RolesAsync(tenantId, outsider.Id));
        Assert.False(await server.TenantAsync(tenantId, db => db.GroupAssignments.AnyAsync(a => a.PersonId == outsider.Id)));
    }

    private async Task<HttpClient> SignedInAsync(TestPerson person)
    {
        var browser = _tokens.Oidc.Browser();
        using var signedIn = await OidcDriver.SignInAsync(browser, "/account/login", person.Email, person.Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return browser;
    }

    private async Task<(string Slug, Guid TenantId, HttpClient Admin, Guid AgentGroup)> TenantAsync()
    {
        var slug = await server.SignUpAsync();
        var admin = await _tokens.AdministratorAsync(slug);
        var tree = await admin.GetFromJsonAsync<JsonElement>("api/org-tree");
        var agentGroup = tree.GetProperty("systemGroups")[0].GetProperty("supervisorGroups")[0].GetProperty("agentGroups")[0].GetProperty("id").GetGuid();
        return (slug, await TenantApi.TenantIdAsync(server, slug), admin, agentGroup);
    }

    private Task<List<TenantRole>> RolesAsync(Guid tenantId, Guid personId) =>
        server.CatalogAsync(c => c.TenantMemberships.Where(m => m.TenantId == tenantId && m.UserId == personId).Select(m => m.Role).ToListAsync());

    [GeneratedRegex(@"https?://\S+/account/invitation\?\S+")]
    private static partial Regex AcceptLink();

    [GeneratedRegex(@"https?://\S+/account/reset\?\S+")]
    private static partial Regex ResetLink();
}

public sealed class PendingInvitationOnSqliteShould(SqliteServerFixture server) : PendingInvitationShould<SqliteServerFixture>(server);

public sealed class PendingInvitationOnPostgresShould(PostgresServerFixture server) : PendingInvitationShould<PostgresServerFixture>(server);

public sealed class PendingInvitationOnSqlServerShould(SqlServerServerFixture server) : PendingInvitationShould<SqlServerServerFixture>(server.Required());
