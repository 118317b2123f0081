using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Identity;
using ContactCenter.Server.Identity.Provider;
using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server.Roles;

/// <summary>
/// Roles and permissions (<c>/api/roles</c>): built-in roles (administrator, supervisor, agent; seeded by the tenant
/// migration with fixed ids) and custom ones. Supervisors read; only administrators change roles. A person's
/// permissions are the union of their built-in role and their custom roles (<c>/api/me/permissions</c>).
/// </summary>
public static class RolesEndpoints
{
    private static readonly IStringLocalizer T = Localization.Texts<RolesTexts>();

    public static IEndpointRouteBuilder MapRoles(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/me").RequireTenant().RequireAuthorization().WithTags("Roles")
            .MapGet("/permissions", async (HttpContext http, EffectivePermissions permissions, CancellationToken ct) =>
            {
                var mine = await permissions.OfAsync(http.User, ct);
                return TypedResults.Ok(new MyPermissions(mine.Roles, Names(mine.Permissions)));
            });

        var roles = app.MapGroup("/api/roles").RequireTenant().WithTags("Roles");
        roles.MapGet("/", ListAsync).RequireAuthorization(TenantRoles.Supervisor);
        roles.MapGet("/permissions", () => TypedResults.Ok(Catalog)).RequireAuthorization(TenantRoles.Supervisor);

        var change = roles.MapGroup("/").RequireAuthorization(TenantRoles.Administrator);
        change.MapPost("/", (RoleInput input, TenantDbContext db, CancellationToken ct) => SaveAsync(db, null, input, ct));
        change.MapPut("/{id:guid}", (Guid id, RoleInput input, TenantDbContext db, CancellationToken ct) => SaveAsync(db, id, input, ct));
        change.MapDelete("/{id:guid}", DeleteAsync);
        change.MapPut("/{id:guid}/people/{personId:guid}", AssignAsync);
        change.MapDelete("/{id:guid}/people/{personId:guid}", UnassignAsync);
        return app;
    }

    /// <summary>Every permission with its description in the request's language (<c>Permission{Name}</c> in the resources), in flag order.</summary>
    public static IReadOnlyList<PermissionInfo> Catalog => Permissions.Select(p => new PermissionInfo(p, T["Permission" + p].Value)).ToList();

    private static readonly string[] Permissions = Enum.GetValues<Permission>().Where(p => p != Permission.None).Select(p => p.ToString()).ToArray();

    private static List<string> Names(Permission permissions) =>
        Enum.GetValues<Permission>().Where(p => p != Permission.None && permissions.HasFlag(p)).Select(p => p.ToString()).ToList();

    internal static async Task<Ok<List<RoleView>>> ListAsync(TenantDbContext db, CancellationToken cancellationToken)
    {
        var roles = await db.Roles.AsNoTracking().OrderBy(r => r.BuiltIn == null).ThenBy(r => r.Name).ToListAsync(cancellationToken);
        var people = (await db.RoleAssignments.AsNoTracking().Select(a => new { a.RoleId, a.PersonId }).ToListAsync(cancellationToken))
            .ToLookup(a => a.RoleId, a => a.PersonId);
        return TypedResults.Ok(roles.Select(r => View(r, people[r.Id].ToList())).ToList());
    }

    private static RoleView View(Role role, IReadOnlyList<Guid> people) => new(role.Id, role.Name, role.Description,
        role.BuiltIn is { } builtIn ? PersonDirectory.RoleName(builtIn) : null, Names(role.Permissions), people);

    internal static async Task<Results<Ok<RoleView>, Created<RoleView>, ValidationProblem, NotFound, ProblemHttpResult>> SaveAsync(
        TenantDbContext db, Guid? id, RoleInput input, CancellationToken cancellationToken)
    {
        var role = id is null ? null : await db.Roles.FindAsync([id], cancellationToken);
        if (id is not null && role is null)
        {
            return TypedResults.NotFound();
        }

        var errors = new Dictionary<string, string[]>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length is 0 or > Role.NameMaxLength)
        {
            errors["name"] = [T["NameLength", Role.NameMaxLength].Value];
        }
        else if (role?.BuiltIn is not null && name != role.Name)
        {
            errors["name"] = [T["BuiltInKeepsName", role.Name].Value];
        }

