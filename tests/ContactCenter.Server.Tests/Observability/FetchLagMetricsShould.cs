using ContactCenter.Server.Tests.MailFetching;
using ContactCenter.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace ContactCenter.Server.Tests.Observability;

/// <summary>After a fetch from the dev Dovecot, <c>/metrics</c> shows the account's fetch lag under its tenant and id.</summary>
public abstract class FetchLagMetricsShould<TFixture>(TFixture server) : IClassFixture<TFixture>
    where TFixture : MailFetchServerFixture
{
    [Fact]
    public async Task ReportTheSecondsSinceAnAccountsLastSuccessfulFetch()
    {
        var slug = await server.SignUpAsync();
        var tenantId = await TenantClients.TenantIdAsync(server, slug);
        using var administrator = await TenantClients.AdministratorAsync(server, slug);
        var folder = DevMailboxes.NewFolder("lag");
        var mail = new MimeMessage { Subject = "Where is my parcel?", Date = DateTimeOffset.UtcNow };
        mail.From.Add(MailboxAddress.Parse("customer@example.org"));
        mail.To.Add(MailboxAddress.Parse("support@acme.example"));
        mail.Body = new TextPart("plain") { Text = "It has not arrived." };
        await DevMailboxes.AppendAsync("fetch1", folder, [mail]);

        var accountId = await TenantApi.CreateAsync(administrator, $"/t/{slug}/api/mail-accounts/inbound", new
        {
            name = "IMAP " + folder, protocol = "imap", tlsMode = "implicit", host = DevMailboxes.Host, port = DevMailboxes.ImapsPort,
            userName = "fetch1@cc.test", secret = DevMailboxes.PasswordOf("fetch1"), folder, keepOnServer = true,
        });
        await Poll.UntilAsync(() => server.TenantAsync(tenantId, db => db.RequestMessages.CountAsync()), n => n == 1, "the mail to be fetched");

        var lag = await Poll.UntilAsync(async () => (await PrometheusText.ScrapeAsync(server)).SingleOrDefault(s => s.Name == "contactcenter_mail_fetch_lag_seconds"
            && s.Labels.GetValueOrDefault("account") == accountId.ToString()), s => s is not null, "the account's fetch lag");
        Assert.Equal(slug, lag!.Labels["tenant"]);
        Assert.True(lag.Value >= 0);
        var succeededAt = await server.CatalogAsync(c => c.MailFetchAccounts.Where(a => a.AccountId == accountId).Select(a => a.LastSucceededAt).SingleAsync());
        Assert.NotNull(succeededAt);
    }

    [Fact]
    public async Task ReportNoLagForAnAccountThatNeverFetchedSuccessfully()
    {
        var slug = await server.SignUpAsync();
        using var administrator = await TenantClients.AdministratorAsync(server, slug);
        var accountId = await TenantApi.CreateAsync(administrator, $"/t/{slug}/api/mail-accounts/inbound", new
        {
            name = "Wrong password", protocol = "imap", tlsMode = "implicit", host = DevMailboxes.Host, port = DevMailboxes.ImapsPort,
            userName = "fetch1@cc.test", secret = "not-the-password", folder = DevMailboxes.NewFolder("bad"), keepOnServer = true,
        });

        var row = await Poll.UntilAsync(
            () => server.CatalogAsync(c => c.MailFetchAccounts.AsNoTracking().SingleAsync(a => a.AccountId == accountId)),
            a => a.LastError is not null, "the fetch with a wrong password to fail");
        Assert.NotNull(row.LastFetchAt);
        Assert.Null(row.LastSucceededAt);
        Assert.DoesNotContain(await PrometheusText.ScrapeAsync(server), s => s.Name == "contactcenter_mail_fetch_lag_seconds" && s.Labels.GetValueOrDefault("account") == accountId.ToString());
    }
}

public sealed class FetchLagMetricsOnSqliteShould(MailFetchSqliteServerFixture server) : FetchLagMetricsShould<MailFetchSqliteServerFixture>(server);

public sealed class FetchLagMetricsOnPostgresShould(MailFetchPostgresServerFixture server) : FetchLagMetricsShould<MailFetchPostgresServerFixture>(server);
