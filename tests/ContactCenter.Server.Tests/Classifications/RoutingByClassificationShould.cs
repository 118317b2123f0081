using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Tests.Support;

namespace ContactCenter.Server.Tests.Classifications;

/// <summary>Routing rules on a classification link the classification itself; a classification in use stays.</summary>
public abstract class RoutingByClassificationShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private readonly TenantTokens _tokens = new(server);

    [Fact]
    public async Task LinkRulesToExistingClassificationsAndRouteByTheLinkAfterARename()
    {
        var slug = await server.SignUpAsync();
        using var admin = await _tokens.AdministratorAsync(slug);
        var general = await DefaultCategoryAsync(admin);
        var billing = await TenantApi.IdOfAsync(await admin.PostAsJsonAsync("api/categories", new { name = "Billing" }));
        var complaint = await TenantApi.IdOfAsync(await admin.PostAsJsonAsync("api/classifications", new { name = "Complaint" }));
        var praise = await TenantApi.IdOfAsync(await admin.PostAsJsonAsync("api/classifications", new { name = "Praise" }));

        var byId = await RuleAsync(admin, new { condition = "classification", classificationId = complaint, categoryId = billing, priority = "high" });
        var byName = await RuleAsync(admin, new { condition = "classification", value = "praise", categoryId = general });
        var unknownId = await ErrorsAsync(await admin.PostAsJsonAsync("api/routing/rules", new { condition = "classification", classificationId = Guid.NewGuid(), categoryId = billing }));
        var unknownName = await ErrorsAsync(await admin.PostAsJsonAsync("api/routing/rules", new { condition = "classification", value = "Fraud", categoryId = billing }));
        var none = await ErrorsAsync(await admin.PutAsJsonAsync($"api/routing/rules/{byName.GetProperty("id").GetGuid()}", new { condition = "classification", categoryId = billing }));
        using (var renamed = await admin.PutAsJsonAsync($"api/classifications/{complaint}", new { name = "Grievance" }))
        {
            Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        }

        var routedById = await TryAsync(admin, new { classificationIds = new[] { complaint } });
        var routedByNewName = await TryAsync(admin, new { classifications = new[] { "grievance" } });
        var oldName = await TryAsync(admin, new { classifications = new[] { "Complaint" } });
        var rules = (await admin.GetFromJsonAsync<JsonElement>("api/routing")).GetProperty("rules").EnumerateArray().ToList();

        Assert.Equal(complaint, byId.GetProperty("classificationId").GetGuid());
        Assert.Equal("Complaint", byId.GetProperty("value").GetString());
        Assert.Equal(praise, byName.GetProperty("classificationId").GetGuid());
        Assert.Equal("Praise", byName.GetProperty("value").GetString());
        Assert.Equal(["classificationId"], unknownId.Keys);
        Assert.Equal(["classificationId"], unknownName.Keys);
        Assert.Equal(["classificationId"], none.Keys);
        Assert.Equal((billing, "high"), routedById);
        Assert.Equal((billing, "high"), routedByNewName);
        Assert.Equal((general, "normal"), oldName);
        Assert.Equal([complaint, praise], rules.Select(r => r.GetProperty("classificationId").GetGuid()));
        Assert.Equal(["Grievance", "Praise"], rules.Select(r => r.GetProperty("value").GetString()));
    }

    [Fact]
    public async Task RefuseToDeleteAClassificationARuleRoutesBy()
    {
        var slug = await server.SignUpAsync();
        var other = await server.SignUpAsync();
        using var admin = await _tokens.AdministratorAsync(slug);
        var billing = await TenantApi.IdOfAsync(await admin.PostAsJsonAsync("api/categories", new { name = "Billing" }));
        var complaint = await TenantApi.IdOfAsync(await admin.PostAsJsonAsync("api/classifications", new { name = "Complaint" }));
        await RuleAsync(admin, new { condition = "subject-keyword", value = "invoice", categoryId = billing });
        var rule = (await RuleAsync(admin, new { condition = "classification", classificationId = complaint, categoryId = billing })).GetProperty("id").GetGuid();
        using var asAgent = await _tokens.ClientForAsync(await _tokens.Oidc.CreatePersonAsync((slug, TenantRole.Agent)), slug);
        using var asSupervisor = await _tokens.ClientForAsync(await _tokens.Oidc.CreatePersonAsync((slug, TenantRole.Supervisor)), slug);
        using var otherAdmin = await _tokens.AdministratorAsync(other);

        using var byAgent = await asAgent.DeleteAsync($"api/classifications/{complaint}");
        using var bySupervisor = await asSupervisor.DeleteAsync($"api/classifications/{complaint}");
        using var byOtherTenant = await otherAdmin.DeleteAsync($"/t/{slug}/api/classifications/{complaint}");
        using var inUse = await admin.DeleteAsync($"api/classifications/{complaint}");
        var problem = await inUse.Content.ReadFromJsonAsync<JsonElement>();
        var stillThere = (await admin.GetFromJsonAsync<JsonElement>("api/classifications")).EnumerateArray().Count();
        using (var ruleDeleted = await admin.DeleteAsync($"api/routing/rules/{rule}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, ruleDeleted.StatusCode);
        }

        using var free = await admin.DeleteAsync($"api/classifications/{complaint}");

        Assert.All([byAgent, bySupervisor, byOtherTenant], r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        Assert.Equal(HttpStatusCode.Conflict, inUse.StatusCode);
        Assert.Contains("#2 (to Billing)", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, stillThere);
        Assert.Equal(HttpStatusCode.NoContent, free.StatusCode);
        Assert.Empty((await admin.GetFromJsonAsync<JsonElement>("api/classifications")).EnumerateArray());
    }

    private static async Task<Guid> DefaultCategoryAsync(HttpClient admin) =>
        (await admin.GetFromJsonAsync<JsonElement>("api/categories")).EnumerateArray()
            .Single(c => c.GetProperty("isDefault").GetBoolean()).GetProperty("id").GetGuid();

    private static async Task<JsonElement> RuleAsync(HttpClient admin, object body)
    {
        using var response = await admin.PostAsJsonAsync("api/routing/rules", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<(Guid Category, string Priority)> TryAsync(HttpClient admin, object body)
    {
        using var response = await admin.PostAsJsonAsync("api/routing/try", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (result.GetProperty("categoryId").GetGuid(), result.GetProperty("priority").GetString()!);
    }

    private static async Task<Dictionary<string, string[]>> ErrorsAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!;
        }
    }
}

public sealed class RoutingByClassificationOnSqlite(SqliteServerFixture server) : RoutingByClassificationShould<SqliteServerFixture>(server);

public sealed class RoutingByClassificationOnPostgres(PostgresServerFixture server) : RoutingByClassificationShould<PostgresServerFixture>(server);

public sealed class RoutingByClassificationOnSqlServer(SqlServerServerFixture server) : RoutingByClassificationShould<SqlServerServerFixture>(server.Required());
