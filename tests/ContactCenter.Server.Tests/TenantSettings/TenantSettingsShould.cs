using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Tests.TenantSettings;

/// <summary>The tenant edit mask's API: every tab, validation, roles, the conditional call tabs, app settings and the audit trail.</summary>
public abstract class TenantSettingsShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private readonly TenantTokens _tokens = new(server);

    private static object ValidSettings(bool allowAll = true) => new
    {
        takeCcIntoReply = false,
        spellCheckEnabled = true,
        spellCheckLanguage = "de-AT",
        serviceLevelGoalHours = 8,
        serviceLevelWarningPercent = 75,
        businessHours = new
        {
            timeZone = "Europe/Vienna",
            intervals = new object[]
            {
                new { day = "Monday", from = "08:00:00", to = "12:00:00" },
                new { day = "Monday", from = "13:00:00", to = "17:00:00" },
                new { day = "Saturday", from = "09:00:00", to = "12:00:00" },
            },
            holidays = new[] { "2026-12-25", "2026-12-26" },
        },
        channels = new[] { "Email", "Phone" },
        allowAllTenantsLogin = allowAll,
    };

    [Fact]
    public async Task LetTheAdministratorChangeEveryTabAndAuditIt()
    {
        var slug = await server.SignUpAsync();
        using var admin = await _tokens.AdministratorAsync(slug);

        using var general = await admin.PutAsJsonAsync("api/tenant/settings/general", new { name = "Acme Service", description = "Our helpdesk" });
        using var settings = await admin.PutAsJsonAsync("api/tenant/settings/settings", ValidSettings(allowAll: false));
        using var accounts = await admin.PutAsJsonAsync("api/tenant/settings/account-settings", new { doNotReplyAddresses = new[] { "noreply@acme.example" } });
        using var pdf = await admin.PutAsJsonAsync("api/tenant/settings/pdf", new { stylesheet = (string?)null, outputDirectory = "acme/letters" });
        var view = await admin.GetFromJsonAsync<JsonElement>("api/tenant/settings");

        Assert.Equal(HttpStatusCode.OK, general.StatusCode);
        Assert.Equal(HttpStatusCode.OK, settings.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accounts.StatusCode);
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("Acme Service", view.GetProperty("general").GetProperty("name").GetString());
        var tab = view.GetProperty("settings");
        Assert.Equal("de-AT", tab.GetProperty("spellCheckLanguage").GetString());
        Assert.Equal(3, tab.GetProperty("businessHours").GetProperty("intervals").GetArrayLength());
        Assert.Equal("Europe/Vienna", tab.GetProperty("businessHours").GetProperty("timeZone").GetString());
        Assert.Equal(["Email", "Phone"], tab.GetProperty("channels").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("noreply@acme.example", view.GetProperty("accountSettings").GetProperty("doNotReplyAddresses")[0].GetString());
        Assert.Equal("acme/letters", view.GetProperty("pdf").GetProperty("outputDirectory").GetString());
        Assert.Equal(JsonValueKind.Null, view.GetProperty("callConnector").ValueKind);

        var tenant = await server.CatalogAsync(c => c.Tenants.AsNoTracking().SingleAsync(t => t.Slug == slug));
        Assert.Equal("Acme Service", tenant.Name);
        Assert.False(tenant.AllowsSignInForAllTenants);

        var audit = await admin.GetFromJsonAsync<JsonElement>("api/tenant/audit?entity=TenantSettings");
        var nameChange = audit.EnumerateArray().Single(e => e.GetProperty("field").GetString() == "Name");
        Assert.Equal($"admin@{slug}.example", nameChange.GetProperty("actor").GetString());
        Assert.Equal($"Company {slug}", nameChange.GetProperty("oldValue").GetString());
        Assert.Equal("Acme Service", nameChange.GetProperty("newValue").GetString());
    }

    [Fact]
    public async Task RefuseInvalidInputFieldByFieldAndChangeNothing()
    {
        var slug = await server.SignUpAsync();
        using var admin = await _tokens.AdministratorAsync(slug);
        var before = await admin.GetStringAsync("api/tenant/settings");

        using var settings = await admin.PutAsJsonAsync("api/tenant/settings/settings", new
        {
            spellCheckLanguage = "German!",
            serviceLevelGoalHours = 0,
            serviceLevelWarningPercent = 150,
            businessHours = new
            {
                timeZone = "Mars/Olympus",
                intervals = new object[]
                {
                    new { day = "Monday", from = "12:00:00", to = "08:00:00" },
                    new { day = "Tuesday", from = "08:00:00", to = "12:00:00" },
                    new { day = "Tuesday", from = "11:00:00", to = "13:00:00" },
                },
                holidays = Array.Empty<string>(),
            },
            channels = new[] { "Fax" },
        });
        using var general = await admin.PutAsJsonAsync("api/tenant/settings/general", new { name = "  " });
        using var pdf = await admin.PutAsJsonAsync("api/tenant/settings/pdf", new { stylesheet = "{ not json", outputDirectory = "../../etc" });
        using var accounts = await admin.PutAsJsonAsync("api/tenant/settings/account-settings", new { doNotReplyAddresses = new[] { "not an address" } });

        var errors = (await settings.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "spellCheckLanguage", "serviceLevelGoalHours", "serviceLevelWarningPercent", "businessHours.timeZone", "businessHours.intervals[0]", "businessHours.intervals", "channels" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
        }

        Assert.Equal(HttpStatusCode.BadRequest, general.StatusCode);
        var pdfErrors = (await pdf.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(pdfErrors.TryGetProperty("stylesheet", out _));
        Assert.True(pdfErrors.TryGetProperty("outputDirectory", out _));
        Assert.Equal(HttpStatusCode.BadRequest, accounts.StatusCode);
        Assert.Equal(before, await admin.GetStringAsync("api/tenant/settings"));
    }

    [Fact]
    public async Task LetOnlyAdministratorsChangeAndNobodyOfAnotherTenantRead()
    {
        var slug = await server.SignUpAsync();
        var other = await server.SignUpAsync();
        var agent = await _tokens.Oidc.CreatePersonAsync((slug, TenantRole.Agent));
        var supervisor = await _tokens.Oidc.CreatePersonAsync((slug, TenantRole.Supervisor));
        using var asAgent = await _tokens.ClientForAsync(agent, slug);
        using var asSupervisor = await _tokens.ClientForAsync(supervisor, slug);
        using var otherAdmin = await _tokens.AdministratorAsync(other);

        using var agentReads = await asAgent.GetAsync("api/tenant/settings");
        using var agentWrites = await asAgent.PutAsJsonAsync("api/tenant/settings/general", new { name = "Hijacked" });
        using var supervisorReads = await asSupervisor.GetAsync("api/tenant/settings");
        using var supervisorWrites = await asSupervisor.PutAsJsonAsync("api/tenant/settings/settings", ValidSettings());
        using var foreignReads = await otherAdmin.GetAsync($"/t/{slug}/api/tenant/settings");
        using var foreignWrites = await otherAdmin.PutAsJsonAsync($"/t/{slug}/api/tenant/settings/general", new { name = "Hijacked" });

        Assert.Equal(HttpStatusCode.Forbidden, agentReads.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, agentWrites.StatusCode);
        Assert.Equal(HttpStatusCode.OK, supervisorReads.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, supervisorWrites.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, foreignReads.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, foreignWrites.StatusCode);
        Assert.Equal($"Company {slug}", await server.CatalogAsync(c => c.Tenants.Where(t => t.Slug == slug).Select(t => t.Name).SingleAsync()));
    }

    [Fact]
    public async Task OfferTheCallTabsOnlyWhileCallIntegrationIsOn()
    {
        var slug = await server.SignUpAsync();
        using var admin = await _tokens.AdministratorAsync(slug);
        using var platformOperator = await server.CreateOperatorClientAsync();

        using var tooEarly = await admin.PutAsJsonAsync("api/tenant/settings/call-connector", new { prefix = "0", postfix = "#" });
        using var adminSwitch = await admin.PutAsJsonAsync("api/tenant/settings/call-integration", new { enabled = true });
        using var operatorSwitch = await platformOperator.PutAsJsonAsync($"/t/{slug}/api/tenant/settings/call-integration", new { enabled = true });
        using var connector = await admin.PutAsJsonAsync("api/tenant/settings/call-connector", new { prefix = "0", postfix = "#" });
        using var badConnector = await admin.PutAsJsonAsync("api/tenant/settings/call-connector", new { prefix = "dial 0", postfix = "" });
        using var tickets = await admin.PutAsJsonAsync("api/tenant/settings/phone-tickets", new { defaultCategoryId = Guid.NewGuid(), ticketPerCall = true, wrapUpSeconds = 30 });
        var view = await admin.GetFromJsonAsync<JsonElement>("api/tenant/settings");

        Assert.Equal(HttpStatusCode.Conflict, tooEarly.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, adminSwitch.StatusCode);
        Assert.Equal(HttpStatusCode.OK, operatorSwitch.StatusCode);
        Assert.Equal(HttpStatusCode.OK, connector.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badConnector.StatusCode);
        Assert.True((await tickets.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("defaultCategoryId", out _));
        Assert.Equal("#", view.GetProperty("callConnector").GetProperty("postfix").GetString());
        Assert.Equal(60, view.GetProperty("phoneTickets").GetProperty("wrapUpSeconds").GetInt32());
    }

    [Fact]
    public async Task KeepAppSettingsAsNamespacedJson()
    {
        var slug = await server.SignUpAsync();
        using var admin = await _tokens.AdministratorAsync(slug);

        using var stored = await admin.PutAsJsonAsync("api/tenant/app-settings/crm.sync.interval", new { minutes = 15, enabled = true });
        using var badKey = await admin.PutAsJsonAsync("api/tenant/app-settings/NoNamespace", 3);
        var all = await admin.GetFromJsonAsync<JsonElement>("api/tenant/app-settings");
        using var removed = await admin.DeleteAsync("api/tenant/app-settings/crm.sync.interval");
        using var removedAgain = await admin.DeleteAsync("api/tenant/app-settings/crm.sync.interval");

        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badKey.StatusCode);
        Assert.Equal(15, all[0].GetProperty("value").GetProperty("minutes").GetInt32());
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, removedAgain.StatusCode);
    }
}

public sealed class TenantSettingsOnSqlite(SqliteServerFixture server) : TenantSettingsShould<SqliteServerFixture>(server);

public sealed class TenantSettingsOnPostgres(PostgresServerFixture server) : TenantSettingsShould<PostgresServerFixture>(server);

public sealed class TenantSettingsOnSqlServer(SqlServerServerFixture server) : TenantSettingsShould<SqlServerServerFixture>(server.Required());
