using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContactCenter.Server.Tests.Support;

namespace ContactCenter.Server.Tests.TenantSettings;

/// <summary>The tenant's language on the General tab, and the org tree's invitation mail going out in it.</summary>
public abstract class TenantLanguageShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private readonly TenantTokens _tokens = new(server);

    [Fact]
    public async Task StartInEnglishAndKeepTheLanguageChosen()
    {
        var slug = await server.SignUpAsync();
        using var admin = await _tokens.AdministratorAsync(slug);
        var initial = await admin.GetFromJsonAsync<JsonElement>("api/tenant/settings");

        using var german = await admin.PutAsJsonAsync("api/tenant/settings/general", new { name = "Acme Service", description = "Helpdesk", language = "de" });
        var afterGerman = await admin.GetFromJsonAsync<JsonElement>("api/tenant/settings");
        // A client that predates the language leaves it alone.
        using var withoutLanguage = await admin.PutAsJsonAsync("api/tenant/settings/general", new { name = "Acme Support", description = "Helpdesk" });
        var afterOmitted = await admin.GetFromJsonAsync<JsonElement>("api/tenant/settings");
        using var english = await admin.PutAsJsonAsync("api/tenant/settings/general", new { name = "Acme Support", language = "en" });
        var afterEnglish = await admin.GetFromJsonAsync<JsonElement>("api/tenant/settings");

        Assert.Equal("en", initial.GetProperty("general").GetProperty("language").GetString());
        Assert.Equal(HttpStatusCode.OK, german.StatusCode);
        Assert.Equal("de", (await german.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("general").GetProperty("language").GetString());
        Assert.Equal("de", afterGerman.GetProperty("general").GetProperty("language").GetString());
        Assert.Equal(HttpStatusCode.OK, withoutLanguage.StatusCode);
        Assert.Equal("Acme Support", afterOmitted.GetProperty("general").GetProperty("name").GetString());
        Assert.Equal("de", afterOmitted.GetProperty("general").GetProperty("language").GetString());
        Assert.Equal(HttpStatusCode.OK, english.StatusCode);
        Assert.Equal("en", afterEnglish.GetProperty("general").GetProperty("language").GetString());
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("")]
    [InlineData("DE")]
    [InlineData("de-AT")]
    public async Task RefuseALanguageItDoesNotSpeakAndChangeNothing(string language)
    {
        var slug = await server.SignUpAsync();
        using var admin = await _tokens.AdministratorAsync(slug);
        var before = await admin.GetStringAsync("api/tenant/settings");

        using var refused = await admin.PutAsJsonAsync("api/tenant/settings/general", new { name = "Renamed", language });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        var message = Assert.Single(errors.GetProperty("language").EnumerateArray()).GetString();
        Assert.Equal($"'{language}' is not a language of ContactCenter: use en (English) or de (German).", message);
        Assert.False(errors.TryGetProperty("name", out _));
        Assert.Equal(before, await admin.GetStringAsync("api/tenant/settings"));
    }

    [Fact]
    public async Task ExplainARefusedLanguageInTheRequestsLanguage()
    {
        var slug = await server.SignUpAsync();
        using var admin = await _tokens.AdministratorAsync(slug);
        using var request = new HttpRequestMessage(HttpMethod.Put, "api/tenant/settings/general") { Content = JsonContent.Create(new { name = "Acme", language = "fr" }) };
        request.Headers.AcceptLanguage.ParseAdd("de");

        using var refused = await admin.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal("„fr“ ist keine Sprache von ContactCenter: Verwenden Sie en (Englisch) oder de (Deutsch).", errors.GetProperty("language")[0].GetString());
    }

    [Fact]
    public async Task SendTheInvitationInTheTenantsLanguage()
    {
        var slug = await server.SignUpAsync();
        using var admin = await _tokens.AdministratorAsync(slug);
        using var german = await admin.PutAsJsonAsync("api/tenant/settings/general", new { name = "Acme Service", language = "de" });
        Assert.Equal(HttpStatusCode.OK, german.StatusCode);
        var tag = Guid.NewGuid().ToString("N")[..12];

        // The administrator reads English; the invited person gets the tenant's German.
        using var invited = await admin.PostAsJsonAsync("api/org-tree/people", new { email = DevMailServices.Address(tag), agentGroupIds = new[] { await AgentGroupAsync(admin) } });

        Assert.Equal(HttpStatusCode.OK, invited.StatusCode);
        Assert.True((await invited.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("invitationSent").GetBoolean());
        var mail = await DevMailServices.WaitForMailAsync(tag);
        Assert.Equal("Sie arbeiten jetzt für Acme Service in ContactCenter", mail.Subject);
        Assert.StartsWith("Wählen Sie Ihr Passwort über diesen Link (einen Tag lang gültig):", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendTheInvitationInEnglishByDefault()
    {
        var slug = await server.SignUpAsync();
        using var admin = await _tokens.AdministratorAsync(slug);
        var tag = Guid.NewGuid().ToString("N")[..12];
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/org-tree/people")
        {
            Content = JsonContent.Create(new { email = DevMailServices.Address(tag), agentGroupIds = new[] { await AgentGroupAsync(admin) } }),
        };
        // The administrator's own language does not decide the mail's.
        request.Headers.AcceptLanguage.ParseAdd("de");

        using var invited = await admin.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, invited.StatusCode);
        var mail = await DevMailServices.WaitForMailAsync(tag);
        Assert.Equal($"You now work for Company {slug} in ContactCenter", mail.Subject);
        Assert.StartsWith("Choose your password with this link (valid for one day):", mail.TextBody, StringComparison.Ordinal);
    }

    private static async Task<Guid> AgentGroupAsync(HttpClient admin)
    {
        var tree = await admin.GetFromJsonAsync<JsonElement>("api/org-tree");
        return tree.GetProperty("systemGroups")[0].GetProperty("supervisorGroups")[0].GetProperty("agentGroups")[0].GetProperty("id").GetGuid();
    }
}

public sealed class TenantLanguageOnSqlite(SqliteServerFixture server) : TenantLanguageShould<SqliteServerFixture>(server);

public sealed class TenantLanguageOnPostgres(PostgresServerFixture server) : TenantLanguageShould<PostgresServerFixture>(server);

public sealed class TenantLanguageOnSqlServer(SqlServerServerFixture server) : TenantLanguageShould<SqlServerServerFixture>(server.Required());
