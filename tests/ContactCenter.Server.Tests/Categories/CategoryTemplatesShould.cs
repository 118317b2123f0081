using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Tests.Support;

namespace ContactCenter.Server.Tests.Categories;

/// <summary>A category's answer templates under <c>/api/categories/{id}/templates</c>: several per category, exactly one default.</summary>
public abstract class CategoryTemplatesShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private readonly TenantTokens _tokens = new(server);

    [Fact]
    public async Task KeepSeveralTemplatesWithExactlyOneDefault()
    {
        var slug = await server.SignUpAsync();
        using var admin = await _tokens.AdministratorAsync(slug);
        var category = await DefaultCategoryIdAsync(admin);
        var templates = $"api/categories/{category}/templates";

        var standard = await TenantApi.IdOfAsync(await admin.PostAsJsonAsync(templates,
            new { name = "Standard", letterhead = "ACME Ltd", body = "Dear {customer.name}, about {request.number}:", footer = "Kind regards, {agent.name}" }));
        var formal = await TenantApi.IdOfAsync(await admin.PostAsJsonAsync(templates, new { name = "Formal", body = "Dear Sir or Madam," }));
        var afterTwo = await admin.GetFromJsonAsync<JsonElement>(templates);
        using var formalDefault = await admin.PutAsJsonAsync($"{templates}/{formal}", new { name = "Formal", body = "Dear Sir or Madam,", isDefault = true });
        var afterMove = await admin.GetFromJsonAsync<JsonElement>(templates);
        using var unflag = await admin.PutAsJsonAsync($"{templates}/{formal}", new { name = "Formal", body = "Changed", isDefault = false });
        using var duplicate = await admin.PostAsJsonAsync(templates, new { name = "Formal", body = "Another" });
        using var renameToDuplicate = await admin.PutAsJsonAsync($"{templates}/{standard}", new { name = "Formal", body = "x" });
        var unchanged = await admin.GetFromJsonAsync<JsonElement>($"{templates}/{formal}");
        using var deleteDefault = await admin.DeleteAsync($"{templates}/{formal}");
        var detail = await admin.GetFromJsonAsync<JsonElement>($"api/categories/{category}");

        Assert.Equal([("Standard", true), ("Formal", false)], Defaults(afterTwo));
        Assert.Equal(HttpStatusCode.OK, formalDefault.StatusCode);
        Assert.Equal([("Formal", true), ("Standard", false)], Defaults(afterMove));
        Assert.True(Errors(await unflag.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("isDefault", out _));
        Assert.Contains("Formal", Errors(await duplicate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name")[0].GetString(), StringComparison.Ordinal);
        Assert.True(Errors(await renameToDuplicate.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("name", out _));
        Assert.Equal("Dear Sir or Madam,", unchanged.GetProperty("body").GetString());
        Assert.Equal(HttpStatusCode.NoContent, deleteDefault.StatusCode);
        var left = Assert.Single(detail.GetProperty("templates").EnumerateArray());
        Assert.Equal((standard, "Standard", true), (left.GetProperty("id").GetGuid(), left.GetProperty("name").GetString(), left.GetProperty("isDefault").GetBoolean()));
        Assert.Equal("ACME Ltd", left.GetProperty("letterhead").GetString());
        Assert.Equal("Kind regards, {agent.name}", left.GetProperty("footer").GetString());
        var audit = await admin.GetFromJsonAsync<JsonElement>("api/tenant/audit?entity=AnswerTemplate");
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("field").GetString() == "IsDefault" && e.GetProperty("newValue").GetString() == "True");
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("change").GetString() == "Deleted");
    }

    [Fact]
    public async Task RefuseUnknownPlaceholdersAndInvalidFieldsAndChangeNothing()
    {
        var slug = await server.SignUpAsync();
        using var admin = await _tokens.AdministratorAsync(slug);
        var category = await DefaultCategoryIdAsync(admin);
        var templates = $"api/categories/{category}/templates";
        var id = await TenantApi.IdOfAsync(await admin.PostAsJsonAsync(templates, new { name = "Standard", body = "Hello {customer.name}" }));
        var before = await admin.GetStringAsync(templates);

        using var badPlaceholders = await admin.PutAsJsonAsync($"{templates}/{id}", new
        {
            name = "Standard",
            letterhead = "{company}",
            body = "Dear {customer.nam}, {agent.name}",
            footer = new string('x', 20_001),
            isDefault = true,
        });
        using var empty = await admin.PostAsJsonAsync(templates, new { name = " ", body = "" });
        using var unknownCategory = await admin.PostAsJsonAsync($"api/categories/{Guid.NewGuid()}/templates", new { name = "X", body = "x" });
        using var wrongCategory = await admin.GetAsync($"api/categories/{Guid.NewGuid()}/templates/{id}");

        Assert.Equal(HttpStatusCode.BadRequest, badPlaceholders.StatusCode);
        var errors = Errors(await badPlaceholders.Content.ReadFromJsonAsync<JsonElement>());
        Assert.Contains("{customer.nam}", errors.GetProperty("body")[0].GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("{agent.name}", errors.GetProperty("body")[0].GetString()!.Split(';')[0], StringComparison.Ordinal);
        Assert.Contains("{company}", errors.GetProperty("letterhead")[0].GetString(), StringComparison.Ordinal);
        Assert.True(errors.TryGetProperty("footer", out _));
        var emptyErrors = Errors(await empty.Content.ReadFromJsonAsync<JsonElement>());
        Assert.True(emptyErrors.TryGetProperty("name", out _) && emptyErrors.TryGetProperty("body", out _), emptyErrors.ToString());
        Assert.Equal(HttpStatusCode.NotFound, unknownCategory.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, wrongCategory.StatusCode);
        Assert.Equal(before, await admin.GetStringAsync(templates));
    }

    [Fact]
    public async Task LetSupervisorsReadButOnlyAdministratorsChange()
    {
        var slug = await server.SignUpAsync();
        var other = await server.SignUpAsync();
        using var admin = await _tokens.AdministratorAsync(slug);
        var category = await DefaultCategoryIdAsync(admin);
        var templates = $"api/categories/{category}/templates";
        var id = await TenantApi.IdOfAsync(await admin.PostAsJsonAsync(templates, new { name = "Standard", body = "Hello" }));
        using var asSupervisor = await _tokens.ClientForAsync(await _tokens.Oidc.CreatePersonAsync((slug, TenantRole.Supervisor)), slug);
        using var asAgent = await _tokens.ClientForAsync(await _tokens.Oidc.CreatePersonAsync((slug, TenantRole.Agent)), slug);
        using var otherAdmin = await _tokens.AdministratorAsync(other);
        var change = new { name = "Changed", body = "Changed", isDefault = true };

        Assert.Equal(HttpStatusCode.OK, (await asSupervisor.GetAsync(templates)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await asSupervisor.GetAsync($"{templates}/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asSupervisor.PostAsJsonAsync(templates, change)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asSupervisor.PutAsJsonAsync($"{templates}/{id}", change)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asAgent.GetAsync(templates)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asAgent.PostAsJsonAsync(templates, change)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asAgent.PutAsJsonAsync($"{templates}/{id}", change)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asAgent.DeleteAsync($"{templates}/{id}")).StatusCode);
        var foreign = $"/t/{slug}/{templates}";
        Assert.Equal(HttpStatusCode.Forbidden, (await otherAdmin.GetAsync(foreign)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherAdmin.GetAsync($"{foreign}/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherAdmin.PostAsJsonAsync(foreign, change)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherAdmin.PutAsJsonAsync($"{foreign}/{id}", change)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherAdmin.DeleteAsync($"{foreign}/{id}")).StatusCode);
        var stored = Assert.Single((await admin.GetFromJsonAsync<JsonElement>(templates)).EnumerateArray());
        Assert.Equal(("Standard", "Hello"), (stored.GetProperty("name").GetString(), stored.GetProperty("body").GetString()));
    }

    [Fact]
    public async Task GoWithTheirCategory()
    {
        var slug = await server.SignUpAsync();
        using var admin = await _tokens.AdministratorAsync(slug);
        var category = await TenantApi.IdOfAsync(await admin.PostAsJsonAsync("api/categories", new { name = "Short-lived" }));
        var templates = $"api/categories/{category}/templates";
        var id = await TenantApi.IdOfAsync(await admin.PostAsJsonAsync(templates, new { name = "Standard", body = "Hello" }));

        using var deleted = await admin.DeleteAsync($"api/categories/{category}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(templates)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"{templates}/{id}")).StatusCode);
    }

    [Fact]
    public async Task BeDescribedInTheOpenApiDocument()
    {
        using var client = server.CreateClient();

        var paths = (await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json")).GetProperty("paths");

        Assert.True(paths.TryGetProperty("/api/categories/{categoryId}/templates", out var list), "no templates path");
        Assert.True(list.TryGetProperty("post", out _) && list.TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/api/categories/{categoryId}/templates/{templateId}").TryGetProperty("delete", out _));
    }

    private static List<(string?, bool)> Defaults(JsonElement templates) =>
        templates.EnumerateArray().Select(t => (t.GetProperty("name").GetString(), t.GetProperty("isDefault").GetBoolean())).ToList();

    private static JsonElement Errors(JsonElement problem) => problem.GetProperty("errors");

    internal static async Task<Guid> DefaultCategoryIdAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("api/categories")).EnumerateArray().Single(c => c.GetProperty("isDefault").GetBoolean()).GetProperty("id").GetGuid();
}

public sealed class CategoryTemplatesOnSqlite(SqliteServerFixture server) : CategoryTemplatesShould<SqliteServerFixture>(server);

public sealed class CategoryTemplatesOnPostgres(PostgresServerFixture server) : CategoryTemplatesShould<PostgresServerFixture>(server);

public sealed class CategoryTemplatesOnSqlServer(SqlServerServerFixture server) : CategoryTemplatesShould<SqlServerServerFixture>(server.Required());
