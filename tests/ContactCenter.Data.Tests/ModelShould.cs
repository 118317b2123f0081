using ContactCenter.Data;
using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using ContactCenter.Testing;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Data.Tests;

/// <summary>The rules the databases themselves enforce, on both providers, on migrated databases.</summary>
public sealed class ModelShould
{
    [Theory]
    [ClassData(typeof(AllProviders))]
    public async Task RefuseASecondTenantWithTheSameSlug(DatabaseProvider provider)
    {
        await using var database = TestDatabase.Create(provider);
        await using var catalog = await MigratedAsync<CatalogDbContext>(database, o => new(o));
        catalog.Tenants.Add(NewTenant("same"));
        await catalog.SaveChangesAsync();
        catalog.Tenants.Add(NewTenant("same"));

        await Assert.ThrowsAsync<DbUpdateException>(() => catalog.SaveChangesAsync());
    }

    [Theory]
    [ClassData(typeof(AllProviders))]
    public async Task RemoveMembershipsWithTheirTenant(DatabaseProvider provider)
    {
        await using var database = TestDatabase.Create(provider);
        await using var catalog = await MigratedAsync<CatalogDbContext>(database, o => new(o));
        var tenant = NewTenant("gone");
        var user = new PlatformUser { UserName = "a@b.example", Email = "a@b.example" };
        catalog.AddRange(tenant, user, new TenantMembership { TenantId = tenant.Id, UserId = user.Id, Role = TenantRole.Agent });
        await catalog.SaveChangesAsync();

        await catalog.Tenants.Where(t => t.Id == tenant.Id).ExecuteDeleteAsync();

        Assert.Equal(0, await catalog.TenantMemberships.CountAsync());
        Assert.Equal(1, await catalog.Users.CountAsync());
    }

    [Theory]
    [ClassData(typeof(AllProviders))]
    public async Task RemoveMailTokensWithTheirTenantAndRefuseATokenTwice(DatabaseProvider provider)
    {
        await using var database = TestDatabase.Create(provider);
        await using var catalog = await MigratedAsync<CatalogDbContext>(database, o => new(o));
        var gone = NewTenant("gone");
        var kept = NewTenant("kept");
        catalog.AddRange(gone, kept,
            new MailToken { Token = "aaaaaaaaaaaaaaaa", TenantId = gone.Id, CreatedAt = DateTime.UtcNow },
            new MailToken { Token = "bbbbbbbbbbbbbbbb", TenantId = kept.Id, CreatedAt = DateTime.UtcNow });
        await catalog.SaveChangesAsync();

        await catalog.Tenants.Where(t => t.Id == gone.Id).ExecuteDeleteAsync();

        Assert.Equal(["bbbbbbbbbbbbbbbb"], await catalog.MailTokens.Select(t => t.Token).ToListAsync());
        catalog.ChangeTracker.Clear();
        catalog.MailTokens.Add(new MailToken { Token = "bbbbbbbbbbbbbbbb", TenantId = kept.Id, CreatedAt = DateTime.UtcNow });
        await Assert.ThrowsAsync<DbUpdateException>(() => catalog.SaveChangesAsync());
    }

    [Theory]
    [ClassData(typeof(AllProviders))]
    public async Task KeepStatusAndTimesAsWritten(DatabaseProvider provider)
    {
        await using var database = TestDatabase.Create(provider);
        var created = new DateTime(2026, 11, 22, 8, 30, 15, DateTimeKind.Utc);
        await using (var catalog = await MigratedAsync<CatalogDbContext>(database, o => new(o)))
        {
            var tenant = NewTenant("kept");
            tenant.Status = TenantStatus.Suspended;
            tenant.CreatedAt = created;
            catalog.Tenants.Add(tenant);
            await catalog.SaveChangesAsync();
        }

        await using var reread = new CatalogDbContext(database.Options<CatalogDbContext>());
        var read = await reread.Tenants.SingleAsync(t => t.Slug == "kept");
        Assert.Equal(TenantStatus.Suspended, read.Status);
        Assert.Equal(created, DateTime.SpecifyKind(read.CreatedAt, DateTimeKind.Utc));
    }

    [Theory]
    [ClassData(typeof(AllProviders))]
    public async Task RefuseToDeleteAGroupThatStillHasChildren(DatabaseProvider provider)
    {
        await using var database = TestDatabase.Create(provider);
        await using var db = await MigratedAsync<TenantDbContext>(database, o => new(o));
        var system = new SystemGroup { Name = "System" };
        db.SystemGroups.Add(system);
        db.SupervisorGroups.Add(new SupervisorGroup { Name = "Supervisors", SystemGroupId = system.Id });
        await db.SaveChangesAsync();

        await Assert.ThrowsAnyAsync<Exception>(() => db.SystemGroups.Where(g => g.Id == system.Id).ExecuteDeleteAsync());
        Assert.Equal(1, await db.SystemGroups.CountAsync());
    }

    [Theory]
    [ClassData(typeof(AllProviders))]
    public async Task RefuseTwoCategoriesWithOneName(DatabaseProvider provider)
    {
        await using var database = TestDatabase.Create(provider);
        await using var db = await MigratedAsync<TenantDbContext>(database, o => new(o));
        var system = new SystemGroup { Name = "System" };
        var supervisors = new SupervisorGroup { Name = "Supervisors", SystemGroupId = system.Id };
        var agents = new AgentGroup { Name = "Agents", SupervisorGroupId = supervisors.Id };
        db.AddRange(system, supervisors, agents, new Category { Name = "Billing", AgentGroupId = agents.Id });
        await db.SaveChangesAsync();
        db.Categories.Add(new Category { Name = "Billing", AgentGroupId = agents.Id });

        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    /// <summary>SQL Server lets a plain unique index hold one NULL only; the index on BuiltIn is filtered there.</summary>
    [Theory]
    [ClassData(typeof(AllProviders))]
    public async Task KeepBuiltInRolesUniqueAndAllowManyCustomRoles(DatabaseProvider provider)
    {
        await using var database = TestDatabase.Create(provider);
        await using var db = await MigratedAsync<TenantDbContext>(database, o => new(o));
        db.Roles.AddRange(new Role { Name = "Auditor" }, new Role { Name = "Trainer" }, new Role { Name = "Night shift" });
        await db.SaveChangesAsync();
        db.Roles.Add(new Role { Name = "Second administrator", BuiltIn = TenantRole.TenantAdministrator });

        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        Assert.Equal(3, await db.Roles.CountAsync(r => r.BuiltIn == null));
    }

    private static Catalog.Tenant NewTenant(string slug) =>
        new() { Slug = slug, Name = slug, DatabaseServer = "main", DatabaseName = "db_" + slug };

    private static async Task<TContext> MigratedAsync<TContext>(TestDatabase database, Func<DbContextOptions<TContext>, TContext> create)
        where TContext : DbContext
    {
        var context = create(database.Options<TContext>());
        await context.Database.MigrateAsync();
        return context;
    }
}
