using System.Net;
using System.Net.Http.Json;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Crm;
using ContactCenter.Server.Partitions;
using ContactCenter.Server.Tests.Partitions;
using ContactCenter.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace ContactCenter.Server.Tests.Crm;

/// <summary>Contacts and companies through the API, as an agent works with them.</summary>
public abstract class ContactsShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private readonly OidcDriver _oidc = new(server);

    [Fact]
    public async Task LetAnAgentCreateEditFindAndDeleteContacts()
    {
        var slug = await server.SignUpAsync();
        var agent = await _oidc.CreatePersonAsync((slug, TenantRole.Agent));
        using var api = await TenantApi.ClientAsync(server, agent);

        using var companyCreated = await api.PostAsJsonAsync($"/t/{slug}/api/companies",
            new CompanyInput("Acme Ltd", "1 Road", null, "12345", "Berlin", "DE", "+49 30 1", "info@acme.example", "https://acme.example", null));
        var company = (await TenantApi.JsonAsync(companyCreated, HttpStatusCode.Created)).GetProperty("id").GetGuid();
        using var created = await api.PostAsJsonAsync($"/t/{slug}/api/contacts",
            new ContactInput("Ms", "Jane", "Smith", "jane@acme.example", null, company, null, "VIP"));
        var id = (await TenantApi.JsonAsync(created, HttpStatusCode.Created)).GetProperty("id").GetGuid();
        using (var second = await api.PostAsJsonAsync($"/t/{slug}/api/contacts", new ContactInput(null, "Tom", "Smithers", null, null, null, null, null)))
        {
            Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        }

        using (var third = await api.PostAsJsonAsync($"/t/{slug}/api/contacts", new ContactInput(null, null, null, "SMITH@other.example", null, null, null, null)))
        {
            Assert.Equal(HttpStatusCode.Created, third.StatusCode);
        }

        using (var unrelated = await api.PostAsJsonAsync($"/t/{slug}/api/contacts", new ContactInput(null, "Ann", "Jones", null, null, null, null, null)))
        {
            Assert.Equal(HttpStatusCode.Created, unrelated.StatusCode);
        }

        using (var edited = await api.PutAsJsonAsync($"/t/{slug}/api/contacts/{id}",
            new ContactInput("Dr", "Jane", "Smith", "jane.smith@acme.example", "+49 30 2", company, null, "VIP")))
        {
            Assert.Equal("+49 30 2", (await TenantApi.JsonAsync(edited, HttpStatusCode.OK)).GetProperty("phone").GetString());
        }

        var firstPage = await api.GetFromJsonAsync<ResultPage<ContactItem>>($"/t/{slug}/api/contacts?q=sMiTh&pageSize=2");
        var secondPage = await api.GetFromJsonAsync<ResultPage<ContactItem>>($"/t/{slug}/api/contacts?q=smith&pageSize=2&page=2");
        var byCompany = await api.GetFromJsonAsync<ResultPage<ContactItem>>($"/t/{slug}/api/contacts?companyId={company}");
        var companies = await api.GetFromJsonAsync<ResultPage<CompanyItem>>($"/t/{slug}/api/companies?q=ACME");
        var fetched = await api.GetFromJsonAsync<ContactItem>($"/t/{slug}/api/contacts/{id}");

        Assert.Equal(3, firstPage!.Total);
        Assert.Equal(2, firstPage.Items.Count);
        Assert.Single(secondPage!.Items);
        Assert.DoesNotContain(firstPage.Items.Concat(secondPage.Items), c => c.LastName == "Jones");
        Assert.Equal(id, Assert.Single(byCompany!.Items).Id);
        Assert.Equal("Acme Ltd", Assert.Single(companies!.Items).Name);
        Assert.Equal(("Dr", "jane.smith@acme.example"), (fetched!.Salutation, fetched.Email));
        var audited = await server.TenantAsync(await TenantApi.TenantIdAsync(server, slug), db =>
            db.AuditEntries.Where(a => a.EntityId == id && a.Field == "Email").SingleAsync());
        Assert.Equal(("jane@acme.example", "jane.smith@acme.example", agent.Email), (audited.OldValue, audited.NewValue, audited.Actor));

        using (var deletedCompany = await api.DeleteAsync($"/t/{slug}/api/companies/{company}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deletedCompany.StatusCode);
        }

        Assert.Null((await api.GetFromJsonAsync<ContactItem>($"/t/{slug}/api/contacts/{id}"))!.CompanyId);
        using (var deleted = await api.DeleteAsync($"/t/{slug}/api/contacts/{id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using var gone = await api.GetAsync($"/t/{slug}/api/contacts/{id}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task FindContactsByTheNameOfTheirCompany()
    {
        var slug = await server.SignUpAsync();
        using var api = await TenantApi.ClientAsync(server, await _oidc.CreatePersonAsync((slug, TenantRole.Agent)));
        using var companyCreated = await api.PostAsJsonAsync($"/t/{slug}/api/companies",
            new CompanyInput("Globex Corporation", null, null, null, null, null, null, null, null, null));
        var company = (await TenantApi.JsonAsync(companyCreated, HttpStatusCode.Created)).GetProperty("id").GetGuid();
        foreach (var contact in new[]
        {
            new ContactInput(null, "Hank", "Scorpio", null, null, company, null, null),
            new ContactInput(null, "Homer", "Simpson", null, null, null, null, null),
            new ContactInput(null, "Frank", "Globexson", null, null, null, null, null),
        })
        {
            using var created = await api.PostAsJsonAsync($"/t/{slug}/api/contacts", contact);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var found = await api.GetFromJsonAsync<ResultPage<ContactItem>>($"/t/{slug}/api/contacts?q=GLOBEX");
        var byCompanyOnly = await api.GetFromJsonAsync<ResultPage<ContactItem>>($"/t/{slug}/api/contacts?q=corporation");

        Assert.Equal(["Globexson", "Scorpio"], found!.Items.Select(c => c.LastName));
        Assert.Equal("Scorpio", Assert.Single(byCompanyOnly!.Items).LastName);
    }

    [Fact]
    public async Task RefuseInvalidInputWithPerFieldErrorsAndChangeNothing()
    {
        var slug = await server.SignUpAsync();
        using var api = await TenantApi.ClientAsync(server, TenantApi.Administrator(slug));
        using var valid = await api.PostAsJsonAsync($"/t/{slug}/api/contacts", new ContactInput(null, "Jane", "Doe", "jane@example.com", null, null, null, null));
        var id = (await TenantApi.JsonAsync(valid, HttpStatusCode.Created)).GetProperty("id").GetGuid();

        using var badContact = await api.PostAsJsonAsync($"/t/{slug}/api/contacts",
            new ContactInput(null, new string('x', 101), "Doe", "not an address", null, Guid.NewGuid(), Guid.NewGuid(), null));
        using var nameless = await api.PostAsJsonAsync($"/t/{slug}/api/contacts", new ContactInput("Mr", "John", " ", null, null, null, null, null));
        using var badEdit = await api.PutAsJsonAsync($"/t/{slug}/api/contacts/{id}", new ContactInput(null, "Janet", "Doe", "jane@@example.com", null, null, null, null));
        using var badCompany = await api.PostAsJsonAsync($"/t/{slug}/api/companies",
            new CompanyInput("", null, null, null, null, null, null, "x@", "ftp://acme.example", null));
        using var badPaging = await api.GetAsync($"/t/{slug}/api/contacts?page=0&pageSize=1000");

        Assert.Equal(["companyId", "email", "firstName", "partitionId"], (await TenantApi.FieldErrorsAsync(badContact)).Keys.Order());
        Assert.Equal(["lastName"], (await TenantApi.FieldErrorsAsync(nameless)).Keys);
        Assert.Equal(["email"], (await TenantApi.FieldErrorsAsync(badEdit)).Keys);
        Assert.Equal(["email", "name", "website"], (await TenantApi.FieldErrorsAsync(badCompany)).Keys.Order());
        Assert.Equal(["page", "pageSize"], (await TenantApi.FieldErrorsAsync(badPaging)).Keys.Order());
        var contacts = await api.GetFromJsonAsync<ResultPage<ContactItem>>($"/t/{slug}/api/contacts");
        var contact = Assert.Single(contacts!.Items);
        Assert.Equal(("Jane", "jane@example.com"), (contact.FirstName, contact.Email));
        Assert.Equal(0, (await api.GetFromJsonAsync<ResultPage<CompanyItem>>($"/t/{slug}/api/companies"))!.Total);
    }

    [Fact]
    public async Task OfferAgentsOnlyEnabledPartitions()
    {
        var slug = await server.SignUpAsync();
        using var administrator = await TenantApi.ClientAsync(server, TenantApi.Administrator(slug));
        var enabled = await PartitionsShould<TFixture>.CreateAsync(administrator, slug, "Enabled client");
        var disabled = await PartitionsShould<TFixture>.CreateAsync(administrator, slug, "Disabled client");
        using (var disabling = await administrator.PutAsJsonAsync($"/t/{slug}/api/partitions/{disabled}", new PartitionInput("Disabled client", null, false)))
        {
            Assert.Equal(HttpStatusCode.OK, disabling.StatusCode);
        }

        using var agent = await TenantApi.ClientAsync(server, await _oidc.CreatePersonAsync((slug, TenantRole.Agent)));

        var choices = await agent.GetFromJsonAsync<List<PartitionChoice>>($"/t/{slug}/api/contacts/partitions");
        using var intoDisabled = await agent.PostAsJsonAsync($"/t/{slug}/api/contacts", new ContactInput(null, null, "Doe", null, null, null, disabled, null));
        using var intoEnabled = await agent.PostAsJsonAsync($"/t/{slug}/api/contacts", new ContactInput(null, null, "Roe", null, null, null, enabled, null));

        Assert.Equal([new PartitionChoice(enabled, "Enabled client")], choices);
        Assert.Equal(["partitionId"], (await TenantApi.FieldErrorsAsync(intoDisabled)).Keys);
        var id = (await TenantApi.JsonAsync(intoEnabled, HttpStatusCode.Created)).GetProperty("id").GetGuid();
        using (var disablingLater = await administrator.PutAsJsonAsync($"/t/{slug}/api/partitions/{enabled}", new PartitionInput("Enabled client", null, false)))
        {
            Assert.Equal(HttpStatusCode.OK, disablingLater.StatusCode);
        }

        using var keeping = await agent.PutAsJsonAsync($"/t/{slug}/api/contacts/{id}", new ContactInput(null, "Richard", "Roe", null, null, null, enabled, null));
        Assert.Equal(enabled, (await TenantApi.JsonAsync(keeping, HttpStatusCode.OK)).GetProperty("partitionId").GetGuid());
    }

    [Fact]
    public async Task RefuseTokensOfAnotherTenant()
    {
        var slug = await server.SignUpAsync();
        var other = await server.SignUpAsync();
        using var own = await TenantApi.ClientAsync(server, TenantApi.Administrator(slug));
        using var created = await own.PostAsJsonAsync($"/t/{slug}/api/contacts", new ContactInput(null, null, "Doe", null, null, null, null, null));
        var id = (await TenantApi.JsonAsync(created, HttpStatusCode.Created)).GetProperty("id").GetGuid();
        using var stranger = await TenantApi.ClientAsync(server, TenantApi.Administrator(other));

        foreach (var request in new Func<Task<HttpResponseMessage>>[]
        {
            () => stranger.GetAsync($"/t/{slug}/api/contacts"),
            () => stranger.GetAsync($"/t/{slug}/api/contacts/{id}"),
            () => stranger.PostAsJsonAsync($"/t/{slug}/api/contacts", new ContactInput(null, null, "Evil", null, null, null, null, null)),
            () => stranger.PutAsJsonAsync($"/t/{slug}/api/contacts/{id}", new ContactInput(null, null, "Evil", null, null, null, null, null)),
            () => stranger.DeleteAsync($"/t/{slug}/api/contacts/{id}"),
            () => stranger.GetAsync($"/t/{slug}/api/contacts/partitions"),
            () => stranger.GetAsync($"/t/{slug}/api/companies"),
            () => stranger.PostAsJsonAsync($"/t/{slug}/api/companies", new CompanyInput("Evil", null, null, null, null, null, null, null, null, null)),
        })
        {
            using var response = await request();
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        Assert.Equal("Doe", (await own.GetFromJsonAsync<ContactItem>($"/t/{slug}/api/contacts/{id}"))!.LastName);
        Assert.Equal(0, (await own.GetFromJsonAsync<ResultPage<CompanyItem>>($"/t/{slug}/api/companies"))!.Total);
    }
}

public sealed class ContactsOnSqliteShould(SqliteServerFixture server) : ContactsShould<SqliteServerFixture>(server);

public sealed class ContactsOnPostgresShould(PostgresServerFixture server) : ContactsShould<PostgresServerFixture>(server);

public sealed class ContactsOnSqlServerShould(SqlServerServerFixture server) : ContactsShould<SqlServerServerFixture>(server.Required());

/// <summary>Reading <c>Tenancy:PartitionLimit</c>.</summary>
public sealed class PartitionLimitShould
{
    [Theory]
    [InlineData(null, PartitionsFeature.DefaultPartitionLimit)]
    [InlineData("", PartitionsFeature.DefaultPartitionLimit)]
    [InlineData("3", 3)]
    [InlineData("0", 0)]
    public void ComeFromConfigurationWithADefault(string? configured, int expected)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Tenancy:PartitionLimit"] = configured }).Build();

        Assert.Equal(expected, PartitionsFeature.PartitionLimit(configuration));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("ten")]
    public void RefuseANonsensicalLimit(string configured)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Tenancy:PartitionLimit"] = configured }).Build();

        var refused = Assert.Throws<InvalidOperationException>(() => PartitionsFeature.PartitionLimit(configuration));
        Assert.Contains($"'{configured}'", refused.Message, StringComparison.Ordinal);
    }
}
