using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContactCenter.Server.Tests.Support;

namespace ContactCenter.Server.Tests.Categories;

/// <summary>
/// The text blocks, prepared attachments and classifications a category offers: only the tenant's own, each unknown
/// id an error of its own; deleting one of them takes it out of every category in the same transaction.
/// </summary>
public abstract class CategoryLinksShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private readonly TenantTokens _tokens = new(server);

    [Fact]
    public async Task RefuseIdsThatDoNotExistInThisTenantByIndexAndChangeNothing()
    {
        var slug = await server.SignUpAsync();
        var other = await server.SignUpAsync();
        using var admin = await _tokens.AdministratorAsync(slug);
        using var otherAdmin = await _tokens.AdministratorAsync(other);
        var category = await DefaultCategoryAsync(admin);
        var id = category.GetProperty("id").GetGuid();
        var textBlock = await TenantApi.IdOfAsync(await admin.PostAsJsonAsync("api/text-blocks", new { name = "Greeting", body = "Hello", channel = "Email" }));
        var attachment = await CategoriesShould<TFixture>.UploadPreparedAttachmentAsync(admin, "Terms.pdf");
        var foreignAttachment = await CategoriesShould<TFixture>.UploadPreparedAttachmentAsync(otherAdmin, "Foreign.pdf");
        var foreignClassification = await TenantApi.IdOfAsync(await otherAdmin.PostAsJsonAsync("api/classifications", new { name = "Foreign" }));
        var before = await admin.GetStringAsync($"api/categories/{id}");

        using var invalid = await admin.PutAsJsonAsync($"api/categories/{id}", new
        {
            name = "General",
            agentGroupId = category.GetProperty("agentGroupId").GetGuid(),
            isDefault = true,
            textBlockIds = new[] { textBlock, Guid.NewGuid() },
            preparedAttachmentIds = new[] { attachment, foreignAttachment },
            classificationIds = new[] { foreignClassification },
        });

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["classificationIds[0]", "preparedAttachmentIds[1]", "textBlockIds[1]"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Contains(foreignAttachment.ToString(), errors.GetProperty("preparedAttachmentIds[1]")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("prepared attachment", errors.GetProperty("preparedAttachmentIds[1]")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await admin.GetStringAsync($"api/categories/{id}"));
    }

    [Fact]
    public async Task DropADeletedTextBlockAttachmentOrClassificationFromEveryCategory()
    {
        var slug = await server.SignUpAsync();
        using var admin = await _tokens.AdministratorAsync(slug);
        var general = await DefaultCategoryAsync(admin);
        var agentGroupId = general.GetProperty("agentGroupId").GetGuid();
        Guid[] blocks = [await TextBlockAsync(admin, "Greeting"), await TextBlockAsync(admin, "Farewell")];
        Guid[] attachments = [await CategoriesShould<TFixture>.UploadPreparedAttachmentAsync(admin, "Terms.pdf"), await CategoriesShould<TFixture>.UploadPreparedAttachmentAsync(admin, "Prices.pdf")];
        Guid[] classifications = [await ClassificationAsync(admin, "Complaint"), await ClassificationAsync(admin, "Praise")];
        var billing = await TenantApi.IdOfAsync(await admin.PostAsJsonAsync("api/categories", new { name = "Billing", agentGroupId }));
        foreach (var (id, name, isDefault) in new[] { (general.GetProperty("id").GetGuid(), "General", true), (billing, "Billing", false) })
        {
            using var saved = await admin.PutAsJsonAsync($"api/categories/{id}", new
            {
                name, agentGroupId, isDefault, textBlockIds = blocks, preparedAttachmentIds = attachments, classificationIds = classifications,
            });
            Assert.True(saved.StatusCode == HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());
        }

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"api/text-blocks/{blocks[0]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"api/assets/prepared/{attachments[1]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"api/classifications/{classifications[0]}")).StatusCode);

        foreach (var id in new[] { general.GetProperty("id").GetGuid(), billing })
        {
            var detail = await admin.GetFromJsonAsync<JsonElement>($"api/categories/{id}");
            Assert.Equal([blocks[1]], Ids(detail, "textBlockIds"));
            Assert.Equal([attachments[0]], Ids(detail, "preparedAttachmentIds"));
            Assert.Equal([classifications[1]], Ids(detail, "classificationIds"));
        }

        var audit = await admin.GetFromJsonAsync<JsonElement>("api/tenant/audit?entity=CategoryProfile");
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("field").GetString() == "PreparedAttachmentIds"
                                                      && e.GetProperty("newValue").GetString() == attachments[0].ToString());
    }

    private static List<Guid> Ids(JsonElement detail, string field) => detail.GetProperty(field).EnumerateArray().Select(e => e.GetGuid()).ToList();

    private static async Task<Guid> TextBlockAsync(HttpClient admin, string name) =>
        await TenantApi.IdOfAsync(await admin.PostAsJsonAsync("api/text-blocks", new { name, body = name, channel = "Email" }));

    private static async Task<Guid> ClassificationAsync(HttpClient admin, string name) =>
        await TenantApi.IdOfAsync(await admin.PostAsJsonAsync("api/classifications", new { name, channels = new[] { "Email" } }));

    private static async Task<JsonElement> DefaultCategoryAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("api/categories")).EnumerateArray().Single(c => c.GetProperty("isDefault").GetBoolean());
}

public sealed class CategoryLinksOnSqlite(SqliteServerFixture server) : CategoryLinksShould<SqliteServerFixture>(server);

public sealed class CategoryLinksOnPostgres(PostgresServerFixture server) : CategoryLinksShould<PostgresServerFixture>(server);

public sealed class CategoryLinksOnSqlServer(SqlServerServerFixture server) : CategoryLinksShould<SqlServerServerFixture>(server.Required());
