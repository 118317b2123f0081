using System.Security.Claims;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Identity;
using ContactCenter.Server.Identity.Provider;
using ContactCenter.Server.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Requests;

/// <summary>
/// Which requests a caller of the resolved tenant may see and work: tenant administrators and platform operators
/// every request; agents those of the categories of their agent groups; supervisors those of their agent groups and of
/// the agent groups under their supervisor groups. An integration has no groups, so its role decides: administrator
/// and supervisor clients see every request, agent clients none. A request outside the scope does not exist for the
/// caller (404), in the API and on the pages.
/// </summary>
public sealed class RequestScope
{
    private readonly HashSet<Guid>? _categories;

    private RequestScope(HashSet<Guid>? categories) => _categories = categories;

    /// <summary>Whether the caller sees every request, including those without a category.</summary>
    public bool SeesAll => _categories is null;

    /// <summary>The caller's requests among <paramref name="requests"/>.</summary>
    public IQueryable<Request> Apply(IQueryable<Request> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (_categories is null)
        {
            return requests;
        }

        var categories = _categories.ToList();
        return requests.Where(r => r.CategoryId != null && categories.Contains(r.CategoryId.Value));
    }

    /// <summary>Whether the caller may see the request with this id (false also when there is none).</summary>
    public Task<bool> SeesAsync(TenantDbContext db, Guid requestId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return Apply(db.Requests.AsNoTracking()).AnyAsync(r => r.Id == requestId, cancellationToken);
    }

    /// <summary>Binds the caller's scope as an endpoint parameter (minimal APIs call this by convention).</summary>
    public static async ValueTask<RequestScope?> BindAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var services = context.RequestServices;
        return await OfAsync(context.User, services.GetRequiredService<TenantContext>(), services.GetRequiredService<PersonDirectory>(),
            services.GetRequiredService<TenantDbContext>(), context.RequestAborted);
    }

    /// <summary>The scope of the signed-in caller in the resolved tenant.</summary>
    public static async Task<RequestScope> OfAsync(ClaimsPrincipal user, TenantContext tenant, PersonDirectory people, TenantDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(people);
        ArgumentNullException.ThrowIfNull(db);
        if (TenantAccess.IsPlatformOperator(user))
        {
            return new RequestScope(null);
        }

        if (TenantPermissions.PersonIdOf(user) is not { } personId)
        {
            var role = TenantRoles.ClientRoleOf(user);
            return new RequestScope(role is ProviderClaims.TenantAdministratorRole or ProviderClaims.SupervisorRole ? null : []);
        }

        var roles = (await people.FindAsync(personId, cancellationToken))?.Find(tenant.Required.Slug)?.Roles ?? [];
        if (roles.Contains(ProviderClaims.TenantAdministratorRole))
        {
            return new RequestScope(null);
        }

        var assignments = await db.GroupAssignments.AsNoTracking().Where(a => a.PersonId == personId)
            .Select(a => new { a.AgentGroupId, a.SupervisorGroupId }).ToListAsync(cancellationToken);
        var agentGroups = assignments.Select(a => a.AgentGroupId).OfType<Guid>().ToList();
        var supervisorGroups = assignments.Select(a => a.SupervisorGroupId).OfType<Guid>().ToList();
        var categories = await db.Categories.AsNoTracking()
            .Where(c => agentGroups.Contains(c.AgentGroupId) || supervisorGroups.Contains(c.AgentGroup!.SupervisorGroupId))
            .Select(c => c.Id).ToListAsync(cancellationToken);
        return new RequestScope([.. categories]);
    }
}
