using System.Net;
using System.Text.Json;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Platform;
using ContactCenter.Server.Tenancy;
using ContactCenter.Server.Tests.Requests;
using ContactCenter.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace ContactCenter.Server.Tests.Platform;

/// <summary>Placement on and moves between two PostgreSQL clusters (a server of its own: it counts every tenant of it).</summary>
public sealed class TenantMoveShould(TwoServersFixture server) : IClassFixture<TwoServersFixture>
{
    private readonly TenantTokens _tokens = new(server);

    [Fact]
    public async Task PlaceEachNewTenantOnTheServerWithTheFewestTenants()
    {
        for (var i = 0; i < 4; i++)
        {
            var before = await CountsAsync();
            var slug = await server.SignUpAsync();

            var placed = (await TenantRequests.TenantAsync(server, slug)).DatabaseServer;

            // Ties go to the first server in configuration order.
            var expected = before.GetValueOrDefault(TwoServersFixture.Main) <= before.GetValueOrDefault(TwoServersFixture.Second) ? TwoServersFixture.Main : TwoServersFixture.Second;
            Assert.Equal(expected, placed);
            Assert.True(await TwoServersFixture.DatabaseExistsOnAsync(placed, (await TenantRequests.TenantAsync(server, slug)).DatabaseName));
        }

        var after = await CountsAsync();
        Assert.InRange(Math.Abs(after[TwoServersFixture.Main] - after[TwoServersFixture.Second]), 0, 1);
        var output = new StringWriter();
        Assert.Equal(0, await PlatformCommands.TenantsAsync(server.Services, ["servers"], output, TextWriter.Null, CancellationToken.None));
        Assert.Matches($@"main\s+{after[TwoServersFixture.Main]}\b", output.ToString());
        Assert.Matches($@"second\s+{after[TwoServersFixture.Second]}\b", output.ToString());
    }

    [Fact]
    public async Task MoveATenantWithItsRequestsToTheOtherServerAndBack()
    {
        var slug = await server.SignUpAsync();
        var tenant = await TenantRequests.TenantAsync(server, slug);
        await TenantRequests.AddAsync(server, tenant.Id, "Parcel lost", "Invoice wrong");
        using var admin = await _tokens.AdministratorAsync(slug);
        var home = tenant.DatabaseServer;
        var away = Other(home);
        var rowsBefore = await TenantMover.CountRowsAsync(TwoServersFixture.ConnectionStringOn(home, tenant.DatabaseName), CancellationToken.None);
        var output = new StringWriter();
        var error = new StringWriter();

        var exitCode = await PlatformCommands.TenantsAsync(server.Services, ["move", slug, "--to", away, "--wait", "0"], output, error, CancellationToken.None);

        Assert.True(exitCode == 0, error.ToString());
        foreach (var step in new[] { "suspending", "waiting 0 s", "ending connections", "copying to", "verifying row counts", "switching the catalog", "resuming", "dropping the source", $"moved to {away}" })
        {
            Assert.Contains($"{slug}: {step}", output.ToString(), StringComparison.Ordinal);
        }

        Assert.Matches($@"{slug}: \d+ tables, [1-9]\d* rows alike", output.ToString());
        var moved = await TenantRequests.TenantAsync(server, slug);
        Assert.Equal((away, TenantStatus.Active), (moved.DatabaseServer, moved.Status));
        Assert.False(await TwoServersFixture.DatabaseExistsOnAsync(home, tenant.DatabaseName));
        Assert.Equal(rowsBefore, await TenantMover.CountRowsAsync(TwoServersFixture.ConnectionStringOn(away, tenant.DatabaseName), CancellationToken.None));
        Assert.Equal(["Invoice wrong", "Parcel lost"], await TenantRequests.SubjectsAsync(admin));

        // Written after the move: lands on the new server, and travels back with the rest.
        await TenantRequests.AddAsync(server, tenant.Id, "Written on the second server");
        var backOutput = new StringWriter();
        Assert.Equal(0, await PlatformCommands.TenantsAsync(server.Services, ["move", slug, "--to", home, "--wait", "0", "--keep-source"], backOutput, error, CancellationToken.None));

        Assert.Contains("(read-only)", backOutput.ToString(), StringComparison.Ordinal);
        Assert.Equal(home, (await TenantRequests.TenantAsync(server, slug)).DatabaseServer);
        Assert.True(await TwoServersFixture.DatabaseExistsOnAsync(away, tenant.DatabaseName));
        Assert.Equal(
            await TenantMover.CountRowsAsync(TwoServersFixture.ConnectionStringOn(away, tenant.DatabaseName), CancellationToken.None),
            await TenantMover.CountRowsAsync(TwoServersFixture.ConnectionStringOn(home, tenant.DatabaseName), CancellationToken.None));
        Assert.Equal(["Invoice wrong", "Parcel lost", "Written on the second server"], await TenantRequests.SubjectsAsync(admin));
        await TenantRequests.AddAsync(server, tenant.Id, "Written at home again");
        Assert.Equal(4, (await TenantRequests.SubjectsAsync(admin)).Count);
    }

