using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContactCenter.Server.Identity;
using ContactCenter.Server.Tests.Support;

namespace ContactCenter.Server.Tests.Identity;

/// <summary>A tenant's API clients: created by its administrators (API, page, CLI), acting in that tenant with their role and nothing else.</summary>
public abstract class ApiClientsShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private readonly OidcDriver _oidc = new(server);

    [Fact]
    public async Task CreateListAndRemoveClientsThatActWithTheirRoleOnly()
    {
        var tenant = await server.SignUpAsync();
        var other = await server.SignUpAsync();
        using var administrator = await TenantClients.AdministratorAsync(server, tenant);

        using var created = await administrator.PostAsJsonAsync($"/t/{tenant}/api/tenant/clients", new { clientId = $"crm-{tenant}", name = "CRM sync", role = "agent" });
        var agent = await created.Content.ReadFromJsonAsync<JsonElement>();
        using var adminCreated = await administrator.PostAsJsonAsync($"/t/{tenant}/api/tenant/clients", new { clientId = $"ops-{tenant}", name = "Ops", role = "tenant_administrator" });
        var admin = await adminCreated.Content.ReadFromJsonAsync<JsonElement>();
        var listed = await administrator.GetFromJsonAsync<JsonElement>($"/t/{tenant}/api/tenant/clients");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("agent", agent.GetProperty("role").GetString());
        Assert.True(agent.GetProperty("secret").GetString()!.Length >= 43);
        Assert.Equal([$"crm-{tenant}", $"ops-{tenant}"], listed.EnumerateArray().Select(c => c.GetProperty("clientId").GetString()));
        Assert.All(listed.EnumerateArray(), c => Assert.False(c.TryGetProperty("secret", out _)));

        using var agentApi = _oidc.ApiClient(await ClientCredentialsAsync($"crm-{tenant}", agent.GetProperty("secret").GetString()!));
        using var adminApi = _oidc.ApiClient(await ClientCredentialsAsync($"ops-{tenant}", admin.GetProperty("secret").GetString()!));
        using var agentReads = await agentApi.GetAsync($"/t/{tenant}/api/categories");
        using var agentAdministers = await agentApi.GetAsync($"/t/{tenant}/api/escalation-partners");
        using var agentCreatesClient = await agentApi.PostAsJsonAsync($"/t/{tenant}/api/tenant/clients", new { clientId = $"x-{tenant}", role = "tenant_administrator" });
        using var agentElsewhere = await agentApi.GetAsync($"/t/{other}/api/categories");
        using var adminAdministers = await adminApi.GetAsync($"/t/{tenant}/api/escalation-partners");
        using var adminElsewhere = await adminApi.GetAsync($"/t/{other}/api/escalation-partners");
        using var platform = await adminApi.GetAsync("/api/platform/clients");

        Assert.Equal(HttpStatusCode.OK, agentReads.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, agentAdministers.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, agentCreatesClient.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, agentElsewhere.StatusCode);
        Assert.Equal(HttpStatusCode.OK, adminAdministers.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, adminElsewhere.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, platform.StatusCode);

        using var foreignRemoval = await (await TenantClients.AdministratorAsync(server, other)).DeleteAsync($"/t/{other}/api/tenant/clients/crm-{tenant}");
        using var removed = await administrator.DeleteAsync($"/t/{tenant}/api/tenant/clients/crm-{tenant}");
        using var afterRemoval = await agentApi.GetAsync($"/t/{tenant}/api/categories");
        using var newToken = await _oidc.TokenRequestAsync(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = "api" },
            ($"crm-{tenant}", agent.GetProperty("secret").GetString()!));

        Assert.Equal(HttpStatusCode.NotFound, foreignRemoval.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterRemoval.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, newToken.StatusCode);
    }

    [Fact]
    public async Task RefuseAnUnknownRoleAndATakenClientId()
    {
        var tenant = await server.SignUpAsync();
        using var administrator = await TenantClients.AdministratorAsync(server, tenant);

        using var unknownRole = await administrator.PostAsJsonAsync($"/t/{tenant}/api/tenant/clients", new { clientId = $"a-{tenant}", role = "platform_operator" });
        using var noRole = await administrator.PostAsJsonAsync($"/t/{tenant}/api/tenant/clients", new { clientId = $"a-{tenant}" });
        using var first = await administrator.PostAsJsonAsync($"/t/{tenant}/api/tenant/clients", new { clientId = $"a-{tenant}", role = "supervisor" });
        using var taken = await administrator.PostAsJsonAsync($"/t/{tenant}/api/tenant/clients", new { clientId = $"a-{tenant}", role = "agent" });

        Assert.Equal(HttpStatusCode.BadRequest, unknownRole.StatusCode);
        Assert.True((await unknownRole.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("role", out _));
        Assert.Equal(HttpStatusCode.BadRequest, noRole.StatusCode);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Equal("application/problem+json", taken.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task LetTheCommandCreateAClientWithACustomRole()
    {
        var tenant = await server.SignUpAsync();
        using var administrator = await TenantClients.AdministratorAsync(server, tenant);
        using var role = await administrator.PostAsJsonAsync($"/t/{tenant}/api/roles", new { name = "Reporting", description = "Reads", permissions = Array.Empty<string>() });
        Assert.True(role.IsSuccessStatusCode, await role.Content.ReadAsStringAsync());
        using var output = new StringWriter();
        using var error = new StringWriter();

        var added = await ClientsFeature.RunCommandAsync(server.Services, ["add", "--client-id", $"rep-{tenant}", "--tenant", tenant, "--role", "Reporting",
            "--grant", "client_credentials", "--scope", "api", "--generate-secret"], output, error, CancellationToken.None);
        var refused = await ClientsFeature.RunCommandAsync(server.Services, ["add", "--client-id", $"bad-{tenant}", "--tenant", tenant, "--role", "Nobody",
            "--grant", "client_credentials", "--scope", "api", "--generate-secret"], output, error, CancellationToken.None);
        var secret = output.ToString().Split('\n').Single(l => l.StartsWith("secret (shown once): ", StringComparison.Ordinal))["secret (shown once): ".Length..].Trim();
        using var api = _oidc.ApiClient(await ClientCredentialsAsync($"rep-{tenant}", secret));
        using var categories = await api.GetAsync($"/t/{tenant}/api/categories");
        using var administration = await api.GetAsync($"/t/{tenant}/api/escalation-partners");

        Assert.Equal(0, added);
        Assert.Equal(1, refused);
        Assert.Contains("role", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, administration.StatusCode);
        Assert.NotEqual(HttpStatusCode.Unauthorized, categories.StatusCode);
    }

    [Fact]
    public async Task ShowTheSecretOnceOnThePage()
    {
        var tenant = await server.SignUpAsync();
        using var browser = _oidc.Browser();
        var page = $"/t/{tenant}/admin/api-clients";
        var html = await PageBrowser.SignInAndGetAsync(browser, page, $"admin@{tenant}.example", tenant);

        using var created = await PageBrowser.PostHandlerAsync(browser, page, "Create", html,
            new Dictionary<string, string> { ["Form.ClientId"] = $"page-{tenant}", ["Form.Name"] = "Page", ["Form.Role"] = "supervisor" });
        var answer = PageBrowser.Parse(await created.Content.ReadAsStringAsync());
        var listed = PageBrowser.Parse(await browser.GetStringAsync(page));

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal($"page-{tenant}", answer.QuerySelector("[data-created]")?.GetAttribute("data-created"));
        Assert.True(answer.QuerySelector("[data-secret]")!.TextContent.Length >= 43);
        Assert.NotNull(listed.QuerySelector($"[data-client='page-{tenant}']"));
        Assert.Null(listed.QuerySelector("[data-secret]"));
    }

    private async Task<string> ClientCredentialsAsync(string clientId, string secret)
    {
        using var response = await _oidc.TokenRequestAsync(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = "api" }, (clientId, secret));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }
}

public sealed class ApiClientsOnSqlite(SqliteServerFixture server) : ApiClientsShould<SqliteServerFixture>(server);

public sealed class ApiClientsOnPostgres(PostgresServerFixture server) : ApiClientsShould<PostgresServerFixture>(server);

public sealed class ApiClientsOnSqlServer(SqlServerServerFixture server) : ApiClientsShould<SqlServerServerFixture>(server.Required());
