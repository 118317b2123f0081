using ContactCenter.Data.Tenant;
using ContactCenter.Server.ServiceLevels;
using ContactCenter.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Tests.ServiceLevels;

/// <summary>Which goal a request's due time counts, read from a fresh tenant's settings and categories (Berlin, Monday to Friday 08:00–17:00).</summary>
public abstract class ServiceLevelDueTimesShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    // Monday 2026-12-07 08:00 in Berlin.
    private static readonly DateTime MondayMorning = new(2026, 12, 7, 7, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task CountTheTenantsGoalWithoutACategoryOverride()
    {
        var tenant = await NewTenantAsync();
        var category = await DefaultCategoryAsync(tenant);
        await server.TenantAsync(tenant, db =>
        {
            // The KPI goal is what warnings measure against, not the due time.
            db.CategoryProfiles.Add(new CategoryProfile { Id = category, KpiGoalHours = 2 });
            return db.SaveChangesAsync();
        });

        var due = await DueAtAsync(tenant, category);
        var uncategorised = await DueAtAsync(tenant, null);
        var unknown = await DueAtAsync(tenant, Guid.NewGuid());

        // 24 hours: nine on Monday, nine on Tuesday, six on Wednesday → Wednesday 14:00 (13:00 UTC).
        var wednesday = new DateTime(2026, 12, 9, 13, 0, 0, DateTimeKind.Utc);
        Assert.Equal((wednesday, wednesday, wednesday), (due, uncategorised, unknown));
    }

    [Fact]
    public async Task CountTheCategorysOverrideInsteadOfTheTenantsGoal()
    {
        var tenant = await NewTenantAsync();
        var category = await DefaultCategoryAsync(tenant);
        await server.TenantAsync(tenant, db =>
        {
            db.CategoryProfiles.Add(new CategoryProfile { Id = category, ServiceLevelOverrideHours = 2, KpiGoalHours = 40 });
            return db.SaveChangesAsync();
        });

        Assert.Equal(MondayMorning.AddHours(2), await DueAtAsync(tenant, category));
    }

    [Fact]
    public async Task HaveNoDueTimeWhenTheTenantHasNoBusinessHours()
    {
        var tenant = await NewTenantAsync();
        await server.TenantAsync(tenant, db => db.Settings.ExecuteUpdateAsync(set => set.SetProperty(s => s.BusinessHoursJson, """{"intervals":[],"holidays":[]}""")));

        Assert.Null(await DueAtAsync(tenant, null));
    }

    private async Task<Guid> NewTenantAsync()
    {
        var slug = await server.SignUpAsync();
        return await server.CatalogAsync(c => c.Tenants.Where(t => t.Slug == slug).Select(t => t.Id).SingleAsync());
    }

    private Task<Guid> DefaultCategoryAsync(Guid tenant) =>
        server.TenantAsync(tenant, db => db.Categories.Where(c => c.IsDefault).Select(c => c.Id).SingleAsync());

    private Task<DateTime?> DueAtAsync(Guid tenant, Guid? category) =>
        server.TenantAsync(tenant, db => ServiceLevelClock.DueAtAsync(db, category, MondayMorning, CancellationToken.None));
}

public sealed class ServiceLevelDueTimesOnSqlite(SqliteServerFixture server) : ServiceLevelDueTimesShould<SqliteServerFixture>(server);

public sealed class ServiceLevelDueTimesOnPostgres(PostgresServerFixture server) : ServiceLevelDueTimesShould<PostgresServerFixture>(server);
