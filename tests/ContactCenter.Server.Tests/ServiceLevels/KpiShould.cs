using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.MailAccounts;
using ContactCenter.Server.ServiceLevels;
using ContactCenter.Server.Tenancy;
using ContactCenter.Server.Tests.Requests;
using ContactCenter.Server.Tests.Support;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContactCenter.Server.Tests.ServiceLevels;

/// <summary>
/// The KPI clock and job on a tenant open round the clock: requests get their category's warning and goal times, the
/// clock stands still while a request waits for the customer, and each crossing is told to each named supervisor once,
/// in the bell and by mail through the tenant's outbound server (the dev Postfix).
/// </summary>
public abstract class KpiShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private const string AllWeek = """{"intervals":[{"day":"Sunday","from":"00:00:00","to":"23:59:00"},{"day":"Monday","from":"00:00:00","to":"23:59:00"},{"day":"Tuesday","from":"00:00:00","to":"23:59:00"},{"day":"Wednesday","from":"00:00:00","to":"23:59:00"},{"day":"Thursday","from":"00:00:00","to":"23:59:00"},{"day":"Friday","from":"00:00:00","to":"23:59:00"},{"day":"Saturday","from":"00:00:00","to":"23:59:00"}],"holidays":[]}""";

    private readonly TenantTokens _tokens = new(server);

    [Fact]
    public async Task TellEachNamedSupervisorOncePerCrossing()
    {
        var setup = await NewSetupAsync();
        var now = DateTime.UtcNow;
        var warned = await AddRequestAsync(setup, now.AddMinutes(-40));
        var overdue = await AddRequestAsync(setup, now.AddHours(-3));
        var inTime = await AddRequestAsync(setup, now.AddMinutes(-10));
        var waiting = await AddRequestAsync(setup, now.AddHours(-3), RequestStatus.Waiting);

        var first = await RunAsync(setup);
        var again = await RunAsync(setup);

        Assert.Equal(new KpiRun(2, 4, 4), first);
        Assert.Equal(new KpiRun(0, 0, 0), again);
        var told = await NotificationsAsync(setup);
        Assert.Equal(
            setup.Supervisors.SelectMany(s => new[] { (s, KpiJob.WarningKind, warned), (s, KpiJob.OverdueKind, overdue) }).Order(),
            told.Select(n => (n.PersonId, n.Kind, n.RequestId!.Value)).Order());
        Assert.All(told, n => Assert.Equal("Returns", n.Detail));
        var states = await server.TenantAsync(setup.TenantId, db => db.Requests.AsNoTracking().ToDictionaryAsync(r => r.Id));
        Assert.Equal((KpiState.Warning, KpiState.Overdue, KpiState.InTime, KpiState.InTime),
            (states[warned].KpiState, states[overdue].KpiState, states[inTime].KpiState, states[waiting].KpiState));
        Assert.NotNull(states[waiting].KpiPausedAt);

        // Time passes for the warned one: its goal is crossed too, and told once more.
        await server.TenantAsync(setup.TenantId, async db =>
        {
            var request = await db.Requests.SingleAsync(r => r.Id == warned);
            request.KpiDueAt = DateTime.UtcNow.AddMinutes(-1);
            return await db.SaveChangesAsync();
        });
        Assert.Equal(new KpiRun(1, 2, 2), await RunAsync(setup));
        Assert.Equal(new KpiRun(0, 0, 0), await RunAsync(setup));
    }

    [Fact]
    public async Task StandStillWhileTheRequestWaitsForTheCustomer()
    {
        var setup = await NewSetupAsync();
        var created = DateTime.UtcNow.AddMinutes(-20);
        var id = await AddRequestAsync(setup, created);
        var before = await server.TenantAsync(setup.TenantId, db => db.Requests.AsNoTracking().SingleAsync(r => r.Id == id));
        Assert.Equal(30, (before.KpiWarnAt!.Value - created).TotalMinutes, 0);
        Assert.Equal(60, (before.KpiDueAt!.Value - created).TotalMinutes, 0);

        await SetStatusAsync(setup, id, RequestStatus.Waiting);
        // Two hours of waiting (the pause moved back rather than the test waiting), then the customer answers.
        await server.TenantAsync(setup.TenantId, async db =>
        {
            (await db.Requests.SingleAsync(r => r.Id == id)).KpiPausedAt = DateTime.UtcNow.AddHours(-2);
            return await db.SaveChangesAsync();
        });
        await SetStatusAsync(setup, id, RequestStatus.Open);

        var after = await server.TenantAsync(setup.TenantId, db => db.Requests.AsNoTracking().SingleAsync(r => r.Id == id));
        Assert.Null(after.KpiPausedAt);
        // Two hours of business time later, at any hour: "all week" (00:00–23:59 each day) leaves no minute out.
        Assert.Equal(120, (after.KpiWarnAt!.Value - before.KpiWarnAt.Value).TotalMinutes, 0);
        Assert.Equal(120, (after.KpiDueAt!.Value - before.KpiDueAt.Value).TotalMinutes, 0);
        Assert.Equal(new KpiRun(0, 0, 0), await RunAsync(setup));
    }

    private async Task<KpiRun> RunAsync(Setup setup)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var tenant = TenantRecord.From(await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().Tenants.AsNoTracking().SingleAsync(t => t.Id == setup.TenantId));
        return await scope.ServiceProvider.GetRequiredService<KpiJob>().RunTenantAsync(tenant, CancellationToken.None);
    }

    private Task<List<Notification>> NotificationsAsync(Setup setup) =>
        server.TenantAsync(setup.TenantId, db => db.Notifications.AsNoTracking().ToListAsync());

    private Task<int> SetStatusAsync(Setup setup, Guid id, RequestStatus status) =>
        server.TenantAsync(setup.TenantId, async db =>
        {
            (await db.Requests.SingleAsync(r => r.Id == id)).Status = status;
            return await db.SaveChangesAsync();
        });

    private Task<Guid> AddRequestAsync(Setup setup, DateTime created, RequestStatus status = RequestStatus.Open) =>
        server.TenantAsync(setup.TenantId, async db =>
        {
            var number = await db.Requests.CountAsync() + 1;
            var request = RequestData.NewRequest(number, $"Return {number}", status, categoryId: setup.CategoryId);
            request.CreatedAt = request.UpdatedAt = created;
            db.Requests.Add(request);
            await db.SaveChangesAsync();
            return request.Id;
        });

    /// <summary>
    /// A tenant open every day round the clock (but the last minute), with the dev Postfix as outbound server, and a
    /// category "Returns" with a KPI goal of one hour, warning at 50 %, naming two supervisors to be told in the bell
    /// and by mail; a third supervisor is not named.
    /// </summary>
    private async Task<Setup> NewSetupAsync()
    {
        var slug = await server.SignUpAsync();
        var tenantId = await TenantApi.TenantIdAsync(server, slug);
        var supervisors = new[]
        {
            (await _tokens.Oidc.CreatePersonAsync((slug, TenantRole.Supervisor))).Id,
            (await _tokens.Oidc.CreatePersonAsync((slug, TenantRole.Supervisor))).Id,
        };
        await _tokens.Oidc.CreatePersonAsync((slug, TenantRole.Supervisor));
        var secret = MailSecrets.Protect(server.Services.GetRequiredService<IDataProtectionProvider>(), tenantId, "grace-secret");
        var categoryId = await server.TenantAsync(tenantId, async db =>
        {
            (await db.Settings.SingleAsync()).BusinessHoursJson = AllWeek;
            db.OutboundSmtpServers.Add(new OutboundSmtpServer
            {
                Name = "Postfix", Host = DevMailServices.Get("CC_MAIL_HOST"),
                Port = int.Parse(DevMailServices.Get("CC_MAIL_SUBMISSION_PORT"), System.Globalization.CultureInfo.InvariantCulture),
                TlsMode = MailTlsMode.StartTls, Authenticate = true, UserName = "grace@cc.test", ProtectedSecret = secret, SenderAddresses = "grace@cc.test",
            });
            var general = await db.Categories.SingleAsync(c => c.IsDefault);
            var returns = new Category { AgentGroupId = general.AgentGroupId, Name = "Returns" };
            db.Categories.Add(returns);
            db.CategoryProfiles.Add(new CategoryProfile
            {
                Id = returns.Id, KpiGoalHours = 1, KpiWarningPercent = 50, KpiSupervisorIds = CategoryProfile.FormatIds(supervisors),
                KpiNotifyByWeb = true, KpiNotifyByEmail = true,
            });
            await db.SaveChangesAsync();
            return returns.Id;
        });
        return new Setup(tenantId, categoryId, supervisors);
    }

    private sealed record Setup(Guid TenantId, Guid CategoryId, IReadOnlyList<Guid> Supervisors);
}

public sealed class KpiOnSqlite(SqliteServerFixture server) : KpiShould<SqliteServerFixture>(server);

public sealed class KpiOnPostgres(PostgresServerFixture server) : KpiShould<PostgresServerFixture>(server);
