using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using ContactCenter.Server.MailAccounts;
using ContactCenter.Server.Tests.Support;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContactCenter.Server.Tests.MailAccounts;

/// <summary>
/// The server tab of system accounts (tenant-specific and global): optional, validated like an inbound account's when a
/// host is given, the password write-only and protected (global ones with a purpose of their own), and testable
/// against the dev Dovecot.
/// </summary>
public abstract class SystemAccountServerShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private const string Secret = "System-Mailbox-Secret-42";
    private const string GlobalUrl = "/api/platform/system-accounts";

    [Fact]
    public async Task StoreTheServerTabOfATenantsSystemAccountWithTheSecretProtected()
    {
        var slug = await server.SignUpAsync();
        using var admin = await TenantClients.AdministratorAsync(server, slug);
        var tenantId = await TenantClients.TenantIdAsync(server, slug);
        var url = $"/t/{slug}/api/mail-accounts/system";

        var plain = await TenantApi.JsonAsync(await admin.PostAsJsonAsync(url,
            new { type = "reply", name = "No server", emailAddress = "replies@acme.example", userName = "ignored" }), HttpStatusCode.Created);
        var created = await TenantApi.JsonAsync(await admin.PostAsJsonAsync(url, new
        {
            type = "second-level-reply", name = "Experts", emailAddress = "experts@acme.example", protocol = "pop3",
            host = "pop.example.com", tlsMode = "starttls", userName = "experts", secret = Secret, keepOnServer = false,
        }), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        var read = await admin.GetStringAsync($"{url}/{id}");
        var stored = await server.TenantAsync(tenantId, db => db.SystemAccounts.AsNoTracking().SingleAsync(a => a.Id == id));

        Assert.Equal(JsonValueKind.Null, plain.GetProperty("host").ValueKind);
        Assert.Equal(JsonValueKind.Null, plain.GetProperty("userName").ValueKind);
        Assert.False(plain.GetProperty("hasSecret").GetBoolean());
        Assert.Equal("pop.example.com", created.GetProperty("host").GetString());
        Assert.Equal(110, created.GetProperty("port").GetInt32());
        Assert.Equal("starttls", created.GetProperty("tlsMode").GetString());
        Assert.Equal("experts", created.GetProperty("userName").GetString());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("folder").ValueKind);
        Assert.False(created.GetProperty("keepOnServer").GetBoolean());
        Assert.True(created.GetProperty("hasSecret").GetBoolean());
        Assert.DoesNotContain(Secret, read, StringComparison.Ordinal);
        Assert.DoesNotContain(stored.ProtectedSecret!, read, StringComparison.Ordinal);
        Assert.Equal(Secret, MailSecrets.Unprotect(Protection, tenantId, stored.ProtectedSecret!));
    }

    [Fact]
    public async Task ValidateTheServerTabLikeAnInboundAccountsWhenAHostIsGiven()
    {
        var slug = await server.SignUpAsync();
        using var admin = await TenantClients.AdministratorAsync(server, slug);
        var url = $"/t/{slug}/api/mail-accounts/system";

        var invalid = await TenantApi.FieldErrorsAsync(await admin.PostAsJsonAsync(url, new
        {
            type = "reply", name = "Replies", emailAddress = "replies@acme.example", host = "bad host!", port = 70000, tlsMode = "ssl", folder = " ",
        }));
        var noSecret = await TenantApi.FieldErrorsAsync(await admin.PostAsJsonAsync(url,
            new { type = "reply", name = "Replies", emailAddress = "replies@acme.example", host = "imap.example.com", userName = "replies" }));
        var id = await TenantApi.CreateAsync(admin, url,
            new { type = "reply", name = "Replies", emailAddress = "replies@acme.example", host = "imap.example.com", userName = "replies", secret = Secret });
        var before = await StoredAsync(slug, id);
        using var renamed = await admin.PutAsJsonAsync($"{url}/{id}",
            new { type = "reply", name = "Replies DE", emailAddress = "replies@acme.example", host = "imap.example.com", userName = "replies", folder = "Replies" });
        var afterRename = await StoredAsync(slug, id);
        var retargeted = await TenantApi.FieldErrorsAsync(await admin.PutAsJsonAsync($"{url}/{id}",
            new { type = "reply", name = "Replies DE", emailAddress = "replies@acme.example", host = "imap.elsewhere.example.com", userName = "replies" }));
        using var serverRemoved = await admin.PutAsJsonAsync($"{url}/{id}", new { type = "reply", name = "Replies DE", emailAddress = "replies@acme.example" });
        var afterRemoval = await StoredAsync(slug, id);

        Assert.Equal(["folder", "host", "port", "secret", "tlsMode", "userName"], invalid.Keys.Order());
        Assert.Equal(["secret"], noSecret.Keys);
        Assert.Contains("password of the mailbox", noSecret["secret"][0], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal(before.ProtectedSecret, afterRename.ProtectedSecret);
        Assert.Equal("Replies", afterRename.Folder);
        Assert.Equal(993, afterRename.Port);
        Assert.Equal(["secret"], retargeted.Keys);
        Assert.Contains("again", retargeted["secret"][0], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, serverRemoved.StatusCode);
        // Without a server the password goes too: it must not wait for whatever server is entered next.
        Assert.Null(afterRemoval.Host);
        Assert.Null(afterRemoval.UserName);
        Assert.Null(afterRemoval.ProtectedSecret);
    }

    [Fact]
    public async Task ProtectAGlobalAccountsSecretWithAPurposeOfItsOwn()
    {
        using var platformOperator = await server.CreateOperatorClientAsync();
        var name = $"Global server {Guid.NewGuid():N}"[..30];

        var invalid = await TenantApi.FieldErrorsAsync(await platformOperator.PostAsJsonAsync(GlobalUrl,
            new { type = "reply", name, emailAddress = "replies@platform.example", host = "imap.example.com", port = 0 }));
        var id = await TenantApi.CreateAsync(platformOperator, GlobalUrl, new
        {
            type = "reply", name, emailAddress = "replies@platform.example", host = "imap.example.com", userName = "replies", secret = Secret, folder = "Replies",
        });
        var item = await platformOperator.GetFromJsonAsync<JsonElement>($"{GlobalUrl}/{id}");
        var stored = await server.CatalogAsync(catalog => catalog.GlobalSystemAccounts.AsNoTracking().SingleAsync(a => a.Id == id));
        using var deleted = await platformOperator.DeleteAsync($"{GlobalUrl}/{id}");

        Assert.Equal(["port", "secret", "userName"], invalid.Keys.Order());
        Assert.Equal("imap.example.com", item.GetProperty("host").GetString());
        Assert.Equal("Replies", item.GetProperty("folder").GetString());
        Assert.True(item.GetProperty("hasSecret").GetBoolean());
        Assert.False(item.TryGetProperty("secret", out _));
        Assert.Equal(Secret, MailSecrets.GlobalProtector(Protection).Unprotect(stored.ProtectedSecret!));
        Assert.Throws<CryptographicException>(() => MailSecrets.Unprotect(Protection, Guid.Empty, stored.ProtectedSecret!));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }

    [Fact]
    public async Task TestTheServerOfTenantAndGlobalSystemAccounts()
    {
        var slug = await server.SignUpAsync();
        using var admin = await TenantClients.AdministratorAsync(server, slug);
        using var platformOperator = await server.CreateOperatorClientAsync();
        var url = $"/t/{slug}/api/mail-accounts/system";
        var dovecot = new
        {
            protocol = "imap", tlsMode = "implicit", host = DevMailServices.Get("CC_MAIL_HOST"),
            port = int.Parse(DevMailServices.Get("CC_MAIL_IMAPS_PORT"), System.Globalization.CultureInfo.InvariantCulture),
            userName = $"{DevMailServices.User}@cc.test", secret = DevMailServices.Password,
        };
        var withServer = await TenantApi.CreateAsync(admin, url, new
        {
            type = "reply", name = "Dovecot", emailAddress = "replies@acme.example",
            dovecot.protocol, dovecot.tlsMode, dovecot.host, dovecot.port, dovecot.userName, dovecot.secret,
        });
        var withoutServer = await TenantApi.CreateAsync(admin, url, new { type = "second-level-reply", name = "Nowhere", emailAddress = "experts@acme.example" });
        var global = await TenantApi.CreateAsync(platformOperator, GlobalUrl, new
        {
            type = "reply", name = $"Global dovecot {Guid.NewGuid():N}"[..30], emailAddress = "replies@platform.example",
            dovecot.protocol, dovecot.tlsMode, dovecot.host, dovecot.port, dovecot.userName, dovecot.secret,
        });

        var tenantTest = await TestAsync(admin, $"{url}/{withServer}/test");
        var noServerTest = await TestAsync(admin, $"{url}/{withoutServer}/test");
        var globalTest = await TestAsync(platformOperator, $"{GlobalUrl}/{global}/test");
        using var unknown = await admin.PostAsync($"{url}/{Guid.NewGuid()}/test", null);
        using var asTenant = await admin.PostAsync($"{url}/{global}/test", null);
        using (await platformOperator.DeleteAsync($"{GlobalUrl}/{global}"))
        {
        }

        Assert.True(tenantTest.Ok, tenantTest.Message);
        Assert.Contains("folder INBOX holds", tenantTest.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(DevMailServices.Password, tenantTest.ProtocolLog, StringComparison.Ordinal);
        Assert.False(noServerTest.Ok);
        Assert.Contains("no server", noServerTest.Message, StringComparison.Ordinal);
        Assert.True(globalTest.Ok, globalTest.Message);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, asTenant.StatusCode);
    }

    private IDataProtectionProvider Protection => server.Services.GetRequiredService<IDataProtectionProvider>();

    private async Task<Data.Tenant.SystemAccount> StoredAsync(string slug, Guid id)
    {
        var tenantId = await TenantClients.TenantIdAsync(server, slug);
        return await server.TenantAsync(tenantId, db => db.SystemAccounts.AsNoTracking().SingleAsync(a => a.Id == id));
    }

    private static async Task<ConnectionTestResult> TestAsync(HttpClient client, string url)
    {
        using var response = await client.PostAsync(url, null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ConnectionTestResult>())!;
    }
}

public sealed class SystemAccountServerOnSqlite(SqliteServerFixture server) : SystemAccountServerShould<SqliteServerFixture>(server);

public sealed class SystemAccountServerOnPostgres(PostgresServerFixture server) : SystemAccountServerShould<PostgresServerFixture>(server);

public sealed class SystemAccountServerOnSqlServer(SqlServerServerFixture server) : SystemAccountServerShould<SqlServerServerFixture>(server.Required());
