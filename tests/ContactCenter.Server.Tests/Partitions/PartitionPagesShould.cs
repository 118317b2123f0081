using System.Net;
using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Tests.Partitions;

/// <summary>The partition pages as an administrator uses them in a browser: add, and delete only after typing the name.</summary>
public abstract class PartitionPagesShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private readonly OidcDriver _oidc = new(server);

    [Fact]
    public async Task AddAPartitionAndDeleteItOnlyAfterTheNameIsTyped()
    {
        var slug = await server.SignUpAsync();
        using var browser = await SignInAsync(TenantApi.Administrator(slug), slug);
        var list = $"/t/{slug}/admin/partitions";

        var (action, fields) = await OidcDriver.ReadFormAsync(browser, list);
        using (var nameless = await browser.PostAsync(action, Form(fields, ("Name", " "), ("Enabled", "true"))))
        {
            Assert.Equal(HttpStatusCode.BadRequest, nameless.StatusCode);
            Assert.Contains("name", PageBrowser.ErrorFields(PageBrowser.Parse(await nameless.Content.ReadAsStringAsync())));
        }

        using (var added = await browser.PostAsync(action, Form(fields, ("Name", "Globex"), ("Description", "BPO client"), ("Enabled", "true"))))
        {
            Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        }

        Assert.NotNull((await PageBrowser.GetDocumentAsync(browser, list)).QuerySelector("tr[data-partition=Globex]"));
        var tenantId = await TenantApi.TenantIdAsync(server, slug);
        var partition = await server.TenantAsync(tenantId, async db =>
        {
            var globex = await db.ClientPartitions.SingleAsync(p => p.Name == "Globex");
            db.Contacts.AddRange(Enumerable.Range(0, 3).Select(i => new Contact { LastName = $"Globex {i}", PartitionId = globex.Id }));
            db.Contacts.Add(new Contact { LastName = "Unpartitioned" });
            await db.SaveChangesAsync();
            return globex.Id;
        });

        var delete = $"/t/{slug}/admin/partitions/{partition}/delete";
        var page = await browser.GetStringAsync(delete);
        Assert.Contains("Are you absolutely sure you want to delete Globex including all contacts, e-mails, activity history belonging to this client?", page, StringComparison.Ordinal);
        var (deleteAction, deleteFields) = await OidcDriver.ReadFormAsync(browser, delete);
        using (var mistyped = await browser.PostAsync(deleteAction, Form(deleteFields, ("Confirm", "globex"))))
        {
            Assert.Equal(HttpStatusCode.BadRequest, mistyped.StatusCode);
            Assert.Contains("confirm", PageBrowser.ErrorFields(PageBrowser.Parse(await mistyped.Content.ReadAsStringAsync())));
        }

        Assert.Equal(4, await server.TenantAsync(tenantId, db => db.Contacts.CountAsync()));
        using (var confirmed = await browser.PostAsync(deleteAction, Form(deleteFields, ("Confirm", "Globex"))))
        {
            Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        }

        Assert.Contains("Deleted Globex: 3 contacts, 0 companies, 0 activity entries.", await browser.GetStringAsync(list), StringComparison.Ordinal);
        Assert.Equal(["Unpartitioned"], await server.TenantAsync(tenantId, db => db.Contacts.Select(c => c.LastName).ToListAsync()));
        Assert.False(await server.TenantAsync(tenantId, db => db.ClientPartitions.AnyAsync()));
    }

    [Fact]
    public async Task EditPropertiesAndAssociationsTogetherOrNotAtAll()
    {
        var slug = await server.SignUpAsync();
        var tenantId = await TenantApi.TenantIdAsync(server, slug);
        var (partition, category) = await server.TenantAsync(tenantId, async db =>
        {
            var initech = new ClientPartition { Name = "Initech" };
            db.ClientPartitions.Add(initech);
            await db.SaveChangesAsync();
            return (initech.Id, await db.Categories.Select(c => c.Id).FirstAsync());
        });
        using var browser = await SignInAsync(TenantApi.Administrator(slug), slug);
        var edit = $"/t/{slug}/admin/partitions/{partition}";
        var (action, fields) = await OidcDriver.ReadFormAsync(browser, edit);

        using (var invalid = await browser.PostAsync(action, Form(fields, ("Name", ""), ("Enabled", "true"), ("CategoryIds", category.ToString()))))
        {
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
            Assert.Contains("name", PageBrowser.ErrorFields(PageBrowser.Parse(await invalid.Content.ReadAsStringAsync())));
        }

        Assert.False(await server.TenantAsync(tenantId, db => db.ClientPartitionCategories.AnyAsync()));
        using (var saved = await browser.PostAsync(action, Form(fields, ("Name", "Initech BPO"), ("Description", "Printers"), ("CategoryIds", category.ToString()))))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
            Assert.NotNull(PageBrowser.Parse(await saved.Content.ReadAsStringAsync()).QuerySelector("[data-saved]"));
        }

        var stored = await server.TenantAsync(tenantId, db => db.ClientPartitions.Include(p => p.Categories).SingleAsync());
        Assert.Equal(("Initech BPO", "Printers", false), (stored.Name, stored.Description, stored.Enabled));
        Assert.Equal([category], stored.Categories.Select(c => c.CategoryId));
    }

    [Fact]
    public async Task RefuseAgents()
    {
        var slug = await server.SignUpAsync();
        using var browser = await SignInAsync(await _oidc.CreatePersonAsync((slug, TenantRole.Agent)), slug);

        using var response = await browser.GetAsync($"/t/{slug}/admin/partitions");

        Assert.True(response.StatusCode is HttpStatusCode.Forbidden || response.Headers.Location?.OriginalString.Contains("denied", StringComparison.OrdinalIgnoreCase) == true,
            $"An agent got {(int)response.StatusCode} {response.Headers.Location}");
    }

    /// <summary>Signs in through the login page and chooses the tenant, as a person does before using its pages.</summary>
    private async Task<HttpClient> SignInAsync(TestPerson person, string slug)
    {
        var browser = _oidc.Browser();
        using var signedIn = await OidcDriver.SignInAsync(browser, "/account/login", person.Email, person.Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        using var chosen = await OidcDriver.ChooseTenantAsync(browser, "/account/tenant", slug);
        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        return browser;
    }

    private static FormUrlEncodedContent Form(Dictionary<string, string> hidden, params (string Name, string Value)[] fields) =>
        new(hidden.Select(f => KeyValuePair.Create(f.Key, f.Value)).Concat(fields.Select(f => KeyValuePair.Create(f.Name, f.Value))));
}

public sealed class PartitionPagesOnSqliteShould(SqliteServerFixture server) : PartitionPagesShould<SqliteServerFixture>(server);

public sealed class PartitionPagesOnPostgresShould(PostgresServerFixture server) : PartitionPagesShould<PostgresServerFixture>(server);

public sealed class PartitionPagesOnSqlServerShould(SqlServerServerFixture server) : PartitionPagesShould<SqlServerServerFixture>(server.Required());