    [Fact]
    public async Task RollBackAMoveWhoseCopyDoesNotMatchTheSource()
    {
        var slug = await server.SignUpAsync();
        var tenant = await TenantRequests.TenantAsync(server, slug);
        await TenantRequests.AddAsync(server, tenant.Id, "Before the failed move");
        using var admin = await _tokens.AdministratorAsync(slug);
        var home = tenant.DatabaseServer;
        var away = Other(home);
        var mover = server.Services.GetRequiredService<TenantMover>();
        mover.BeforeVerify = async (target, ct) =>
        {
            // A copy that lost a row, as a broken copy would.
            await using var connection = new NpgsqlConnection(TwoServersFixture.ConnectionStringOn(target.DatabaseServer, target.DatabaseName));
            await connection.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = """DELETE FROM "RequestMessages" WHERE ctid IN (SELECT ctid FROM "RequestMessages" LIMIT 1)""";
            Assert.Equal(1, await command.ExecuteNonQueryAsync(ct));
        };
        var output = new StringWriter();
        var error = new StringWriter();
        int exitCode;
        try
        {
            exitCode = await PlatformCommands.TenantsAsync(server.Services, ["move", slug, "--to", away, "--wait", "0"], output, error, CancellationToken.None);
        }
        finally
        {
            mover.BeforeVerify = null;
        }

        Assert.Equal(1, exitCode);
        Assert.Contains("rolled back", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("\"RequestMessages\": 1 rows in the source, 0 rows in the copy", error.ToString(), StringComparison.Ordinal);
        Assert.Contains($"{slug}: rolled back; still on {home}, active", output.ToString(), StringComparison.Ordinal);
        var after = await TenantRequests.TenantAsync(server, slug);
        Assert.Equal((home, TenantStatus.Active), (after.DatabaseServer, after.Status));
        Assert.False(await TwoServersFixture.DatabaseExistsOnAsync(away, tenant.DatabaseName));
        Assert.Equal(["Before the failed move"], await TenantRequests.SubjectsAsync(admin));
        // The source takes writes again.
        await TenantRequests.AddAsync(server, tenant.Id, "After the failed move");
        Assert.Equal(2, (await TenantRequests.SubjectsAsync(admin)).Count);
    }

    [Fact]
    public async Task RefuseMovesThatCannotBeDoneWithoutTouchingTheTenant()
    {
        var slug = await server.SignUpAsync();
        var tenant = await TenantRequests.TenantAsync(server, slug);
        var error = new StringWriter();

        Assert.Equal(1, await PlatformCommands.TenantsAsync(server.Services, ["move", slug, "--to", tenant.DatabaseServer], TextWriter.Null, error, CancellationToken.None));
        Assert.Contains($"is on server '{tenant.DatabaseServer}' already", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, await PlatformCommands.TenantsAsync(server.Services, ["move", slug, "--to", "nowhere"], TextWriter.Null, error, CancellationToken.None));
        Assert.Contains("'nowhere' is not configured", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, await PlatformCommands.TenantsAsync(server.Services, ["move", "no-such-tenant", "--to", TwoServersFixture.Second], TextWriter.Null, error, CancellationToken.None));
        Assert.Contains("'no-such-tenant' does not exist", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, await PlatformCommands.TenantsAsync(server.Services, ["move", slug], TextWriter.Null, error, CancellationToken.None));
        Assert.Contains("--to <server>", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, await PlatformCommands.TenantsAsync(server.Services, ["move", slug, "--to", TwoServersFixture.Second, "--wait", "soon"], TextWriter.Null, error, CancellationToken.None));
        Assert.Contains("not 'soon'", error.ToString(), StringComparison.Ordinal);
        Assert.Equal((tenant.DatabaseServer, TenantStatus.Active), ((await TenantRequests.TenantAsync(server, slug)).DatabaseServer, (await TenantRequests.TenantAsync(server, slug)).Status));
    }

    /// <summary>Mail arrives and is fetched while the tenant moves: afterwards every mail is a request exactly once.</summary>
    [Fact]
    public async Task TurnEveryMailIntoOneRequestWhileTheTenantMoves()
    {
        const string user = "fetch1";
        var slug = await server.SignUpAsync();
        var tenant = await TenantRequests.TenantAsync(server, slug);
        using var admin = await TenantClients.AdministratorAsync(server, slug);
        var folder = DevMailboxes.NewFolder("mv");
        await DevMailboxes.AppendAsync(user, folder, Enumerable.Range(1, 5).Select(i => Mail($"Before the move {i}")));
        await TenantApi.CreateAsync(admin, $"/t/{slug}/api/mail-accounts/inbound", new
        {
            name = "IMAP " + folder, protocol = "imap", tlsMode = "implicit", host = DevMailboxes.Host, port = DevMailboxes.ImapsPort,
            userName = $"{user}@cc.test", secret = DevMailboxes.PasswordOf(user), folder, keepOnServer = true,
        });
        await Poll.UntilAsync(() => server.TenantAsync(tenant.Id, db => db.RequestMessages.CountAsync()), n => n >= 5, "the first five mails");

        using var stop = new CancellationTokenSource();
        var arriving = Task.Run(async () =>
        {
            var sent = 0;
            while (!stop.IsCancellationRequested || sent < 10)
            {
                await DevMailboxes.AppendAsync(user, folder, [Mail($"During the move {++sent}")]);
                await Task.Delay(150, CancellationToken.None);
            }

            return sent;
        });
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await PlatformCommands.TenantsAsync(server.Services, ["move", slug, "--to", Other(tenant.DatabaseServer), "--wait", "2"], output, error, CancellationToken.None);
        await stop.CancelAsync();
        var during = await arriving;

        Assert.True(exitCode == 0, error.ToString() + output);
        var total = 5 + during;
        await Poll.UntilAsync(() => server.TenantAsync(tenant.Id, db => db.RequestMessages.CountAsync()), n => n >= total, $"{total} request messages");
        await Poll.UntilAsync(() => DevMailboxes.KeywordsAsync(user, folder), k => k!.Count == total && k.All(set => set.Contains(ContactCenter.Server.MailFetching.AccountFetch.ImportedKeyword)),
            "every server copy to be flagged");
        var subjects = await server.TenantAsync(tenant.Id, db => db.Requests.Select(r => r.Subject).ToListAsync());
        var expected = Enumerable.Range(1, 5).Select(i => $"Before the move {i}").Concat(Enumerable.Range(1, during).Select(i => $"During the move {i}"));
        Assert.Equal(expected.Order(StringComparer.Ordinal), subjects.Order(StringComparer.Ordinal));
        Assert.Equal(total, await server.TenantAsync(tenant.Id, db => db.RequestMessages.CountAsync()));
        Assert.Equal(Other(tenant.DatabaseServer), (await TenantRequests.TenantAsync(server, slug)).DatabaseServer);
    }

    private static MimeKit.MimeMessage Mail(string subject)
    {
        var message = new MimeKit.MimeMessage { Subject = subject, MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("example.org"), Date = DateTimeOffset.UtcNow };
        message.From.Add(MimeKit.MailboxAddress.Parse("customer@example.org"));
        message.To.Add(MimeKit.MailboxAddress.Parse("support@acme.example"));
        message.Body = new MimeKit.TextPart("plain") { Text = $"About: {subject}" };
        return message;
    }

    private async Task<Dictionary<string, int>> CountsAsync()
    {
        await using var scope = server.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<TenantPlacement>().ServersAsync(CancellationToken.None)).ToDictionary(s => s.Server, s => s.Tenants);
    }

