using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Tests.Support;

namespace ContactCenter.Server.Tests.Categories;

/// <summary>The category mask API: full edit, the one-default rule, per-field validation, roles, and escalation between partner tenants.</summary>
public abstract class CategoriesShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private readonly TenantTokens _tokens = new(server);

    [Fact]
    public async Task LetTheAdministratorEditTheWholeMask()
    {
        var slug = await server.SignUpAsync();
        using var admin = await _tokens.AdministratorAsync(slug);
        var supervisor = await _tokens.Oidc.CreatePersonAsync((slug, TenantRole.Supervisor));
        var general = await DefaultCategoryAsync(admin);
        var textBlock = await TenantApi.IdOfAsync(await admin.PostAsJsonAsync("api/text-blocks", new { name = "Greeting", subject = "Re: {request.number}", body = "Dear {customer.name}", channel = "Email" }));
        var classification = await TenantApi.IdOfAsync(await admin.PostAsJsonAsync("api/classifications", new { name = "Complaint", channels = new[] { "Email" } }));
        var attachment = await UploadPreparedAttachmentAsync(admin, "Terms.pdf");

        using var created = await admin.PostAsJsonAsync("api/categories", new { name = "Billing" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var saved = await admin.PutAsJsonAsync($"api/categories/{id}", new
        {
            name = "Billing questions",
            description = "Invoices and payments",
            agentGroupId = general.GetProperty("agentGroupId").GetGuid(),
            serviceLevelOverrideHours = 12,
            kpi = new { goalHours = 8, warningThresholdPercent = 75, supervisorIds = new[] { supervisor.Id }, notifyByWeb = true, notifyByEmail = true },
            textBlockIds = new[] { textBlock },
            preparedAttachmentIds = new[] { attachment },
            classificationIds = new[] { classification },
        });
        Assert.True(saved.StatusCode == HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());
        var detail = await admin.GetFromJsonAsync<JsonElement>($"api/categories/{id}");

        Assert.Equal("Billing questions", detail.GetProperty("name").GetString());
        Assert.Equal("Invoices and payments", detail.GetProperty("description").GetString());
        Assert.Equal(12, detail.GetProperty("serviceLevelOverrideHours").GetInt32());
        var kpi = detail.GetProperty("kpi");
        Assert.Equal(8, kpi.GetProperty("goalHours").GetInt32());
        Assert.Equal(75, kpi.GetProperty("warningThresholdPercent").GetInt32());
        Assert.Equal([supervisor.Id], kpi.GetProperty("supervisorIds").EnumerateArray().Select(s => s.GetGuid()));
        Assert.True(kpi.GetProperty("notifyByWeb").GetBoolean() && kpi.GetProperty("notifyByEmail").GetBoolean());
        Assert.Empty(detail.GetProperty("templates").EnumerateArray());
        Assert.Equal([textBlock], detail.GetProperty("textBlockIds").EnumerateArray().Select(s => s.GetGuid()));
        Assert.Equal([attachment], detail.GetProperty("preparedAttachmentIds").EnumerateArray().Select(s => s.GetGuid()));
        Assert.Equal([classification], detail.GetProperty("classificationIds").EnumerateArray().Select(s => s.GetGuid()));
        Assert.Equal(JsonValueKind.Null, detail.GetProperty("escalation").ValueKind);
        var audit = await admin.GetFromJsonAsync<JsonElement>("api/tenant/audit?entity=CategoryProfile");
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("entity").GetString() == "CategoryProfile" && e.GetProperty("field").GetString() == "KpiGoalHours"
                                                      && e.GetProperty("newValue").GetString() == "8");
    }

    [Fact]
    public async Task KeepExactlyOneDefaultCategory()
    {
        var slug = await server.SignUpAsync();
        using var admin = await _tokens.AdministratorAsync(slug);
        var general = await DefaultCategoryAsync(admin);
        var generalId = general.GetProperty("id").GetGuid();
        var agentGroupId = general.GetProperty("agentGroupId").GetGuid();
        var other = await TenantApi.IdOfAsync(await admin.PostAsJsonAsync("api/categories", new { name = "Other", agentGroupId }));

        using var deleteDefault = await admin.DeleteAsync($"api/categories/{generalId}");
        using var unflagDefault = await admin.PutAsJsonAsync($"api/categories/{generalId}", new { name = "General", agentGroupId, isDefault = false });
        using var moved = await admin.PutAsJsonAsync($"api/categories/{other}", new { name = "Other", agentGroupId, isDefault = true });
        var defaults = (await admin.GetFromJsonAsync<JsonElement>("api/categories")).EnumerateArray()
            .Where(c => c.GetProperty("isDefault").GetBoolean()).Select(c => c.GetProperty("id").GetGuid()).ToList();
        using var deleteFormerDefault = await admin.DeleteAsync($"api/categories/{generalId}");

        Assert.Equal(HttpStatusCode.Conflict, deleteDefault.StatusCode);
        Assert.Contains("default", (await deleteDefault.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, unflagDefault.StatusCode);
        Assert.True((await unflagDefault.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("isDefault", out _));
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal([other], defaults);
        Assert.Equal(HttpStatusCode.NoContent, deleteFormerDefault.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"api/categories/{generalId}")).StatusCode);
    }

    [Fact]
    public async Task RefuseInvalidInputFieldByFieldAndChangeNothing()
    {
        var slug = await server.SignUpAsync();
        using var admin = await _tokens.AdministratorAsync(slug);
        var general = await DefaultCategoryAsync(admin);
        var id = general.GetProperty("id").GetGuid();
        var before = await admin.GetStringAsync($"api/categories/{id}");

        using var invalid = await admin.PutAsJsonAsync($"api/categories/{id}", new
        {
            name = "",
            agentGroupId = Guid.NewGuid(),
            isDefault = true,
            serviceLevelOverrideHours = 0,
            kpi = new { goalHours = 9000, warningThresholdPercent = 150, supervisorIds = new[] { Guid.NewGuid() }, notifyByWeb = true },
            textBlockIds = new[] { Guid.NewGuid() },
            classificationIds = new[] { Guid.NewGuid() },
            escalation = new { backlogThreshold = 0, deadlineHours = -1, targetTenantId = Guid.NewGuid(), targetCategoryId = Guid.NewGuid() },
        });

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[]
                 {
                     "name", "agentGroupId", "serviceLevelOverrideHours", "kpi.goalHours", "kpi.warningThresholdPercent", "kpi.supervisorIds",
                     "textBlockIds[0]", "classificationIds[0]", "escalation.backlogThreshold", "escalation.deadlineHours", "escalation.targetTenantId",
                 })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
        }

        Assert.Equal(before, await admin.GetStringAsync($"api/categories/{id}"));
    }

    [Fact]
    public async Task LetSupervisorsReadButOnlyAdministratorsChange()
    {
        var slug = await server.SignUpAsync();
        var other = await server.SignUpAsync();
        using var admin = await _tokens.AdministratorAsync(slug);
        var id = (await DefaultCategoryAsync(admin)).GetProperty("id").GetGuid();
        using var asSupervisor = await _tokens.ClientForAsync(await _tokens.Oidc.CreatePersonAsync((slug, TenantRole.Supervisor)), slug);
        using var asAgent = await _tokens.ClientForAsync(await _tokens.Oidc.CreatePersonAsync((slug, TenantRole.Agent)), slug);
        using var otherAdmin = await _tokens.AdministratorAsync(other);
        var change = new { name = "Changed" };

        Assert.Equal(HttpStatusCode.OK, (await asSupervisor.GetAsync($"api/categories/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asSupervisor.PutAsJsonAsync($"api/categories/{id}", change)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await asAgent.GetAsync("api/categories")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asAgent.GetAsync($"api/categories/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asAgent.PostAsJsonAsync("api/categories", change)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asAgent.PutAsJsonAsync($"api/categories/{id}", change)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asAgent.DeleteAsync($"api/categories/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asSupervisor.GetAsync("api/escalation-partners")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asAgent.PostAsJsonAsync("api/escalation-partners", new { slug = other })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherAdmin.GetAsync($"/t/{slug}/api/categories/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherAdmin.PutAsJsonAsync($"/t/{slug}/api/categories/{id}", change)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherAdmin.DeleteAsync($"/t/{slug}/api/categories/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherAdmin.GetAsync($"/t/{slug}/api/escalation-partners/targets")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherAdmin.PostAsJsonAsync($"/t/{slug}/api/escalation-partners", new { slug = other })).StatusCode);
        Assert.Equal("General", (await admin.GetFromJsonAsync<JsonElement>($"api/categories/{id}")).GetProperty("name").GetString());
    }

    [Fact]
    public async Task EscalateOnlyToCategoriesOfTenantsThatAcceptThisOne()
    {
        var source = await server.SignUpAsync();
        var target = await server.SignUpAsync();
        using var sourceAdmin = await _tokens.AdministratorAsync(source);
        using var targetAdmin = await _tokens.AdministratorAsync(target);
        var category = await DefaultCategoryAsync(sourceAdmin);
        var targetCategory = (await DefaultCategoryAsync(targetAdmin)).GetProperty("id").GetGuid();
        var targetId = (await targetAdmin.GetFromJsonAsync<JsonElement>("api/tenant")).GetProperty("id").GetGuid();
        object Mask(Guid targetCategoryId) => new
        {
            name = "General",
            agentGroupId = category.GetProperty("agentGroupId").GetGuid(),
            isDefault = true,
            escalation = new { backlogThreshold = 50, deadlineHours = 24, targetTenantId = targetId, targetCategoryId },
        };
        var url = $"api/categories/{category.GetProperty("id").GetGuid()}";

        using var notAccepted = await sourceAdmin.PutAsJsonAsync(url, Mask(targetCategory));
        using var self = await targetAdmin.PostAsJsonAsync("api/escalation-partners", new { slug = target });
        using var accepted = await targetAdmin.PostAsJsonAsync("api/escalation-partners", new { slug = source });
        var targets = await sourceAdmin.GetFromJsonAsync<JsonElement>("api/escalation-partners/targets");
        var offered = await sourceAdmin.GetFromJsonAsync<JsonElement>($"api/escalation-partners/targets/{targetId}/categories");
        using var unknownCategory = await sourceAdmin.PutAsJsonAsync(url, Mask(Guid.NewGuid()));
        using var saved = await sourceAdmin.PutAsJsonAsync(url, Mask(targetCategory));
        var rule = (await sourceAdmin.GetFromJsonAsync<JsonElement>(url)).GetProperty("escalation");

        Assert.True((await notAccepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("escalation.targetTenantId", out _));
        Assert.True((await self.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("slug", out _));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal([target], targets.EnumerateArray().Select(t => t.GetProperty("slug").GetString()));
        Assert.Contains(offered.EnumerateArray(), c => c.GetProperty("id").GetGuid() == targetCategory);
        Assert.True((await unknownCategory.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("escalation.targetCategoryId", out _));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(50, rule.GetProperty("backlogThreshold").GetInt32());
        Assert.Equal(24, rule.GetProperty("deadlineHours").GetInt32());
        Assert.Equal(targetCategory, rule.GetProperty("targetCategoryId").GetGuid());

        Assert.Equal(0, await ContactCenter.Server.Platform.PlatformCommands.TenantsAsync(server.Services, ["suspend", target], new StringWriter(), new StringWriter(), CancellationToken.None));
        using var suspended = await sourceAdmin.PutAsJsonAsync(url, Mask(targetCategory));
        Assert.True((await suspended.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("escalation.targetTenantId", out _));
        Assert.Empty((await sourceAdmin.GetFromJsonAsync<JsonElement>("api/escalation-partners/targets")).EnumerateArray());
        Assert.Equal(0, await ContactCenter.Server.Platform.PlatformCommands.TenantsAsync(server.Services, ["resume", target], new StringWriter(), new StringWriter(), CancellationToken.None));

        var sourceId = (await sourceAdmin.GetFromJsonAsync<JsonElement>("api/tenant")).GetProperty("id").GetGuid();
        Assert.Equal([source], (await targetAdmin.GetFromJsonAsync<JsonElement>("api/escalation-partners")).EnumerateArray().Select(t => t.GetProperty("slug").GetString()));
        Assert.Equal(HttpStatusCode.NoContent, (await targetAdmin.DeleteAsync($"api/escalation-partners/{sourceId}")).StatusCode);
        Assert.Empty((await sourceAdmin.GetFromJsonAsync<JsonElement>("api/escalation-partners/targets")).EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await sourceAdmin.GetAsync($"api/escalation-partners/targets/{targetId}/categories")).StatusCode);
        var audit = await targetAdmin.GetFromJsonAsync<JsonElement>("api/tenant/audit?entity=EscalationPartner");
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("entity").GetString() == "EscalationPartner" && e.GetProperty("change").GetString() == "Deleted");
    }

    private static async Task<JsonElement> DefaultCategoryAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("api/categories")).EnumerateArray().Single(c => c.GetProperty("isDefault").GetBoolean());

    internal static async Task<Guid> UploadPreparedAttachmentAsync(HttpClient client, string fileName)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent("%PDF-1.7 prepared"u8.ToArray());
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", fileName);
        return await TenantApi.IdOfAsync(await client.PostAsync("api/assets/prepared", form));
    }
}

public sealed class CategoriesOnSqlite(SqliteServerFixture server) : CategoriesShould<SqliteServerFixture>(server);

public sealed class CategoriesOnPostgres(PostgresServerFixture server) : CategoriesShould<PostgresServerFixture>(server);

public sealed class CategoriesOnSqlServer(SqlServerServerFixture server) : CategoriesShould<SqlServerServerFixture>(server.Required());
