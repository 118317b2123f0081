using System.Net;
using System.Net.Http.Json;
using ContactCenter.Server.MailAccounts;
using ContactCenter.Server.Tests.Support;

namespace ContactCenter.Server.Tests.MailAccounts;

/// <summary>"Test connection" against the dev Dovecot and Postfix the test command starts (as erin@cc.test).</summary>
public abstract class MailConnectionTestShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private const string User = "erin@cc.test";
    private const string Password = "erin-secret";

    private static string Host => DevMailServices.Get("CC_MAIL_HOST");

    private static int Port(string key) => int.Parse(DevMailServices.Get(key), System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("imap", "implicit", "CC_MAIL_IMAPS_PORT")]
    [InlineData("imap", "starttls", "CC_MAIL_IMAP_PORT")]
    [InlineData("pop3", "implicit", "CC_MAIL_POP3S_PORT")]
    [InlineData("pop3", "starttls", "CC_MAIL_POP3_PORT")]
    public async Task ReportWhetherTheInboundServerAcceptsTheAccount(string protocol, string tlsMode, string portKey)
    {
        var slug = await server.SignUpAsync();
        using var admin = await TenantClients.AdministratorAsync(server, slug);
        var url = $"/t/{slug}/api/mail-accounts/inbound";
        var good = await TenantApi.CreateAsync(admin, url,
            new { name = "Good", protocol, tlsMode, host = Host, port = Port(portKey), userName = User, secret = Password });
        var wrong = await TenantApi.CreateAsync(admin, url,
            new { name = "Wrong", protocol, tlsMode, host = Host, port = Port(portKey), userName = User, secret = "not-" + Password });

        var accepted = await TestAsync(admin, $"{url}/{good}/test");
        var refused = await TestAsync(admin, $"{url}/{wrong}/test");

        Assert.True(accepted.Ok, accepted.Message);
        Assert.Contains($"accepted {User}", accepted.Message, StringComparison.Ordinal);
        Assert.Contains(protocol == "imap" ? "folder INBOX holds" : "the mailbox holds", accepted.Message, StringComparison.Ordinal);
        Assert.False(refused.Ok);
        Assert.Contains("authentication", refused.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Password, refused.Message, StringComparison.Ordinal);
        // The conversation is there for the administrator, the password is not.
        Assert.Contains(protocol == "imap" ? "CAPABILITY" : "CAPA", accepted.ProtocolLog, StringComparison.Ordinal);
        Assert.Contains("********", accepted.ProtocolLog, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, accepted.ProtocolLog, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, refused.ProtocolLog, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Password)), accepted.ProtocolLog, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("starttls", "CC_MAIL_SUBMISSION_PORT")]
    [InlineData("implicit", "CC_MAIL_SMTPS_PORT")]
    public async Task ReportWhetherTheSmtpServerAcceptsTheAccount(string tlsMode, string portKey)
    {
        var slug = await server.SignUpAsync();
        using var admin = await TenantClients.AdministratorAsync(server, slug);
        var url = $"/t/{slug}/api/mail-accounts/outbound";
        var good = await TenantApi.CreateAsync(admin, url, new
        {
            name = "Good", host = Host, port = Port(portKey), tlsMode, authenticate = true, userName = User, secret = Password, senderAddresses = new[] { User },
        });
        var wrong = await TenantApi.CreateAsync(admin, url, new
        {
            name = "Wrong", host = Host, port = Port(portKey), tlsMode, authenticate = true, userName = User, secret = "not-" + Password, senderAddresses = new[] { User },
        });

        var accepted = await TestAsync(admin, $"{url}/{good}/test");
        var refused = await TestAsync(admin, $"{url}/{wrong}/test");

        Assert.True(accepted.Ok, accepted.Message);
        Assert.Contains($"accepted {User}", accepted.Message, StringComparison.Ordinal);
        Assert.Contains("AUTH", accepted.Message, StringComparison.Ordinal);
        Assert.False(refused.Ok);
        Assert.Contains("535", refused.Message, StringComparison.Ordinal);
        Assert.Contains("EHLO", accepted.ProtocolLog, StringComparison.Ordinal);
        Assert.Contains("AUTH", refused.ProtocolLog, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, accepted.ProtocolLog, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, refused.ProtocolLog, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportAServerThatCannotBeReached()
    {
        var slug = await server.SignUpAsync();
        using var admin = await TenantClients.AdministratorAsync(server, slug);
        var url = $"/t/{slug}/api/mail-accounts/inbound";
        // A port nothing listens on (bound for the whole test, so no other socket takes it): the test reports the
        // refused connection instead of failing the request.
        using var refusing = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        refusing.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)refusing.LocalEndPoint!).Port;
        var id = await TenantApi.CreateAsync(admin, url,
            new { name = "Nowhere", protocol = "imap", host = "127.0.0.1", port, userName = User, secret = Password });

        var result = await TestAsync(admin, $"{url}/{id}/test");
        using var missing = await admin.PostAsync($"{url}/{Guid.NewGuid()}/test", null);

        Assert.False(result.Ok);
        Assert.Contains(port.ToString(System.Globalization.CultureInfo.InvariantCulture), result.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private static async Task<ConnectionTestResult> TestAsync(HttpClient client, string url)
    {
        using var response = await client.PostAsync(url, null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ConnectionTestResult>())!;
    }
}

public sealed class MailConnectionTestOnSqlite(SqliteServerFixture server) : MailConnectionTestShould<SqliteServerFixture>(server);

public sealed class MailConnectionTestOnPostgres(PostgresServerFixture server) : MailConnectionTestShould<PostgresServerFixture>(server);

public sealed class MailConnectionTestOnSqlServer(SqlServerServerFixture server) : MailConnectionTestShould<SqlServerServerFixture>(server.Required());
