using ContactCenter.Data;
using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using ContactCenter.Testing;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Migrations.Tests;

/// <summary>The hand-written migrations produce exactly the schema EF Core would create from the model.</summary>
public sealed class SchemaDriftShould
{
    [Theory]
    [ClassData(typeof(AllProviders))]
    public Task NotExistForTheCatalog(DatabaseProvider provider) =>
        AssertNoDriftAsync<CatalogDbContext>(provider, options => new(options));

    [Theory]
    [ClassData(typeof(AllProviders))]
    public Task NotExistForATenantDatabase(DatabaseProvider provider) =>
        AssertNoDriftAsync<TenantDbContext>(provider, options => new(options));

    private static async Task AssertNoDriftAsync<TContext>(DatabaseProvider provider, Func<DbContextOptions<TContext>, TContext> create)
        where TContext : DbContext
    {
        await using var migrated = TestDatabase.Create(provider, "cc_drift_m");
        await using var created = TestDatabase.Create(provider, "cc_drift_c");

        IReadOnlyList<string> fromMigrations;
        await using (var context = create(migrated.Options<TContext>()))
        {
            await context.Database.MigrateAsync();
            Assert.Empty(await context.Database.GetPendingMigrationsAsync());
            fromMigrations = await DatabaseSchema.ReadAsync(context.Database.GetDbConnection(), provider);
        }

        IReadOnlyList<string> fromModel;
        await using (var context = create(created.Options<TContext>()))
        {
            Assert.True(await context.Database.EnsureCreatedAsync());
            fromModel = await DatabaseSchema.ReadAsync(context.Database.GetDbConnection(), provider);
        }

        Assert.NotEmpty(fromModel);
        Assert.Equal(fromModel, fromMigrations);
    }
}
