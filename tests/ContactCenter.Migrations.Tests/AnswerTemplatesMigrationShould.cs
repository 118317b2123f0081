using ContactCenter.Data;
using ContactCenter.Data.Tenant;
using ContactCenter.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ContactCenter.Migrations.Tests;

/// <summary>A category's single answer template (profile columns before 20261203030000) survives as its default template.</summary>
public sealed class AnswerTemplatesMigrationShould
{
    // The migration right before; going back further would cross 20261203020000, whose Down drops a foreign-key column
    // (SQLite cannot without a table rebuild).
    private const string BeforeTemplates = "20261203020000_LinkRoutingClassification";

    [Theory]
    [ClassData(typeof(AllProviders))]
    public async Task KeepTheOldTemplateAsTheDefaultTemplateStandard(DatabaseProvider provider)
    {
        await using var database = TestDatabase.Create(provider, "cc_templates");
        await using var db = new TenantDbContext(database.Options<TenantDbContext>());
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(BeforeTemplates);
        var withTemplate = await InsertCategoryAsync(db, "Billing", "ACME Ltd", "Dear {customer.name},", "Kind regards, {agent.name}");
        var bodyOnly = await InsertCategoryAsync(db, "Orders", null, "About {request.number}", null);
        var withoutTemplate = await InsertCategoryAsync(db, "General", null, "", null);

        await migrator.MigrateAsync();

        var templates = await db.AnswerTemplates.AsNoTracking().OrderBy(t => t.Body).ToListAsync();
        Assert.Equal(2, templates.Count);
        var billing = Assert.Single(templates, t => t.CategoryId == withTemplate);
        Assert.Equal(("Standard", "ACME Ltd", "Dear {customer.name},", "Kind regards, {agent.name}", true),
            (billing.Name, billing.Letterhead, billing.Body, billing.Footer, billing.IsDefault));
        var orders = Assert.Single(templates, t => t.CategoryId == bodyOnly);
        Assert.Equal(("Standard", null, "About {request.number}", null, true), (orders.Name, orders.Letterhead, orders.Body, orders.Footer, orders.IsDefault));
        Assert.DoesNotContain(templates, t => t.CategoryId == withoutTemplate);
        Assert.True(await db.CategoryProfiles.AnyAsync(p => p.Id == withoutTemplate), "the profiles themselves stay");

        // Going back puts the default template into the old columns again.
        db.AnswerTemplates.Add(new AnswerTemplate { CategoryId = withTemplate, Name = "Second", Body = "Not the default" });
        await db.SaveChangesAsync();
        await migrator.MigrateAsync(BeforeTemplates);
        var restored = await db.Database.SqlQuery<string>($"""SELECT "TemplateBody" AS "Value" FROM "CategoryProfiles" WHERE "Id" = {withTemplate}""").SingleAsync();
        Assert.Equal("Dear {customer.name},", restored);
    }

    /// <summary>Inserts an org-tree branch, a category and its profile with the pre-20261203030000 columns, in SQL.</summary>
    private static async Task<Guid> InsertCategoryAsync(TenantDbContext db, string name, string? letterhead, string? body, string? footer)
    {
        var (system, supervisors, agents, category) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await db.Database.ExecuteSqlAsync($"""INSERT INTO "SystemGroups" ("Id", "Name") VALUES ({system}, {"System " + name})""");
        await db.Database.ExecuteSqlAsync($"""INSERT INTO "SupervisorGroups" ("Id", "SystemGroupId", "Name") VALUES ({supervisors}, {system}, 'Supervisors')""");
        await db.Database.ExecuteSqlAsync($"""INSERT INTO "AgentGroups" ("Id", "SupervisorGroupId", "Name") VALUES ({agents}, {supervisors}, 'Agents')""");
        await db.Database.ExecuteSqlAsync($"""INSERT INTO "Categories" ("Id", "AgentGroupId", "Name", "IsDefault") VALUES ({category}, {agents}, {name}, {false})""");
        await db.Database.ExecuteSqlAsync(
            $"""
             INSERT INTO "CategoryProfiles" ("Id", "KpiSupervisorIds", "KpiNotifyByWeb", "KpiNotifyByEmail", "TemplateLetterhead", "TemplateBody", "TemplateFooter",
                                             "TextBlockIds", "PreparedAttachmentIds", "ClassificationIds")
             VALUES ({category}, '', {false}, {false}, {letterhead}, {body}, {footer}, '', '', '')
             """);
        return category;
    }
}
