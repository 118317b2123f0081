using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Tests.Support;

namespace ContactCenter.Server.Tests.RequestRouting;

/// <summary>The routing plan through the API: ordered rules, reordering, the default category, validation and access.</summary>
public abstract class RoutingPlanShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    [Fact]
    public async Task RouteByTheFirstMatchingRuleInTheChosenOrder()
    {
        var slug = await server.SignUpAsync();
        using var admin = await TenantClients.AdministratorAsync(server, slug);
        var general = await DefaultCategoryAsync(admin, slug);
        var billing = await CreateCategoryAsync(admin, slug, "Billing");
        var vip = await CreateCategoryAsync(admin, slug, "VIP");
        var url = $"/t/{slug}/api/routing";

        var byKeyword = await TenantApi.CreateAsync(admin, $"{url}/rules",
            new { condition = "subject-keyword", value = "invoice", categoryId = billing, priority = "high" });
        var byDomain = await TenantApi.CreateAsync(admin, $"{url}/rules",
            new { condition = "sender-domain", value = "bigcustomer.example", categoryId = vip, priority = "urgent" });
        var before = await TryAsync(admin, slug, "ceo@mail.bigcustomer.example", "Invoice 42");
        using var reordered = await admin.PutAsJsonAsync($"{url}/order", new { ruleIds = new[] { byDomain, byKeyword } });
        var after = await TryAsync(admin, slug, "ceo@mail.bigcustomer.example", "Invoice 42");
        var unmatched = await TryAsync(admin, slug, "someone@else.example", "Hello");
        var plan = await admin.GetFromJsonAsync<JsonElement>(url);

        Assert.Equal((billing, "high", (Guid?)byKeyword), before);
        Assert.Equal(HttpStatusCode.OK, reordered.StatusCode);
        Assert.Equal((vip, "urgent", (Guid?)byDomain), after);
        Assert.Equal((general, "normal", (Guid?)null), unmatched);
        Assert.Equal(general, plan.GetProperty("defaultCategoryId").GetGuid());
        Assert.Equal([byDomain, byKeyword], plan.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetGuid()));
        Assert.Equal([0, 1], plan.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("position").GetInt32()));
    }

    [Fact]
    public async Task InsertUpdateAndDeleteRulesKeepingTheOrderDense()
    {
        var slug = await server.SignUpAsync();
        using var admin = await TenantClients.AdministratorAsync(server, slug);
        var general = await DefaultCategoryAsync(admin, slug);
        var url = $"/t/{slug}/api/routing";
        var first = await TenantApi.CreateAsync(admin, $"{url}/rules", new { condition = "recipient", value = "support@tenant.example", categoryId = general });
        var second = await TenantApi.CreateAsync(admin, $"{url}/rules", new { condition = "body-keyword", value = "cancel", categoryId = general });
        await TenantApi.IdOfAsync(await admin.PostAsJsonAsync($"/t/{slug}/api/classifications", new { name = "Complaint" }));
        var top = await TenantApi.CreateAsync(admin, $"{url}/rules", new { condition = "classification", value = "Complaint", categoryId = general, position = 0 });

        using var updated = await admin.PutAsJsonAsync($"{url}/rules/{second}", new { condition = "sender", value = "boss@tenant.example", categoryId = general, priority = "low", enabled = false });
        using var deleted = await admin.DeleteAsync($"{url}/rules/{first}");
        var plan = await admin.GetFromJsonAsync<JsonElement>(url);

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var rules = plan.GetProperty("rules").EnumerateArray().ToList();
        Assert.Equal([top, second], rules.Select(r => r.GetProperty("id").GetGuid()));
        Assert.Equal([0, 1], rules.Select(r => r.GetProperty("position").GetInt32()));
        Assert.Equal("sender", rules[1].GetProperty("condition").GetString());
        Assert.Equal("low", rules[1].GetProperty("priority").GetString());
        Assert.False(rules[1].GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task RefuseInvalidRulesOrdersAndDefaultsFieldByField()
    {
        var slug = await server.SignUpAsync();
        using var admin = await TenantClients.AdministratorAsync(server, slug);
        var general = await DefaultCategoryAsync(admin, slug);
        var url = $"/t/{slug}/api/routing";
        var rule = await TenantApi.CreateAsync(admin, $"{url}/rules", new { condition = "subject-keyword", value = "urgent", categoryId = general });

        var invalidRule = await ErrorsAsync(await admin.PostAsJsonAsync($"{url}/rules",
            new { condition = "moon-phase", value = "full", categoryId = Guid.NewGuid(), priority = "asap", position = 5 }));
        var invalidAddress = await ErrorsAsync(await admin.PostAsJsonAsync($"{url}/rules", new { condition = "sender", value = "not an address", categoryId = general }));
        var invalidDomain = await ErrorsAsync(await admin.PutAsJsonAsync($"{url}/rules/{rule}", new { condition = "sender-domain", value = "no_domain", categoryId = general }));
        var invalidOrder = await ErrorsAsync(await admin.PutAsJsonAsync($"{url}/order", new { ruleIds = new[] { rule, Guid.NewGuid() } }));
        var invalidDefault = await ErrorsAsync(await admin.PutAsJsonAsync($"{url}/default-category", new { categoryId = Guid.NewGuid() }));
        var plan = await admin.GetFromJsonAsync<JsonElement>(url);

        Assert.Equal(["categoryId", "condition", "position", "priority"], invalidRule.Keys.Order());
        Assert.Equal(["value"], invalidAddress.Keys);
        Assert.Equal(["value"], invalidDomain.Keys);
        Assert.Equal(["ruleIds"], invalidOrder.Keys);
        Assert.Equal(["categoryId"], invalidDefault.Keys);
        var only = Assert.Single(plan.GetProperty("rules").EnumerateArray());
        Assert.Equal("subject-keyword", only.GetProperty("condition").GetString());
        Assert.Equal("urgent", only.GetProperty("value").GetString());
        Assert.Equal(general, plan.GetProperty("defaultCategoryId").GetGuid());
    }

    [Fact]
    public async Task MoveTheDefaultCategory()
    {
        var slug = await server.SignUpAsync();
        using var admin = await TenantClients.AdministratorAsync(server, slug);
        var general = await DefaultCategoryAsync(admin, slug);
        var other = await CreateCategoryAsync(admin, slug, "Fallback");

        using var moved = await admin.PutAsJsonAsync($"/t/{slug}/api/routing/default-category", new { categoryId = other });
        var categories = await admin.GetFromJsonAsync<JsonElement>($"/t/{slug}/api/categories");

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal([other], categories.EnumerateArray().Where(c => c.GetProperty("isDefault").GetBoolean()).Select(c => c.GetProperty("id").GetGuid()));
        Assert.NotEqual(general, other);
    }

    [Fact]
    public async Task LetOnlyTheTenantsAdministratorsIn()
    {
        var slug = await server.SignUpAsync();
        var other = await server.SignUpAsync();
        var oidc = new OidcDriver(server);
        using var admin = await TenantClients.AdministratorAsync(server, slug);
        var general = await DefaultCategoryAsync(admin, slug);
        var rule = await TenantApi.CreateAsync(admin, $"/t/{slug}/api/routing/rules", new { condition = "subject-keyword", value = "x", categoryId = general });
        using var agent = await TenantClients.ForAsync(server, await oidc.CreatePersonAsync((slug, TenantRole.Agent)), slug);
        using var supervisor = await TenantClients.ForAsync(server, await oidc.CreatePersonAsync((slug, TenantRole.Supervisor)), slug);
        using var foreignAdmin = await TenantClients.AdministratorAsync(server, other);
        var url = $"/t/{slug}/api/routing";

        foreach (var caller in new[] { agent, supervisor, foreignAdmin })
        {
            using var get = await caller.GetAsync(url);
            using var create = await caller.PostAsJsonAsync($"{url}/rules", new { condition = "subject-keyword", value = "y", categoryId = general });
            using var update = await caller.PutAsJsonAsync($"{url}/rules/{rule}", new { condition = "subject-keyword", value = "y", categoryId = general });
            using var delete = await caller.DeleteAsync($"{url}/rules/{rule}");
            using var order = await caller.PutAsJsonAsync($"{url}/order", new { ruleIds = new[] { rule } });
            using var setDefault = await caller.PutAsJsonAsync($"{url}/default-category", new { categoryId = general });
            using var tryIt = await caller.PostAsJsonAsync($"{url}/try", new { subject = "x" });
            Assert.All([get, create, update, delete, order, setDefault, tryIt], r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        }

        var plan = await admin.GetFromJsonAsync<JsonElement>(url);
        Assert.Equal("x", Assert.Single(plan.GetProperty("rules").EnumerateArray()).GetProperty("value").GetString());
    }

    private static async Task<Guid> DefaultCategoryAsync(HttpClient admin, string slug) =>
        (await admin.GetFromJsonAsync<JsonElement>($"/t/{slug}/api/categories")).EnumerateArray()
            .Single(c => c.GetProperty("isDefault").GetBoolean()).GetProperty("id").GetGuid();

    private static Task<Guid> CreateCategoryAsync(HttpClient admin, string slug, string name) =>
        TenantApi.CreateAsync(admin, $"/t/{slug}/api/categories", new { name });

    private static async Task<(Guid Category, string Priority, Guid? Rule)> TryAsync(HttpClient admin, string slug, string sender, string subject)
    {
        using var response = await admin.PostAsJsonAsync($"/t/{slug}/api/routing/try",
            new { recipients = new[] { "support@tenant.example" }, sender, subject, body = "" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        var rule = result.GetProperty("ruleId");
        return (result.GetProperty("categoryId").GetGuid(), result.GetProperty("priority").GetString()!, rule.ValueKind == JsonValueKind.Null ? null : rule.GetGuid());
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

public sealed class RoutingPlanOnSqlite(SqliteServerFixture server) : RoutingPlanShould<SqliteServerFixture>(server);

public sealed class RoutingPlanOnPostgres(PostgresServerFixture server) : RoutingPlanShould<PostgresServerFixture>(server);

public sealed class RoutingPlanOnSqlServer(SqlServerServerFixture server) : RoutingPlanShould<SqlServerServerFixture>(server.Required());
