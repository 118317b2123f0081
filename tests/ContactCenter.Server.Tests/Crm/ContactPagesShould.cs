using System.Net;
using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Tests.Crm;

/// <summary>The contact and company pages over HTTP with the sign-in cookie: the API's rules, paging, deletion, tenant isolation.</summary>
public abstract class ContactPagesShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private readonly OidcDriver _oidc = new(server);

    [Fact]
    public async Task LetAnAgentCreateAndDeleteAContactButSaveNothingInvalid()
    {
        var slug = await server.SignUpAsync();
        var tenantId = await TenantApi.TenantIdAsync(server, slug);
        using var browser = await PageBrowser.SignInAsync(server, await _oidc.CreatePersonAsync((slug, TenantRole.Agent)), slug);
        var (action, fields) = await OidcDriver.ReadFormAsync(browser, $"/t/{slug}/contacts/edit");

        var invalid = await PageBrowser.PostForDocumentAsync(browser, action,
            PageBrowser.Form(fields, ("lastName", "Doe"), ("email", "not an address"), ("companyId", Guid.NewGuid().ToString())), HttpStatusCode.BadRequest);
        var tampered = await PageBrowser.PostForDocumentAsync(browser, action,
            PageBrowser.Form(fields, ("lastName", "Doe"), ("partitionId", "no-guid")), HttpStatusCode.BadRequest);
        Assert.Contains("email", PageBrowser.ErrorFields(invalid));
        Assert.Contains("companyId", PageBrowser.ErrorFields(invalid));
        Assert.Equal("Doe", PageBrowser.FieldValue(invalid, "lastName"));
        Assert.Contains("partitionId", PageBrowser.ErrorFields(tampered));
        Assert.False(await server.TenantAsync(tenantId, db => db.Contacts.AnyAsync()));

        using (var created = await browser.PostAsync(action, PageBrowser.Form(fields, ("salutation", "Ms"), ("firstName", "Jane"), ("lastName", "Doe"),
            ("email", "jane@example.com"), ("phone", "+1 555"), ("companyId", ""), ("partitionId", ""), ("notes", "Prefers mail"))))
        {
            Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        }

        var contact = await server.TenantAsync(tenantId, db => db.Contacts.SingleAsync());
        Assert.Equal(("Ms", "Jane", "Doe", "jane@example.com", "+1 555", "Prefers mail"),
            (contact.Salutation, contact.FirstName, contact.LastName, contact.Email, contact.Phone, contact.Notes));
        Assert.Equal((null, null), (contact.CompanyId, contact.PartitionId));
        var delete = $"/t/{slug}/contacts/{contact.Id}/delete";
        Assert.Contains("delete the contact Ms Jane Doe", await browser.GetStringAsync(delete), StringComparison.Ordinal);
        var (deleteAction, deleteFields) = await OidcDriver.ReadFormAsync(browser, delete);
        await PageBrowser.PostAsync(browser, deleteAction, PageBrowser.Form(deleteFields), HttpStatusCode.Redirect);
        Assert.Contains("Contact Ms Jane Doe deleted.", await browser.GetStringAsync($"/t/{slug}/contacts"), StringComparison.Ordinal);
        Assert.False(await server.TenantAsync(tenantId, db => db.Contacts.AnyAsync()));
    }

    [Fact]
    public async Task ShowTheTotalAndLinkThePagesOfASearch()
    {
        var slug = await server.SignUpAsync();
        var tenantId = await TenantApi.TenantIdAsync(server, slug);
        await server.TenantAsync(tenantId, async db =>
        {
            db.Contacts.AddRange(Enumerable.Range(0, 45).Select(i => new Contact { LastName = $"Miller {i:00}" }));
            db.Contacts.Add(new Contact { LastName = "Jones" });
            return await db.SaveChangesAsync();
        });
        using var browser = await PageBrowser.SignInAsync(server, TenantApi.Administrator(slug), slug);

        var third = await PageBrowser.GetDocumentAsync(browser, $"/t/{slug}/contacts?q=miller&p=3");
        var invalid = await PageBrowser.GetDocumentAsync(browser, $"/t/{slug}/contacts?q=miller&p=0", HttpStatusCode.BadRequest);

        Assert.Contains("45 contacts found", third.Body!.TextContent, StringComparison.Ordinal);
        var rows = third.QuerySelectorAll("tr[data-contact]");
        Assert.Equal(5, rows.Length);
        Assert.Contains(rows, row => row.TextContent.Contains("Miller 44", StringComparison.Ordinal));
        Assert.NotNull(third.QuerySelector("a[aria-label='Page 2']"));
        Assert.Equal("3", Assert.Single(third.QuerySelectorAll("span[aria-current=page]")).TextContent);
        Assert.DoesNotContain("Jones", third.DocumentElement.OuterHtml, StringComparison.Ordinal);
        Assert.Contains("q", PageBrowser.ErrorFields(invalid));
    }

    [Fact]
    public async Task EditACompanyWithTheApisRulesAndKeepItsContactsWhenItGoes()
    {
        var slug = await server.SignUpAsync();
        var tenantId = await TenantApi.TenantIdAsync(server, slug);
        var (company, contact) = await server.TenantAsync(tenantId, async db =>
        {
            var acme = new Company { Name = "Acme" };
            var jane = new Contact { LastName = "Doe", Company = acme };
            db.Contacts.Add(jane);
            await db.SaveChangesAsync();
            return (acme.Id, jane.Id);
        });
        using var browser = await PageBrowser.SignInAsync(server, await _oidc.CreatePersonAsync((slug, TenantRole.Agent)), slug);
        var (action, fields) = await OidcDriver.ReadFormAsync(browser, $"/t/{slug}/companies/edit/{company}");

        var invalid = await PageBrowser.PostForDocumentAsync(browser, action, PageBrowser.Form(fields, ("name", " "), ("website", "ftp://acme.example")), HttpStatusCode.BadRequest);
        Assert.Contains("name", PageBrowser.ErrorFields(invalid));
        Assert.Contains("website", PageBrowser.ErrorFields(invalid));
        Assert.Equal("Acme", await server.TenantAsync(tenantId, db => db.Companies.Select(c => c.Name).SingleAsync()));
        await PageBrowser.PostAsync(browser, action, PageBrowser.Form(fields, ("name", "Acme Ltd"), ("city", "Berlin"), ("website", "https://acme.example")), HttpStatusCode.Redirect);
        var saved = await server.TenantAsync(tenantId, db => db.Companies.SingleAsync());
        Assert.Equal(("Acme Ltd", "Berlin", "https://acme.example"), (saved.Name, saved.City, saved.Website));

        var delete = $"/t/{slug}/companies/{company}/delete";
        Assert.Contains("Its 1 contact stays", await browser.GetStringAsync(delete), StringComparison.Ordinal);
        var (deleteAction, deleteFields) = await OidcDriver.ReadFormAsync(browser, delete);
        await PageBrowser.PostAsync(browser, deleteAction, PageBrowser.Form(deleteFields), HttpStatusCode.Redirect);
        Assert.False(await server.TenantAsync(tenantId, db => db.Companies.AnyAsync()));
        Assert.Null(await server.TenantAsync(tenantId, db => db.Contacts.Where(c => c.Id == contact).Select(c => c.CompanyId).SingleAsync()));
    }

    [Fact]
    public async Task ShowOnlyTheResolvedTenantsData()
    {
        var slug = await server.SignUpAsync();
        var other = await server.SignUpAsync();
        var contact = await server.TenantAsync(await TenantApi.TenantIdAsync(server, slug), async db =>
        {
            var secret = new Contact { LastName = "Secretson" };
            db.Contacts.Add(secret);
            await db.SaveChangesAsync();
            return secret.Id;
        });
        using var stranger = await PageBrowser.SignInAsync(server, TenantApi.Administrator(other), other);

        foreach (var url in new[] { $"/t/{slug}/contacts", $"/t/{slug}/contacts/edit/{contact}", $"/t/{slug}/companies", $"/t/{slug}/contacts/{contact}/delete" })
        {
            using var response = await stranger.GetAsync(url);
            Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, $"{url} answered {(int)response.StatusCode}");
            Assert.DoesNotContain("Secretson", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var ownTenant = await stranger.GetAsync($"/t/{other}/contacts/edit/{contact}");
        Assert.Equal(HttpStatusCode.NotFound, ownTenant.StatusCode);
        Assert.DoesNotContain("Secretson", await stranger.GetStringAsync($"/t/{other}/contacts?q=secret"), StringComparison.Ordinal);
    }
}

public sealed class ContactPagesOnSqliteShould(SqliteServerFixture server) : ContactPagesShould<SqliteServerFixture>(server);

public sealed class ContactPagesOnPostgresShould(PostgresServerFixture server) : ContactPagesShould<PostgresServerFixture>(server);

public sealed class ContactPagesOnSqlServerShould(SqlServerServerFixture server) : ContactPagesShould<SqlServerServerFixture>(server.Required());
