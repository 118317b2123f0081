using System.Net;
using System.Net.Http.Json;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Categories;
using ContactCenter.Server.Partitions;
using ContactCenter.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Tests.Partitions;

/// <summary>Client partitions through the API: the limit, unique names, category associations, who may touch them.</summary>
public abstract class PartitionsShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private readonly OidcDriver _oidc = new(server);

    [Fact]
    public async Task AddPartitionsUpToTheLimitWithUniqueNames()
    {
        var slug = await server.SignUpAsync();
        using var api = await TenantApi.ClientAsync(server, TenantApi.Administrator(slug));
        for (var i = 1; i <= PartitionsFeature.DefaultPartitionLimit; i++)
        {
            using var created = await api.PostAsJsonAsync($"/t/{slug}/api/partitions", new PartitionInput($"Client {i}", $"BPO client {i}", i % 2 == 0));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            if (i == 1)
            {
                using var duplicate = await api.PostAsJsonAsync($"/t/{slug}/api/partitions", new PartitionInput("CLIENT 1", null, null));
                Assert.Equal("Partition exists", (await TenantApi.JsonAsync(duplicate, HttpStatusCode.Conflict)).GetProperty("title").GetString());
                using var nameless = await api.PostAsJsonAsync($"/t/{slug}/api/partitions", new PartitionInput("  ", new string('d', 2001), null));
                Assert.Equal(["description", "name"], (await TenantApi.FieldErrorsAsync(nameless)).Keys.Order());
            }
        }

        using var beyond = await api.PostAsJsonAsync($"/t/{slug}/api/partitions", new PartitionInput("Client 11", null, null));
        var problem = await TenantApi.JsonAsync(beyond, HttpStatusCode.Conflict);
        var list = await api.GetFromJsonAsync<PartitionList>($"/t/{slug}/api/partitions");

        Assert.Equal("Partition limit reached", problem.GetProperty("title").GetString());
        Assert.Contains("at most 10", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(10, list!.Limit);
        Assert.Equal(10, list.Items.Count);
        Assert.DoesNotContain(list.Items, p => p.Name == "Client 11");
        Assert.True(list.Items.Single(p => p.Name == "Client 2").Enabled);
        Assert.False(list.Items.Single(p => p.Name == "Client 3").Enabled);
    }

    [Fact]
    public async Task RenameAndDisableAPartitionWithAnAuditTrail()
    {
        var slug = await server.SignUpAsync();
        using var api = await TenantApi.ClientAsync(server, TenantApi.Administrator(slug));
        var first = await CreateAsync(api, slug, "Northwind");
        await CreateAsync(api, slug, "Contoso");

        using var renamed = await api.PutAsJsonAsync($"/t/{slug}/api/partitions/{first}", new PartitionInput("Northwind Traders", "Retail", false));
        using var clash = await api.PutAsJsonAsync($"/t/{slug}/api/partitions/{first}", new PartitionInput("contoso", null, null));
        using var invalid = await api.PutAsJsonAsync($"/t/{slug}/api/partitions/{first}", new PartitionInput(null, null, true));
        using var missing = await api.PutAsJsonAsync($"/t/{slug}/api/partitions/{Guid.NewGuid()}", new PartitionInput("X", null, null));

        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, clash.StatusCode);
        Assert.Equal(["name"], (await TenantApi.FieldErrorsAsync(invalid)).Keys);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var partition = await api.GetFromJsonAsync<PartitionItem>($"/t/{slug}/api/partitions/{first}");
        Assert.Equal(new PartitionItem(first, "Northwind Traders", "Retail", false), partition);
        var audit = await server.TenantAsync(await TenantApi.TenantIdAsync(server, slug), db =>
            db.AuditEntries.Where(a => a.EntityId == first && a.Field == "Name").SingleAsync());
        Assert.Equal(("Northwind", "Northwind Traders", $"admin@{slug}.example"), (audit.OldValue, audit.NewValue, audit.Actor));
    }

    [Fact]
    public async Task AssociateCategoriesWithAPartition()
    {
        var slug = await server.SignUpAsync();
        using var api = await TenantApi.ClientAsync(server, TenantApi.Administrator(slug));
        var partition = await CreateAsync(api, slug, "Fabrikam");
        using (var created = await api.PostAsJsonAsync($"/t/{slug}/api/categories", new NewCategory("Fabrikam orders", null, null)))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var categories = (await api.GetFromJsonAsync<List<CategoryItem>>($"/t/{slug}/api/categories"))!;
        var orders = categories.Single(c => c.Name == "Fabrikam orders").Id;
        var other = categories.First(c => c.Id != orders).Id;

        using (var set = await api.PutAsJsonAsync($"/t/{slug}/api/partitions/{partition}/categories", new PartitionCategories([orders, other, orders])))
        {
            Assert.Equal(2, (await TenantApi.JsonAsync(set, HttpStatusCode.OK)).GetArrayLength());
        }

        using (var narrowed = await api.PutAsJsonAsync($"/t/{slug}/api/partitions/{partition}/categories", new PartitionCategories([orders])))
        {
            Assert.Equal(HttpStatusCode.OK, narrowed.StatusCode);
        }

        using var unknown = await api.PutAsJsonAsync($"/t/{slug}/api/partitions/{partition}/categories", new PartitionCategories([other, Guid.NewGuid()]));
        Assert.Equal(["categoryIds"], (await TenantApi.FieldErrorsAsync(unknown)).Keys);
        var associated = await api.GetFromJsonAsync<List<AssociatedCategory>>($"/t/{slug}/api/partitions/{partition}/categories");
        Assert.Equal([new AssociatedCategory(orders, "Fabrikam orders")], associated);
    }

    [Fact]
    public async Task RefuseAgentsSupervisorsAndOtherTenants()
    {
        var slug = await server.SignUpAsync();
        var other = await server.SignUpAsync();
        using var administrator = await TenantApi.ClientAsync(server, TenantApi.Administrator(slug));
        var partition = await CreateAsync(administrator, slug, "Adatum");
        using var agent = await TenantApi.ClientAsync(server, await _oidc.CreatePersonAsync((slug, TenantRole.Agent)));
        using var supervisor = await TenantApi.ClientAsync(server, await _oidc.CreatePersonAsync((slug, TenantRole.Supervisor)));
        using var stranger = await TenantApi.ClientAsync(server, TenantApi.Administrator(other));

        foreach (var caller in new[] { agent, supervisor, stranger })
        {
            foreach (var request in new Func<Task<HttpResponseMessage>>[]
            {
                () => caller.GetAsync($"/t/{slug}/api/partitions"),
                () => caller.GetAsync($"/t/{slug}/api/partitions/{partition}"),
                () => caller.PostAsJsonAsync($"/t/{slug}/api/partitions", new PartitionInput("Evil", null, null)),
                () => caller.PutAsJsonAsync($"/t/{slug}/api/partitions/{partition}", new PartitionInput("Evil", null, null)),
                () => caller.GetAsync($"/t/{slug}/api/partitions/{partition}/categories"),
                () => caller.PutAsJsonAsync($"/t/{slug}/api/partitions/{partition}/categories", new PartitionCategories([])),
                () => caller.DeleteAsync($"/t/{slug}/api/partitions/{partition}?confirm=Adatum"),
            })
            {
                using var response = await request();
                Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            }
        }

        var list = await administrator.GetFromJsonAsync<PartitionList>($"/t/{slug}/api/partitions");
        Assert.Equal([new PartitionItem(partition, "Adatum", null, true)], list!.Items);
    }

    [Fact]
    public async Task DeleteOnlyWhenTheExactNameIsTyped()
    {
        var slug = await server.SignUpAsync();
        using var api = await TenantApi.ClientAsync(server, TenantApi.Administrator(slug));
        var partition = await CreateAsync(api, slug, "Litware");

        using var unconfirmed = await api.DeleteAsync($"/t/{slug}/api/partitions/{partition}");
        using var wrongCase = await api.DeleteAsync($"/t/{slug}/api/partitions/{partition}?confirm=litware");
        using var missing = await api.DeleteAsync($"/t/{slug}/api/partitions/{Guid.NewGuid()}?confirm=Litware");

        var problem = await TenantApi.JsonAsync(unconfirmed, HttpStatusCode.BadRequest);
        Assert.Equal(
            "Are you absolutely sure you want to delete Litware including all contacts, e-mails, activity history belonging to this client?",
            problem.GetProperty("detail").GetString());
        Assert.Equal(["confirm"], (await TenantApi.FieldErrorsAsync(wrongCase)).Keys);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var stillThere = await api.GetAsync($"/t/{slug}/api/partitions/{partition}");
        Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);
    }

    internal static async Task<Guid> CreateAsync(HttpClient api, string slug, string name)
    {
        using var created = await api.PostAsJsonAsync($"/t/{slug}/api/partitions", new PartitionInput(name, null, null));
        return (await TenantApi.JsonAsync(created, HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }
}

public sealed class PartitionsOnSqliteShould(SqliteServerFixture server) : PartitionsShould<SqliteServerFixture>(server);

public sealed class PartitionsOnPostgresShould(PostgresServerFixture server) : PartitionsShould<PostgresServerFixture>(server);

public sealed class PartitionsOnSqlServerShould(SqlServerServerFixture server) : PartitionsShould<SqlServerServerFixture>(server.Required());
