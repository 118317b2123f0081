using ContactCenter.Server.Identity.Provider;
using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.Authorization;

namespace ContactCenter.Server.Identity;

/// <summary>
/// Authorization by the caller's role in the resolved tenant, read from the catalog's memberships (so a token
/// for "all my tenants" gets the roles of the tenant it is used on). Platform operators pass every policy.
/// </summary>
public static class TenantRoles
{
    /// <summary>Tenant administrators: settings, org tree, roles, accounts.</summary>
    public const string Administrator = "TenantAdministrator";

    /// <summary>Supervisors and administrators.</summary>
    public const string Supervisor = "TenantSupervisor";

    /// <summary>Anyone who works for the tenant.</summary>
    public const string Member = "TenantMember";

    public static AuthorizationBuilder AddTenantRolePolicies(this AuthorizationBuilder authorization)
    {
        authorization.Services.AddScoped<IAuthorizationHandler, TenantRoleHandler>();
        return authorization
            .AddPolicy(Administrator, policy => policy.AddRequirements(new TenantRoleRequirement(ProviderClaims.TenantAdministratorRole)))
            .AddPolicy(Supervisor, policy => policy.AddRequirements(new TenantRoleRequirement(ProviderClaims.TenantAdministratorRole, ProviderClaims.SupervisorRole)))
            .AddPolicy(Member, policy => policy.AddRequirements(
                new TenantRoleRequirement(ProviderClaims.TenantAdministratorRole, ProviderClaims.SupervisorRole, ProviderClaims.AgentRole)));
    }

    /// <summary>The role a tenant's API client acts with: the one in its token, an older integration's (none named) agent.</summary>
    public static string ClientRoleOf(System.Security.Claims.ClaimsPrincipal client) =>
        client.FindFirst(ProviderClaims.Role)?.Value ?? ProviderClaims.AgentRole;

    /// <summary>Met when the caller has one of the roles in the resolved tenant.</summary>
    public sealed class TenantRoleRequirement(params string[] roles) : IAuthorizationRequirement
    {
        public IReadOnlyList<string> Roles { get; } = roles;
    }

    private sealed class TenantRoleHandler(TenantContext tenant, PersonDirectory people) : AuthorizationHandler<TenantRoleRequirement>
    {
        protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, TenantRoleRequirement requirement)
        {
            var user = context.User;
            if (tenant.Tenant is not { } resolved || user.Identity?.IsAuthenticated != true)
            {
                return;
            }

            if (TenantAccess.IsPlatformOperator(user))
            {
                context.Succeed(requirement);
                return;
            }

            // Integrations (client credentials) carry their tenant but no person: they are members, never administrators.
            if (TenantPermissions.PersonIdOf(user) is not { } userId)
            {
                if (requirement.Roles.Contains(ClientRoleOf(user)) && user.FindFirst(ProviderClaims.Tenant)?.Value == resolved.Slug)
                {
                    context.Succeed(requirement);
                }

                return;
            }

            var person = await people.FindAsync(userId, CancellationToken.None);
            if (person?.Find(resolved.Slug)?.Roles.Any(requirement.Roles.Contains) == true)
            {
                context.Succeed(requirement);
            }
        }
    }
}
