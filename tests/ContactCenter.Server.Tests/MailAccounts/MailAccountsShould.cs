using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContactCenter.Server.Tests.MailAccounts;

/// <summary>Mail account configuration through the API: storage, secrets at rest, validation and who may use it.</summary>
public abstract class MailAccountsShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private const string Secret = "Very-Secret-Mailbox-Pass-4711";

    [Fact]
    public async Task StoreInboundAccountsWithTheSecretEncryptedAndNeverSentBack()
    {
        var slug = await server.SignUpAsync();
        using var admin = await TenantClients.AdministratorAsync(server, slug);

        using var created = await admin.PostAsJsonAsync($"/t/{slug}/api/mail-accounts/inbound",
            new { name = "Support", protocol = "imap", host = "imap.example.com", userName = "support@example.com", secret = Secret });
        var createdText = await created.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var account = JsonDocument.Parse(createdText).RootElement;
        var id = account.GetProperty("id").GetGuid();
        var listText = await admin.GetStringAsync($"/t/{slug}/api/mail-accounts/inbound");
        var oneText = await admin.GetStringAsync($"/t/{slug}/api/mail-accounts/inbound/{id}");
        var tenantId = await TenantClients.TenantIdAsync(server, slug);
        var stored = await server.TenantAsync(tenantId, db => db.InboundAccounts.AsNoTracking().SingleAsync(a => a.Id == id));

        // Defaults of the mask: implicit TLS on 993, folder INBOX, weighting 3, keep on server, enabled.
        Assert.Equal("implicit", account.GetProperty("tlsMode").GetString());
        Assert.Equal(993, account.GetProperty("port").GetInt32());
        Assert.Equal("INBOX", account.GetProperty("folder").GetString());
        Assert.Equal(3, account.GetProperty("weighting").GetInt32());
        Assert.True(account.GetProperty("keepOnServer").GetBoolean());
        Assert.True(account.GetProperty("enabled").GetBoolean());
        Assert.True(account.GetProperty("hasSecret").GetBoolean());
        Assert.False(account.TryGetProperty("secret", out _));
        Assert.False(account.TryGetProperty("protectedSecret", out _));
        foreach (var text in new[] { createdText, listText, oneText })
        {
            Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(stored.ProtectedSecret!, text, StringComparison.Ordinal);
        }

        Assert.NotNull(stored.ProtectedSecret);
        Assert.DoesNotContain(Secret, stored.ProtectedSecret, StringComparison.Ordinal);
        Assert.Equal(Secret, ContactCenter.Server.MailAccounts.MailSecrets.Unprotect(
            server.Services.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>(), tenantId, stored.ProtectedSecret));
    }

    [Fact]
    public async Task KeepTheStoredSecretWhenAnUpdateCarriesNone()
    {
        var slug = await server.SignUpAsync();
        using var admin = await TenantClients.AdministratorAsync(server, slug);
        var tenantId = await TenantClients.TenantIdAsync(server, slug);
        var id = await TenantApi.CreateAsync(admin, $"/t/{slug}/api/mail-accounts/inbound",
            new { name = "Sales", protocol = "pop3", host = "pop.example.com", tlsMode = "starttls", userName = "sales", secret = Secret });
        var before = await StoredSecretAsync(tenantId, id);

        using var renamed = await admin.PutAsJsonAsync($"/t/{slug}/api/mail-accounts/inbound/{id}",
            new { name = "Sales DE", protocol = "pop3", host = "pop.example.com", tlsMode = "starttls", userName = "sales", weighting = 7, keepOnServer = false });
        var afterRename = await StoredSecretAsync(tenantId, id);
        using var newSecret = await admin.PutAsJsonAsync($"/t/{slug}/api/mail-accounts/inbound/{id}",
            new { name = "Sales DE", protocol = "pop3", host = "pop.example.com", tlsMode = "starttls", userName = "sales", secret = "Another-Secret-1" });
        var afterNewSecret = await StoredSecretAsync(tenantId, id);
        var audit = await server.TenantAsync(tenantId, db => db.AuditEntries.AsNoTracking().Where(e => e.EntityId == id).ToListAsync());

        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var item = await renamed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Sales DE", item.GetProperty("name").GetString());
        Assert.Equal(110, item.GetProperty("port").GetInt32());
        Assert.Equal(JsonValueKind.Null, item.GetProperty("folder").ValueKind);
        Assert.Equal(7, item.GetProperty("weighting").GetInt32());
        Assert.False(item.GetProperty("keepOnServer").GetBoolean());
        Assert.True(item.GetProperty("hasSecret").GetBoolean());
        Assert.Equal(before, afterRename);
        Assert.Equal(HttpStatusCode.OK, newSecret.StatusCode);
        Assert.NotEqual(before, afterNewSecret);
        var secretChange = Assert.Single(audit, e => e.Field == nameof(InboundAccount.ProtectedSecret));
        Assert.Equal(AuditEntry.Redacted, secretChange.OldValue);
        Assert.Equal(AuditEntry.Redacted, secretChange.NewValue);
        Assert.Contains(audit, e => e.Field == nameof(InboundAccount.Name) && e.OldValue == "Sales" && e.NewValue == "Sales DE" && e.Actor != "system");
        Assert.DoesNotContain(audit, e => (e.OldValue ?? "").Contains("Secret", StringComparison.Ordinal) || (e.NewValue ?? "").Contains("Secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RefuseInvalidInboundAccountsFieldByFieldAndChangeNothing()
    {
        var slug = await server.SignUpAsync();
        using var admin = await TenantClients.AdministratorAsync(server, slug);
        var id = await TenantApi.CreateAsync(admin, $"/t/{slug}/api/mail-accounts/inbound",
            new { name = "Support", protocol = "imap", host = "imap.example.com", userName = "support", secret = Secret });

        var invalid = await ErrorsAsync(await admin.PostAsJsonAsync($"/t/{slug}/api/mail-accounts/inbound",
            new { name = " ", protocol = "smtp", host = "not a host!", port = 70000, tlsMode = "ssl3", userName = "", weighting = 11 }));
        var missingSecretAndFolder = await ErrorsAsync(await admin.PostAsJsonAsync($"/t/{slug}/api/mail-accounts/inbound",
            new { name = "Support", protocol = "imap", host = "imap.example.com", userName = "u", folder = "", weighting = 0 }));
        var update = await ErrorsAsync(await admin.PutAsJsonAsync($"/t/{slug}/api/mail-accounts/inbound/{id}",
            new { name = "Renamed", protocol = "imap", host = "imap.example.com", port = 0, userName = "support", secret = new string('x', 1001) }));
        var list = await admin.GetFromJsonAsync<JsonElement>($"/t/{slug}/api/mail-accounts/inbound");

        Assert.Equal(["host", "name", "port", "protocol", "secret", "tlsMode", "userName", "weighting"], invalid.Keys.Order());
        Assert.Equal(["folder", "name", "secret", "weighting"], missingSecretAndFolder.Keys.Order());
        Assert.Contains("exists", missingSecretAndFolder["name"][0], StringComparison.Ordinal);
        Assert.Equal(["port", "secret"], update.Keys.Order());
        var only = Assert.Single(list.EnumerateArray());
        Assert.Equal("Support", only.GetProperty("name").GetString());
        Assert.Equal(993, only.GetProperty("port").GetInt32());
    }

    [Fact]
    public async Task ManageSystemAccountsAsEmailChannelAccountsOfTheTenant()
    {
        var slug = await server.SignUpAsync();
        using var admin = await TenantClients.AdministratorAsync(server, slug);
        var url = $"/t/{slug}/api/mail-accounts/system";

        var id = await TenantApi.CreateAsync(admin, url, new { type = "reply", name = "Replies", emailAddress = "reply@example.com", protocol = "imap" });
        using var updated = await admin.PutAsJsonAsync($"{url}/{id}",
            new { type = "second-level-reply", name = "Experts", emailAddress = "experts@example.com", protocol = "pop3", weighting = 5 });
        var invalid = await ErrorsAsync(await admin.PostAsJsonAsync(url,
            new { type = "global", name = "", emailAddress = "Someone <a@example.com>", protocol = "x400", weighting = -1 }));
        var account = await admin.GetFromJsonAsync<JsonElement>($"{url}/{id}");
        using var deleted = await admin.DeleteAsync($"{url}/{id}");
        using var gone = await admin.GetAsync($"{url}/{id}");

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("second-level-reply", account.GetProperty("type").GetString());
        Assert.Equal("experts@example.com", account.GetProperty("emailAddress").GetString());
        Assert.Equal("email", account.GetProperty("channel").GetString());
        Assert.Equal("pop3", account.GetProperty("protocol").GetString());
        Assert.Equal(5, account.GetProperty("weighting").GetInt32());
        Assert.True(account.GetProperty("tenantSpecific").GetBoolean());
        Assert.Equal(["emailAddress", "name", "protocol", "type", "weighting"], invalid.Keys.Order());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task ManageOutboundServersWithTheirSenderAddresses()
    {
        var slug = await server.SignUpAsync();
        using var admin = await TenantClients.AdministratorAsync(server, slug);
        var tenantId = await TenantClients.TenantIdAsync(server, slug);
        var url = $"/t/{slug}/api/mail-accounts/outbound";

        using var created = await admin.PostAsJsonAsync(url, new
        {
            name = "Relay", host = "smtp.example.com", authenticate = true, userName = "relay", secret = Secret,
            senderAddresses = new[] { "support@example.com", "sales@example.com", "SUPPORT@example.com" },
        });
        var createdText = await created.Content.ReadAsStringAsync();
        var id = JsonDocument.Parse(createdText).RootElement.GetProperty("id").GetGuid();
        var invalid = await ErrorsAsync(await admin.PutAsJsonAsync($"{url}/{id}", new
        {
            name = "Relay", host = "smtp.example.com", port = 65536, authenticate = true, senderAddresses = new[] { "ok@example.com", "no-at-sign" },
        }));
        var unchanged = await admin.GetStringAsync($"{url}/{id}");
        using var withoutAuthentication = await admin.PutAsJsonAsync($"{url}/{id}",
            new { name = "Relay", host = "10.0.0.25", tlsMode = "none", senderAddresses = new[] { "support@example.com" }, active = false });
        var server2 = await admin.GetFromJsonAsync<JsonElement>($"{url}/{id}");
        var stored = await server.TenantAsync(tenantId, db => db.OutboundSmtpServers.AsNoTracking().SingleAsync(s => s.Id == id));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var item = JsonDocument.Parse(createdText).RootElement;
        Assert.Equal(587, item.GetProperty("port").GetInt32());
        Assert.Equal("starttls", item.GetProperty("tlsMode").GetString());
        Assert.Equal(["support@example.com", "sales@example.com"], item.GetProperty("senderAddresses").EnumerateArray().Select(a => a.GetString()));
        Assert.True(item.GetProperty("hasSecret").GetBoolean());
        Assert.DoesNotContain(Secret, createdText, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, unchanged, StringComparison.Ordinal);
        Assert.Equal(["port", "senderAddresses[1]", "userName"], invalid.Keys.Order());
        Assert.Contains("\"port\":587", unchanged, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, withoutAuthentication.StatusCode);
        Assert.Equal(25, server2.GetProperty("port").GetInt32());
        Assert.False(server2.GetProperty("authenticate").GetBoolean());
        Assert.False(server2.GetProperty("hasSecret").GetBoolean());
        Assert.False(server2.GetProperty("active").GetBoolean());
        Assert.Null(stored.ProtectedSecret);
    }

    [Fact]
    public async Task LetOnlyTheTenantsAdministratorsIn()
    {
        var slug = await server.SignUpAsync();
        var other = await server.SignUpAsync();
        var oidc = new OidcDriver(server);
        using var admin = await TenantClients.AdministratorAsync(server, slug);
        using var agent = await TenantClients.ForAsync(server, await oidc.CreatePersonAsync((slug, TenantRole.Agent)), slug);
        using var supervisor = await TenantClients.ForAsync(server, await oidc.CreatePersonAsync((slug, TenantRole.Supervisor)), slug);
        using var foreignAdmin = await TenantClients.AdministratorAsync(server, other);
        var inboundId = await TenantApi.CreateAsync(admin, $"/t/{slug}/api/mail-accounts/inbound",
            new { name = "Support", protocol = "imap", host = "imap.example.com", userName = "support", secret = Secret });
        var body = new { name = "X", protocol = "imap", host = "imap.example.com", userName = "x", secret = "s" };

        foreach (var caller in new[] { agent, supervisor, foreignAdmin })
        {
            foreach (var kind in new[] { "inbound", "system", "outbound" })
            {
                using var list = await caller.GetAsync($"/t/{slug}/api/mail-accounts/{kind}");
                using var create = await caller.PostAsJsonAsync($"/t/{slug}/api/mail-accounts/{kind}", body);
                Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
                Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
            }

            using var get = await caller.GetAsync($"/t/{slug}/api/mail-accounts/inbound/{inboundId}");
            using var update = await caller.PutAsJsonAsync($"/t/{slug}/api/mail-accounts/inbound/{inboundId}", body);
            using var test = await caller.PostAsync($"/t/{slug}/api/mail-accounts/inbound/{inboundId}/test", null);
            using var delete = await caller.DeleteAsync($"/t/{slug}/api/mail-accounts/inbound/{inboundId}");
            Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, update.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, test.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
        }

        var remaining = await admin.GetFromJsonAsync<JsonElement>($"/t/{slug}/api/mail-accounts/inbound/{inboundId}");
        Assert.Equal("Support", remaining.GetProperty("name").GetString());
    }

    private async Task<string?> StoredSecretAsync(Guid tenantId, Guid id) =>
        await server.TenantAsync(tenantId, db => db.InboundAccounts.AsNoTracking().Where(a => a.Id == id).Select(a => a.ProtectedSecret).SingleAsync());

    private static async Task<Dictionary<string, string[]>> ErrorsAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            return problem.GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!;
        }
    }
}

public sealed class MailAccountsOnSqlite(SqliteServerFixture server) : MailAccountsShould<SqliteServerFixture>(server);

public sealed class MailAccountsOnPostgres(PostgresServerFixture server) : MailAccountsShould<PostgresServerFixture>(server);

public sealed class MailAccountsOnSqlServer(SqlServerServerFixture server) : MailAccountsShould<SqlServerServerFixture>(server.Required());