    private static string Other(string serverName) => serverName == TwoServersFixture.Main ? TwoServersFixture.Second : TwoServersFixture.Main;
}

/// <summary>Placement refuses a default server nobody configured before the server starts.</summary>
public sealed class TenantPlacementShould
{
    [Fact]
    public void RefuseADefaultServerThatIsNotConfiguredAtStartUp()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["Database:Postgres:Servers:main"] = "Host=127.0.0.1;Port=1",
            ["Database:Postgres:DefaultServer"] = "nowhere",
        });

        var refused = Assert.Throws<TenantPlacementException>(() => builder.AddTenancy());

        Assert.Contains("Database:Postgres:DefaultServer is 'nowhere'", refused.Message, StringComparison.Ordinal);
        Assert.Contains("configured: main", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AcceptLeastTenantsAndConfiguredServers()
    {
        var settings = new DatabaseSettings { Provider = ContactCenter.Data.DatabaseProvider.Postgres };
        settings.Postgres.Servers["main"] = "Host=127.0.0.1";
        settings.Postgres.DefaultServer = "least-tenants";
        TenantPlacement.CheckDefaultServer(settings);
        settings.Postgres.DefaultServer = "main";
        TenantPlacement.CheckDefaultServer(settings);
        settings.Postgres.Servers.Clear();

        Assert.Throws<TenantPlacementException>(() => TenantPlacement.CheckDefaultServer(settings));
    }
}

/// <summary>SQLite has no database servers: a move is refused with the reason.</summary>
public sealed class TenantMoveOnSqliteShould(SqliteServerFixture server)
{
    [Fact]
    public async Task RefuseToMoveATenant()
    {
        var slug = await server.SignUpAsync();
        var error = new StringWriter();

        Assert.Equal(1, await PlatformCommands.TenantsAsync(server.Services, ["move", slug, "--to", "second"], TextWriter.Null, error, CancellationToken.None));

        Assert.Contains("SQLite keeps every tenant in a file", error.ToString(), StringComparison.Ordinal);
    }
}
