using ContactCenter.Data;
using ContactCenter.Data.Tenant;
using ContactCenter.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ContactCenter.Migrations.Tests;

/// <summary>Routing rules written before the link get the classification their text names, on both providers.</summary>
public sealed class LinkRoutingClassificationShould
{
    private const string Migration = "20261203020000_LinkRoutingClassification";

    [Theory]
    [ClassData(typeof(AllProviders))]
    public async Task LinkExistingRulesByNameAndLeaveUnknownNamesUnlinked(DatabaseProvider provider)
    {
        await using var database = TestDatabase.Create(provider, "cc_link");
        await using var context = new TenantDbContext(database.Options<TenantDbContext>());
        var before = context.Database.GetMigrations().TakeWhile(m => m != Migration).Last();
        var migrator = context.GetService<IMigrator>();
        await migrator.MigrateAsync(before);

        // Rows as the rules API wrote them before the link (plain SQL: the model already has the new column).
        Guid system = Guid.NewGuid(), supervisors = Guid.NewGuid(), agents = Guid.NewGuid(), category = Guid.NewGuid();
        Guid complaint = Guid.NewGuid(), praise = Guid.NewGuid();
        Guid exact = Guid.NewGuid(), otherCase = Guid.NewGuid(), unknown = Guid.NewGuid(), keyword = Guid.NewGuid();
        var db = context.Database;
        await db.ExecuteSqlAsync($"""INSERT INTO "SystemGroups" ("Id", "Name") VALUES ({system}, 'System')""");
        await db.ExecuteSqlAsync($"""INSERT INTO "SupervisorGroups" ("Id", "SystemGroupId", "Name") VALUES ({supervisors}, {system}, 'Supervisors')""");
        await db.ExecuteSqlAsync($"""INSERT INTO "AgentGroups" ("Id", "SupervisorGroupId", "Name") VALUES ({agents}, {supervisors}, 'Agents')""");
        await db.ExecuteSqlAsync($"""INSERT INTO "Categories" ("Id", "AgentGroupId", "Name", "IsDefault") VALUES ({category}, {agents}, 'General', {true})""");
        await db.ExecuteSqlAsync($"""INSERT INTO "Classifications" ("Id", "Name", "Channels") VALUES ({complaint}, 'Complaint', 0), ({praise}, 'Praise', 0)""");
        foreach (var (id, condition, value) in new[]
                 {
                     (exact, "Classification", "Complaint"), (otherCase, "Classification", " praise"),
                     (unknown, "Classification", "Fraud"), (keyword, "SubjectKeyword", "Complaint"),
                 })
        {
            await db.ExecuteSqlAsync($"""
                INSERT INTO "RoutingRules" ("Id", "Position", "Condition", "Value", "CategoryId", "Priority", "Enabled")
                VALUES ({id}, 0, {condition}, {value}, {category}, 'Normal', {true})
                """);
        }

        await migrator.MigrateAsync();
        var links = await context.RoutingRules.AsNoTracking().ToDictionaryAsync(r => r.Id, r => r.ClassificationId);

        Assert.Equal(complaint, links[exact]);
        Assert.Equal(praise, links[otherCase]);
        Assert.Null(links[unknown]);
        Assert.Null(links[keyword]);
    }
}
