using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContactCenter.Server.Tests.Support;

namespace ContactCenter.Server.Tests.Classifications;

/// <summary>Classifications with their channels and categories.</summary>
public abstract class ClassificationsShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private readonly TenantTokens _tokens = new(server);

    [Fact]
    public async Task AssignClassificationsToChannelsAndCategories()
    {
        var slug = await server.SignUpAsync();
        using var admin = await _tokens.AdministratorAsync(slug);
        var general = (await admin.GetFromJsonAsync<JsonElement>("api/categories"))[0].GetProperty("id").GetGuid();
        var id = await TenantApi.IdOfAsync(await admin.PostAsJsonAsync("api/classifications",
            new { name = "Complaint", description = "Unhappy customer", channels = new[] { "Email", "sms" }, categoryIds = new[] { general } }));

        using var invalid = await admin.PutAsJsonAsync($"api/classifications/{id}", new { name = "", channels = new[] { "Fax" }, categoryIds = new[] { Guid.NewGuid() } });
        var list = await admin.GetFromJsonAsync<JsonElement>("api/classifications");
        var category = await admin.GetFromJsonAsync<JsonElement>($"api/categories/{general}");

        var errors = await Errors(invalid);
        Assert.True(errors.TryGetProperty("name", out _) && errors.TryGetProperty("channels", out _) && errors.TryGetProperty("categoryIds", out _));
        var complaint = list.EnumerateArray().Single();
        Assert.Equal("Complaint", complaint.GetProperty("name").GetString());
        Assert.Equal(["Email", "Sms"], complaint.GetProperty("channels").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal([general], complaint.GetProperty("categoryIds").EnumerateArray().Select(c => c.GetGuid()));
        Assert.Equal([id], category.GetProperty("classificationIds").EnumerateArray().Select(c => c.GetGuid()));

        using var unassigned = await admin.PutAsJsonAsync($"api/classifications/{id}", new { name = "Complaint", channels = new[] { "Phone" } });
        Assert.Equal(HttpStatusCode.OK, unassigned.StatusCode);
        Assert.Empty((await admin.GetFromJsonAsync<JsonElement>($"api/categories/{general}")).GetProperty("classificationIds").EnumerateArray());
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"api/classifications/{id}")).StatusCode);
        Assert.Empty((await admin.GetFromJsonAsync<JsonElement>("api/classifications")).EnumerateArray());
    }

    private static async Task<JsonElement> Errors(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
    }
}

public sealed class ClassificationsOnSqlite(SqliteServerFixture server) : ClassificationsShould<SqliteServerFixture>(server);

public sealed class ClassificationsOnPostgres(PostgresServerFixture server) : ClassificationsShould<PostgresServerFixture>(server);

public sealed class ClassificationsOnSqlServer(SqlServerServerFixture server) : ClassificationsShould<SqlServerServerFixture>(server.Required());