        if (input.Description?.Length > 2000)
        {
            errors["description"] = [T["DescriptionTooLong"].Value];
        }

        var permissions = Permission.None;
        var unknown = new List<string>();
        foreach (var permissionName in input.Permissions ?? [])
        {
            if (Enum.TryParse<Permission>(permissionName, ignoreCase: false, out var permission) && Enum.IsDefined(permission) && permission != Permission.None
                && !int.TryParse(permissionName, out _))
            {
                permissions |= permission;
            }
            else
            {
                unknown.Add(permissionName);
            }
        }

        if (unknown.Count > 0)
        {
            errors["permissions"] = [T["PermissionsUnknown", string.Join(", ", unknown), string.Join(", ", Permissions)].Value];
        }
        else if (role?.BuiltIn == TenantRole.TenantAdministrator && !permissions.HasFlag(Permission.ChangeSettings))
        {
            // Otherwise nobody could change the tenant's settings any more.
            errors["permissions"] = [T["AdministratorKeepsChangeSettings"].Value];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (await db.Roles.AnyAsync(r => r.Name == name && r.Id != id, cancellationToken))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: T["RoleExistsTitle"], detail: T["RoleExists", name]);
        }

        var description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim();
        if (role is null)
        {
            role = new Role { Name = name, Description = description, Permissions = permissions };
            db.Roles.Add(role);
            await db.SaveChangesAsync(cancellationToken);
            return TypedResults.Created($"roles/{role.Id}", View(role, []));
        }

        (role.Name, role.Description, role.Permissions) = (name, description, permissions);
        await db.SaveChangesAsync(cancellationToken);
        var people = await db.RoleAssignments.Where(a => a.RoleId == role.Id).Select(a => a.PersonId).ToListAsync(cancellationToken);
        return TypedResults.Ok(View(role, people));
    }

    internal static async Task<Results<NoContent, NotFound, ProblemHttpResult>> DeleteAsync(Guid id, TenantDbContext db, CancellationToken cancellationToken)
    {
        var role = await db.Roles.FindAsync([id], cancellationToken);
        if (role is null)
        {
            return TypedResults.NotFound();
        }

        if (role.BuiltIn is not null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: T["BuiltInRoleTitle"],
                detail: T["BuiltInCannotBeDeleted", role.Name]);
        }

        // Assignments go with the role (cascade), recorded in the audit trail through the tracked entities.
        db.RoleAssignments.RemoveRange(await db.RoleAssignments.Where(a => a.RoleId == id).ToListAsync(cancellationToken));
        db.Roles.Remove(role);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> AssignAsync(
        Guid id, Guid personId, TenantDbContext db, PersonDirectory people, TenantContext tenant, CancellationToken cancellationToken)
    {
        var role = await db.Roles.FindAsync([id], cancellationToken);
        if (role is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: T["UnknownRoleTitle"], detail: T["UnknownRole", id]);
        }

        if (role.BuiltIn is not null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: T["BuiltInRoleTitle"],
                detail: T["BuiltInFollowsGroups", role.Name]);
        }

        var person = await people.FindAsync(personId, cancellationToken);
        if (person?.Find(tenant.Required.Slug) is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: T["UnknownPersonTitle"], detail: T["UnknownPerson", personId]);
        }

        if (!await db.RoleAssignments.AnyAsync(a => a.RoleId == id && a.PersonId == personId, cancellationToken))
        {
            db.RoleAssignments.Add(new RoleAssignment { RoleId = id, PersonId = personId });
            await db.SaveChangesAsync(cancellationToken);
        }

        return TypedResults.NoContent();
    }

    internal static async Task<Results<NoContent, NotFound>> UnassignAsync(Guid id, Guid personId, TenantDbContext db, CancellationToken cancellationToken)
    {
        var assignment = await db.RoleAssignments.SingleOrDefaultAsync(a => a.RoleId == id && a.PersonId == personId, cancellationToken);
        if (assignment is null)
        {
            return TypedResults.NotFound();
        }

        db.RoleAssignments.Remove(assignment);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
