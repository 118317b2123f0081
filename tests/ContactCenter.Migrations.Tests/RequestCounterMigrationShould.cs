using ContactCenter.Data;
using ContactCenter.Data.Tenant;
using ContactCenter.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ContactCenter.Migrations.Tests;

/// <summary>The request counter (20261209010000) starts at the highest request number a database has.</summary>
public sealed class RequestCounterMigrationShould
{
    private const string BeforeCounter = "20261207010000_AddRequests";

    [Theory]
    [ClassData(typeof(AllProviders))]
    public async Task StartAtTheHighestRequestNumber(DatabaseProvider provider)
    {
        await using var database = TestDatabase.Create(provider, "cc_counter");
        await using var db = new TenantDbContext(database.Options<TenantDbContext>());
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(BeforeCounter);
        // In SQL: the model has columns that later migrations add.
        foreach (var number in new long[] { 7, 41, 3 })
        {
            await db.Database.ExecuteSqlAsync(
                $"""
                 INSERT INTO "Requests" ("Id", "Number", "Token", "Subject", "Status", "Priority", "CreatedAt", "UpdatedAt", "MessageCount")
                 VALUES ({Guid.NewGuid()}, {number}, {"token" + number}, {"Request " + number}, 'Open', 'Normal', {DateTime.UtcNow}, {DateTime.UtcNow}, 0)
                 """);
        }

        await migrator.MigrateAsync();

        var counter = await db.RequestCounters.AsNoTracking().SingleAsync();
        Assert.Equal((RequestCounter.SingleId, 41L), (counter.Id, counter.Last));
    }

    [Theory]
    [ClassData(typeof(AllProviders))]
    public async Task StartAtZeroWithoutRequests(DatabaseProvider provider)
    {
        await using var database = TestDatabase.Create(provider, "cc_counter");
        await using var db = new TenantDbContext(database.Options<TenantDbContext>());

        await db.Database.MigrateAsync();

        Assert.Equal(0L, await db.RequestCounters.Select(c => c.Last).SingleAsync());
    }
}
