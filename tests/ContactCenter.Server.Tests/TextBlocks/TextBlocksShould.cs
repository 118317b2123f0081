using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Tests.Support;

namespace ContactCenter.Server.Tests.TextBlocks;

/// <summary>Text blocks (e-mail and SMS templates) within their channels' rules, offered by categories, read by agents.</summary>
public abstract class TextBlocksShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private readonly TenantTokens _tokens = new(server);

    [Fact]
    public async Task KeepTextBlocksWithinTheirChannelsRules()
    {
        var slug = await server.SignUpAsync();
        using var admin = await _tokens.AdministratorAsync(slug);
        var id = await TenantApi.IdOfAsync(await admin.PostAsJsonAsync("api/text-blocks",
            new { name = "Apology", subject = "Your request {request.number}", body = "Dear {customer.name}, sorry. {agent.name}", channel = "email", editableByAgents = true }));
        var sms = await TenantApi.IdOfAsync(await admin.PostAsJsonAsync("api/text-blocks",
            new { name = "Reminder", body = new string('x', 459), channel = "Sms", enabled = false }));

        using var smsWithSubject = await admin.PostAsJsonAsync("api/text-blocks", new { name = "S1", subject = "Hi", body = "Hi", channel = "Sms" });
        using var smsTooLong = await admin.PutAsJsonAsync($"api/text-blocks/{sms}", new { name = "Reminder", body = new string('x', 460), channel = "Sms" });
        using var unknownPlaceholder = await admin.PutAsJsonAsync($"api/text-blocks/{id}", new { name = "Apology", body = "Dear {customer.email}", channel = "Email" });
        using var noChannel = await admin.PostAsJsonAsync("api/text-blocks", new { name = "", body = "x", channel = "Fax" });
        using var duplicate = await admin.PostAsJsonAsync("api/text-blocks", new { name = "Apology", body = "Again", channel = "Email" });
        var blocks = (await admin.GetFromJsonAsync<JsonElement>("api/text-blocks")).EnumerateArray().ToList();

        Assert.True((await Errors(smsWithSubject)).TryGetProperty("subject", out _));
        Assert.Contains("459", (await Errors(smsTooLong)).GetProperty("body")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("{customer.email}", (await Errors(unknownPlaceholder)).GetProperty("body")[0].GetString(), StringComparison.Ordinal);
        var both = await Errors(noChannel);
        Assert.True(both.TryGetProperty("name", out _) && both.TryGetProperty("channel", out _));
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal(["Apology", "Reminder"], blocks.Select(b => b.GetProperty("name").GetString()));
        var apology = blocks[0];
        Assert.Equal("Dear {customer.name}, sorry. {agent.name}", apology.GetProperty("body").GetString());
        Assert.Equal("Email", apology.GetProperty("channel").GetString());
        Assert.True(apology.GetProperty("enabled").GetBoolean() && apology.GetProperty("editableByAgents").GetBoolean());
        Assert.Equal(459, blocks[1].GetProperty("body").GetString()!.Length);
        Assert.False(blocks[1].GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task DropADeletedTextBlockFromTheCategoriesOfferingIt()
    {
        var slug = await server.SignUpAsync();
        using var admin = await _tokens.AdministratorAsync(slug);
        var general = (await admin.GetFromJsonAsync<JsonElement>("api/categories"))[0];
        var block = await TenantApi.IdOfAsync(await admin.PostAsJsonAsync("api/text-blocks", new { name = "Thanks", body = "Thank you", channel = "Email" }));
        var url = $"api/categories/{general.GetProperty("id").GetGuid()}";
        using var offered = await admin.PutAsJsonAsync(url, new { name = "General", agentGroupId = general.GetProperty("agentGroupId").GetGuid(), isDefault = true, textBlockIds = new[] { block } });
        Assert.Equal(HttpStatusCode.OK, offered.StatusCode);

        using var deleted = await admin.DeleteAsync($"api/text-blocks/{block}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty((await admin.GetFromJsonAsync<JsonElement>(url)).GetProperty("textBlockIds").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"api/text-blocks/{block}")).StatusCode);
    }

    [Fact]
    public async Task LetAgentsReadTextBlocksButNotChangeThem()
    {
        var slug = await server.SignUpAsync();
        var other = await server.SignUpAsync();
        using var admin = await _tokens.AdministratorAsync(slug);
        var block = await TenantApi.IdOfAsync(await admin.PostAsJsonAsync("api/text-blocks", new { name = "Hello", body = "Hello", channel = "Email" }));
        var classification = await TenantApi.IdOfAsync(await admin.PostAsJsonAsync("api/classifications", new { name = "Praise" }));
        using var asSupervisor = await _tokens.ClientForAsync(await _tokens.Oidc.CreatePersonAsync((slug, TenantRole.Supervisor)), slug);
        using var asAgent = await _tokens.ClientForAsync(await _tokens.Oidc.CreatePersonAsync((slug, TenantRole.Agent)), slug);
        using var otherAdmin = await _tokens.AdministratorAsync(other);
        var change = new { name = "Changed", body = "x", channel = "Email" };

        Assert.Equal(HttpStatusCode.OK, (await asAgent.GetAsync("api/text-blocks")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await asAgent.GetAsync($"api/text-blocks/{block}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asAgent.PostAsJsonAsync("api/text-blocks", change)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asAgent.PutAsJsonAsync($"api/text-blocks/{block}", change)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asAgent.DeleteAsync($"api/text-blocks/{block}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await asSupervisor.GetAsync("api/classifications")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asAgent.GetAsync("api/classifications")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asSupervisor.PutAsJsonAsync($"api/classifications/{classification}", new { name = "X" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asAgent.DeleteAsync($"api/classifications/{classification}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherAdmin.GetAsync($"/t/{slug}/api/text-blocks")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherAdmin.PutAsJsonAsync($"/t/{slug}/api/text-blocks/{block}", change)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherAdmin.GetAsync($"/t/{slug}/api/classifications")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherAdmin.DeleteAsync($"/t/{slug}/api/classifications/{classification}")).StatusCode);
        Assert.Equal("Hello", (await admin.GetFromJsonAsync<JsonElement>($"api/text-blocks/{block}")).GetProperty("name").GetString());
        Assert.Single((await admin.GetFromJsonAsync<JsonElement>("api/classifications")).EnumerateArray());
    }

    private static async Task<JsonElement> Errors(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
    }
}

public sealed class TextBlocksOnSqlite(SqliteServerFixture server) : TextBlocksShould<SqliteServerFixture>(server);

public sealed class TextBlocksOnPostgres(PostgresServerFixture server) : TextBlocksShould<PostgresServerFixture>(server);

public sealed class TextBlocksOnSqlServer(SqlServerServerFixture server) : TextBlocksShould<SqlServerServerFixture>(server.Required());
