using ContactCenter.Data;
using ContactCenter.Data.Tenant;
using ContactCenter.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ContactCenter.Migrations.Tests;

/// <summary>
/// The escalation marks of 20261211020000: earlier requests keep their rows with no marks, the move's key is unique
/// (many requests without one), and the migration goes down again.
/// </summary>
public sealed class RequestEscalationMigrationShould
{
    private const string BeforeEscalation = "20261210010000_IndexRequestLists";

    [Theory]
    [ClassData(typeof(AllProviders))]
    public async Task KeepEarlierRequestsAndRefuseASecondCopyOfOneRequest(DatabaseProvider provider)
    {
        await using var database = TestDatabase.Create(provider, "cc_escalation");
        await using var db = new TenantDbContext(database.Options<TenantDbContext>());
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(BeforeEscalation);
        var earlier = Guid.NewGuid();
        await db.Database.ExecuteSqlAsync(
            $"""
             INSERT INTO "Requests" ("Id", "Number", "Token", "Subject", "Status", "Priority", "CreatedAt", "UpdatedAt", "MessageCount")
             VALUES ({earlier}, 1, 'token1', 'Written before', 'Open', 'Normal', {DateTime.UtcNow}, {DateTime.UtcNow}, 0)
             """);

        await migrator.MigrateAsync();

        var before = await db.Requests.AsNoTracking().SingleAsync(r => r.Id == earlier);
        Assert.Equal((null, null, null, null), (before.EscalatedFromTenantId, before.EscalatedFromRequestId, before.EscalatedToRequestId, before.EscalatedToNumber));
        var (tenant, request) = (Guid.NewGuid(), Guid.NewGuid());
        db.Requests.Add(new Request { Number = 2, Token = "token2", EscalatedFromTenantId = tenant, EscalatedFromRequestId = request });
        db.Requests.Add(new Request { Number = 3, Token = "token3" });
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        db.Requests.Add(new Request { Number = 4, Token = "token4", EscalatedFromTenantId = tenant, EscalatedFromRequestId = request });
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        db.ChangeTracker.Clear();

        await migrator.MigrateAsync(BeforeEscalation);
        Assert.Equal(3, await db.Database.SqlQuery<int>($"""SELECT COUNT(*) AS "Value" FROM "Requests" """).SingleAsync());
    }
}
