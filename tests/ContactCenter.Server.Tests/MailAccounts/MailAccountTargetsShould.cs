using System.Net;
using System.Net.Http.Json;
using ContactCenter.Data;
using ContactCenter.Server.Tests.Support;
using Microsoft.AspNetCore.Hosting;

namespace ContactCenter.Server.Tests.MailAccounts;

/// <summary>
/// A tenant administrator cannot aim the server's mail clients (inbound, outbound, a system account's server) at internal networks (with <c>Mail:AllowPrivateHosts</c>
/// off, as in production), nor send a stored password to another server without entering it again.
/// </summary>
public abstract class MailAccountTargetsShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    [Theory]
    [InlineData("inbound", "127.0.0.1")]
    [InlineData("inbound", "localhost")]
    [InlineData("inbound", "169.254.169.254")]
    [InlineData("inbound", "::ffff:10.0.0.1")]
    [InlineData("outbound", "192.168.0.10")]
    [InlineData("outbound", "[::1]")]
    [InlineData("outbound", "100.64.1.1")]
    [InlineData("system", "10.1.2.3")]
    public async Task RefuseANonPublicHost(string kind, string host)
    {
        var slug = await server.SignUpAsync();
        using var admin = await TenantApi.ClientAsync(server, TenantApi.Administrator(slug));

        using var response = await admin.PostAsJsonAsync($"/t/{slug}/api/mail-accounts/{kind}", Account(kind, host, "Secret-1"));

        Assert.Equal(["host"], (await TenantApi.FieldErrorsAsync(response)).Keys);
        Assert.Empty((await admin.GetFromJsonAsync<List<object>>($"/t/{slug}/api/mail-accounts/{kind}"))!);
    }

    [Theory]
    [InlineData("inbound")]
    [InlineData("outbound")]
    [InlineData("system")]
    public async Task AcceptAPublicHost(string kind)
    {
        var slug = await server.SignUpAsync();
        using var admin = await TenantApi.ClientAsync(server, TenantApi.Administrator(slug));

        using var response = await admin.PostAsJsonAsync($"/t/{slug}/api/mail-accounts/{kind}", Account(kind, "8.8.8.8", "Secret-1"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData("inbound", "host", "9.9.9.9")]
    [InlineData("inbound", "port", 4993)]
    [InlineData("inbound", "tlsMode", "starttls")]
    [InlineData("outbound", "host", "9.9.9.9")]
    [InlineData("outbound", "port", 2587)]
    [InlineData("outbound", "tlsMode", "implicit")]
    [InlineData("system", "host", "9.9.9.9")]
    [InlineData("system", "port", 4993)]
    public async Task AskForThePasswordAgainWhenTheTargetChanges(string kind, string field, object value)
    {
        var slug = await server.SignUpAsync();
        using var admin = await TenantApi.ClientAsync(server, TenantApi.Administrator(slug));
        var id = await TenantApi.CreateAsync(admin, $"/t/{slug}/api/mail-accounts/{kind}", Account(kind, "8.8.8.8", "Secret-1"));
        var changed = Account(kind, "8.8.8.8", null);
        changed[field] = value;

        using var unchanged = await admin.PutAsJsonAsync($"/t/{slug}/api/mail-accounts/{kind}/{id}", Account(kind, "8.8.8.8", null));
        using var withoutPassword = await admin.PutAsJsonAsync($"/t/{slug}/api/mail-accounts/{kind}/{id}", changed);
        changed["secret"] = "Secret-2";
        using var withPassword = await admin.PutAsJsonAsync($"/t/{slug}/api/mail-accounts/{kind}/{id}", changed);

        Assert.Equal(HttpStatusCode.OK, unchanged.StatusCode);
        Assert.Equal(["secret"], (await TenantApi.FieldErrorsAsync(withoutPassword)).Keys);
        Assert.Equal(HttpStatusCode.OK, withPassword.StatusCode);
    }

    private static Dictionary<string, object?> Account(string kind, string host, string? secret) => kind switch
    {
        "inbound" => new() { ["name"] = "Support", ["protocol"] = "imap", ["host"] = host, ["userName"] = "support", ["secret"] = secret },
        "system" => new() { ["type"] = "reply", ["name"] = "Replies", ["emailAddress"] = "replies@acme.example", ["host"] = host, ["userName"] = "replies", ["secret"] = secret },
        _ => new() { ["name"] = "Relay", ["host"] = host, ["authenticate"] = true, ["userName"] = "relay", ["secret"] = secret, ["senderAddresses"] = new[] { "info@acme.example" } },
    };
}

/// <summary>A server with <c>Mail:AllowPrivateHosts</c> off, as in production (the shared test servers allow the local mail servers).</summary>
public sealed class PublicHostsOnlySqliteServer : ServerFixture
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Mail:AllowPrivateHosts", "false");
    }
}

/// <summary>The PostgreSQL counterpart of <see cref="PublicHostsOnlySqliteServer"/>.</summary>
public sealed class PublicHostsOnlyPostgresServer : ServerFixture
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Mail:AllowPrivateHosts", "false");
    }
}

/// <summary>The SQL Server counterpart of <see cref="PublicHostsOnlySqliteServer"/>.</summary>
public sealed class PublicHostsOnlySqlServerServer : ServerFixture
{
    public override DatabaseProvider Provider => DatabaseProvider.SqlServer;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Mail:AllowPrivateHosts", "false");
    }
}

public sealed class MailAccountTargetsOnSqliteShould(PublicHostsOnlySqliteServer server)
    : MailAccountTargetsShould<PublicHostsOnlySqliteServer>(server), IClassFixture<PublicHostsOnlySqliteServer>;

public sealed class MailAccountTargetsOnPostgresShould(PublicHostsOnlyPostgresServer server)
    : MailAccountTargetsShould<PublicHostsOnlyPostgresServer>(server), IClassFixture<PublicHostsOnlyPostgresServer>;

public sealed class MailAccountTargetsOnSqlServerShould(PublicHostsOnlySqlServerServer server)
    : MailAccountTargetsShould<PublicHostsOnlySqlServerServer>(server.Required()), IClassFixture<PublicHostsOnlySqlServerServer>;
