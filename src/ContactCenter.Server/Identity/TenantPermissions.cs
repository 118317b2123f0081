using System.Security.Claims;
using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Identity.Provider;
using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Identity;

/// <summary>
/// Permission flags in the resolved tenant: the union of the caller's built-in role (from the catalog membership)
/// and the custom roles assigned to them in the tenant database. Platform operators hold every permission.
/// </summary>
public static class TenantPermissions
{
    /// <summary>
    /// Prefix of the named policy for each permission, for pages (<c>[Authorize(Policy = PolicyPrefix + nameof(Permission.X))]</c>),
    /// where the attribute needs a constant name.
    /// </summary>
    public const string PolicyPrefix = "Permission:";

    /// <summary>The named policy of <see cref="Permission.EditTemplates"/>, for page models' <c>[Authorize]</c>.</summary>
    public const string EditTemplatesPolicy = PolicyPrefix + nameof(Permission.EditTemplates);

    public static IServiceCollection AddTenantPermissions(this IServiceCollection services)
    {
        services.AddScoped<EffectivePermissions>();
        services.AddScoped<IAuthorizationHandler, PermissionHandler>();
        services.Configure<AuthorizationOptions>(options =>
        {
            foreach (var permission in Enum.GetValues<Permission>().Where(p => p != Permission.None))
            {
                options.AddPolicy(PolicyOf(permission), policy => policy.RequireAuthenticatedUser().AddRequirements(new PermissionRequirement(permission)));
            }
        });
        return services;
    }

    /// <summary>The name of the policy that requires <paramref name="permission"/> in the resolved tenant.</summary>
    public static string PolicyOf(Permission permission) => PolicyPrefix + permission;

    /// <summary>
    /// The caller's person id (catalog user id), or null for callers that are no person (integrations).
    /// A client's own token (client credentials) names the client as its subject: never a person, whatever its id looks like.
    /// </summary>
    public static Guid? PersonIdOf(ClaimsPrincipal user)
    {
        var subject = user.FindFirst(ProviderClaims.Subject)?.Value ?? user.FindFirst(ClaimTypes.NameIdentifier)?.Value;
        if (subject is null || subject == user.FindFirst(ProviderClaims.ClientId)?.Value)
        {
            return null;
        }

        return Guid.TryParse(subject, out var id) ? id : null;
    }

    /// <summary>Lets only callers holding <paramref name="permission"/> in the resolved tenant reach the endpoints.</summary>
    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, Permission permission)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(policy => policy.RequireAuthenticatedUser().AddRequirements(new PermissionRequirement(permission)));

    /// <summary>Met when the caller holds the permission in the resolved tenant.</summary>
    public sealed class PermissionRequirement(Permission permission) : IAuthorizationRequirement
    {
        public Permission Permission { get; } = permission;
    }

    // Every authorization handler is built for every policy evaluation, also on requests without a tenant (sign-up),
    // where the tenant database cannot be opened: resolve the permissions only when this requirement is evaluated.
    private sealed class PermissionHandler(IServiceProvider services) : AuthorizationHandler<PermissionRequirement>
    {
        protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
        {
            if (services.GetRequiredService<TenantContext>().Tenant is null)
            {
                return;
            }

            if ((await services.GetRequiredService<EffectivePermissions>().OfAsync(context.User, CancellationToken.None)).Permissions.HasFlag(requirement.Permission))
            {
                context.Succeed(requirement);
            }
        }
    }
}

/// <summary>What a caller may do in the tenant and why.</summary>
public sealed record CallerPermissions(IReadOnlyList<string> Roles, Permission Permissions)
{
    public static CallerPermissions Nothing { get; } = new([], Permission.None);
}

/// <summary>Works out a caller's permissions in the resolved tenant; remembers the answer for the request.</summary>
public sealed class EffectivePermissions(TenantContext tenant, PersonDirectory people, TenantDbContext db)
{
    private readonly Dictionary<string, CallerPermissions> _known = new(StringComparer.Ordinal);

    public async Task<CallerPermissions> OfAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (tenant.Tenant is not { } resolved || user.Identity?.IsAuthenticated != true)
        {
            return CallerPermissions.Nothing;
        }

        var subject = user.FindFirst(ProviderClaims.Subject)?.Value ?? user.FindFirst(ClaimTypes.NameIdentifier)?.Value;
        var key = subject ?? user.FindFirst(ProviderClaims.Tenant)?.Value ?? "";
        if (_known.TryGetValue(key, out var known))
        {
            return known;
        }

        var result = await ComputeAsync(user, resolved.Slug, subject, cancellationToken);
        _known[key] = result;
        return result;
    }

    private async Task<CallerPermissions> ComputeAsync(ClaimsPrincipal user, string slug, string? subject, CancellationToken cancellationToken)
    {
        if (TenantAccess.IsPlatformOperator(user))
        {
            return new CallerPermissions(["platform_operator"], BuiltInRoles.All);
        }

        if (TenantPermissions.PersonIdOf(user) is not { } personId)
        {
            // A tenant's API client (client credentials) acts with its role there and nothing else (an older one as an agent).
            if (user.FindFirst(ProviderClaims.Tenant)?.Value != slug)
            {
                return CallerPermissions.Nothing;
            }

            var role = TenantRoles.ClientRoleOf(user);
            return BuiltInOf(role) is { } builtIn
                ? await UnionAsync([builtIn], null, cancellationToken)
                : await UnionAsync([], null, cancellationToken, customRole: role);
        }

        var person = await people.FindAsync(personId, cancellationToken);
        var builtIns = person?.Find(slug)?.Roles.Select(BuiltInOf).OfType<TenantRole>().ToList() ?? [];
        return await UnionAsync(builtIns, person is null ? null : personId, cancellationToken);
    }

    private async Task<CallerPermissions> UnionAsync(List<TenantRole> builtIns, Guid? personId, CancellationToken cancellationToken, string? customRole = null)
    {
        var roles = await db.Roles.AsNoTracking()
            .Where(r => (r.BuiltIn != null && builtIns.Contains(r.BuiltIn.Value))
                || (personId != null && db.RoleAssignments.Any(a => a.RoleId == r.Id && a.PersonId == personId))
                || (customRole != null && r.BuiltIn == null && r.Name == customRole))
            .OrderBy(r => r.Name)
            .Select(r => new { r.Name, r.Permissions })
            .ToListAsync(cancellationToken);
        return new CallerPermissions(roles.Select(r => r.Name).ToList(), roles.Aggregate(Permission.None, (all, r) => all | r.Permissions));
    }

    private static TenantRole? BuiltInOf(string roleName) => roleName switch
    {
        ProviderClaims.TenantAdministratorRole => TenantRole.TenantAdministrator,
        ProviderClaims.SupervisorRole => TenantRole.Supervisor,
        ProviderClaims.AgentRole => TenantRole.Agent,
        _ => null,
    };
}
