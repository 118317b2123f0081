using System.Net;
using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Tests.Crm;

/// <summary>The contact and company pages over HTTP with the sign-in cookie: the API's rules, paging, deletion, tenant isolation.</summary>
public abstract class ContactPagesShould<TFixture>(TFixture server) : IClassFixture<TFixture>
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

        var invalid = await PageBrowser.PostAsync(browser, action,
            PageBrowser.Form(fields, ("lastName", "Doe"), ("email", "not an address"), ("companyId", Guid.NewGuid().ToString())), HttpStatusCode.BadRequest);
        var tampered = await PageBrowser.PostAsync(browser, action,
            PageBrowser.Form(fields, ("lastName", "Doe"), ("partitionId", "no-guid")), HttpStatusCode.BadRequest);
        Assert.Contains("data-error-for=\"email\"", invalid, StringComparison.Ordinal);
        Assert.Contains("data-error-for=\"companyId\"", invalid, StringComparison.Ordinal);
        Assert.Contains("value=\"Doe\"", invalid, StringComparison.Ordinal);
        Assert.Contains("data-error-for=\"partitionId\"", tampered, StringComparison.Ordinal);
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

        var third = await browser.GetStringAsync($"/t/{slug}/contacts?q=miller&p=3");
        using var invalid = await browser.GetAsync($"/t/{slug}/contacts?q=miller&p=0");

        Assert.Contains("45 contacts found", third, StringComparison.Ordinal);
        Assert.Equal(5, third.Split("<tr data-contact=").Length - 1);
        Assert.Contains("Miller 44", third, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"Page 2\"", third, StringComparison.Ordinal);
        Assert.Contains("<span aria-current=\"page\">3</span>", third, StringComparison.Ordinal);
        Assert.DoesNotContain("Jones", third, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("data-error-for=\"q\"", await invalid.Content.ReadAsStringAsync(), StringComparison.Ordinal);
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

        var invalid = await PageBrowser.PostAsync(browser, action, PageBrowser.Form(fields, ("name", " "), ("website", "ftp://acme.example")), HttpStatusCode.BadRequest);
        Assert.Contains("data-error-for=\"name\"", invalid, StringComparison.Ordinal);
        Assert.Contains("data-error-for=\"website\"", invalid, StringComparison.Ordinal);
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
