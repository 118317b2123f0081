using ContactCenter.Data.Catalog;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Identity.Provider;

/// <summary>A person as tokens describe them: identity, tenants and roles, read from the catalog.</summary>
public sealed record Person(Guid Id, string Name, string? Email, bool IsPlatformOperator, IReadOnlyList<PersonTenant> Tenants)
{
    /// <summary>Whether "all my tenants" may be offered: more than one tenant, and every one of them allows it.</summary>
    public bool MaySignInForAllTenants => Tenants.Count > 1 && Tenants.All(t => t.AllowsSignInForAllTenants);

    public PersonTenant? Find(string slug) => Tenants.FirstOrDefault(t => t.Slug == slug);
}

/// <summary>One tenant a person works for, with their roles there.</summary>
public sealed record PersonTenant(Guid Id, string Slug, string Name, bool AllowsSignInForAllTenants, IReadOnlyList<string> Roles);

/// <summary>Reads people, their active tenants and roles from the catalog.</summary>
public sealed class PersonDirectory(CatalogDbContext catalog)
{
    public async Task<Person?> FindAsync(Guid userId, CancellationToken cancellationToken)
    {
        var user = await catalog.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return null;
        }

        var memberships = await catalog.TenantMemberships.AsNoTracking()
            .Where(m => m.UserId == userId && m.Tenant!.Status == TenantStatus.Active)
            .Select(m => new { m.TenantId, m.Tenant!.Slug, m.Tenant.Name, m.Tenant.AllowsSignInForAllTenants, m.Role })
            .ToListAsync(cancellationToken);
        var tenants = memberships
            .GroupBy(m => m.Slug, StringComparer.Ordinal)
            .Select(g => new PersonTenant(g.First().TenantId, g.Key, g.First().Name, g.First().AllowsSignInForAllTenants, g.Select(m => RoleName(m.Role)).Distinct().Order().ToList()))
            .OrderBy(t => t.Name, StringComparer.CurrentCultureIgnoreCase)
            .ToList();
        var isOperator = await (
            from userRole in catalog.UserRoles
            join role in catalog.Roles on userRole.RoleId equals role.Id
            where userRole.UserId == userId && role.NormalizedName == NormalizedOperatorRole
            select role.Id).AnyAsync(cancellationToken);
        return new Person(user.Id, user.UserName ?? user.Email ?? user.Id.ToString(), user.Email, isOperator, tenants);
    }

    /// <summary>The Identity role that makes a person a platform operator.</summary>
    public const string PlatformOperatorRoleName = "PlatformOperator";

    private const string NormalizedOperatorRole = "PLATFORMOPERATOR";

    public static string RoleName(TenantRole role) => role switch
    {
        TenantRole.TenantAdministrator => ProviderClaims.TenantAdministratorRole,
        TenantRole.Supervisor => ProviderClaims.SupervisorRole,
        _ => ProviderClaims.AgentRole,
    };

    /// <summary>Makes sure the platform-operator role exists, so operators can be appointed.</summary>
    public static async Task EnsureRolesAsync(RoleManager<IdentityRole<Guid>> roles)
    {
        if (!await roles.RoleExistsAsync(PlatformOperatorRoleName))
        {
            await roles.CreateAsync(new IdentityRole<Guid>(PlatformOperatorRoleName) { Id = Guid.CreateVersion7() });
        }
    }
}
