using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Identity;
using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server.OrgTree;

/// <summary>
/// The org tree (<c>/api/org-tree</c>; the page <c>/admin/org-tree</c> calls the same handlers): system groups → supervisor groups → agent groups → categories, and the
/// people in the groups. Supervisors read; administrators change. A tenant keeps at least one system group.
/// </summary>
public static class OrgTreeEndpoints
{
    private static readonly IStringLocalizer T = Localization.Texts<OrgTreeTexts>();

    public static IHostApplicationBuilder AddOrgTree(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<MembershipSync>();
        return builder;
    }

    public static IEndpointRouteBuilder MapOrgTree(this IEndpointRouteBuilder app)
    {
        var tree = app.MapGroup("/api/org-tree").RequireTenant().WithTags("Org tree");
        tree.MapGet("/", ReadAsync).RequireAuthorization(TenantRoles.Supervisor);
        tree.MapGet("/people", ListPeopleAsync).RequireAuthorization(TenantRoles.Supervisor);

        var change = tree.MapGroup("/").RequireAuthorization(TenantRoles.Administrator);
        change.MapPost("/system-groups", (GroupInput input, TenantDbContext db, CancellationToken ct) => SaveAsync(db, GroupLevel.System, null, input, ct));
        change.MapPut("/system-groups/{id:guid}", (Guid id, GroupInput input, TenantDbContext db, CancellationToken ct) => SaveAsync(db, GroupLevel.System, id, input, ct));
        change.MapDelete("/system-groups/{id:guid}", (Guid id, TenantDbContext db, MembershipSync sync, TenantContext tenant, CancellationToken ct) =>
            DeleteAsync(db, sync, tenant.Required.Id, GroupLevel.System, id, ct));
        change.MapPost("/supervisor-groups", (GroupInput input, TenantDbContext db, CancellationToken ct) => SaveAsync(db, GroupLevel.Supervisor, null, input, ct));
        change.MapPut("/supervisor-groups/{id:guid}", (Guid id, GroupInput input, TenantDbContext db, CancellationToken ct) => SaveAsync(db, GroupLevel.Supervisor, id, input, ct));
        change.MapDelete("/supervisor-groups/{id:guid}", (Guid id, TenantDbContext db, MembershipSync sync, TenantContext tenant, CancellationToken ct) =>
            DeleteAsync(db, sync, tenant.Required.Id, GroupLevel.Supervisor, id, ct));
        change.MapPost("/agent-groups", (GroupInput input, TenantDbContext db, CancellationToken ct) => SaveAsync(db, GroupLevel.Agent, null, input, ct));
        change.MapPut("/agent-groups/{id:guid}", (Guid id, GroupInput input, TenantDbContext db, CancellationToken ct) => SaveAsync(db, GroupLevel.Agent, id, input, ct));
        change.MapDelete("/agent-groups/{id:guid}", (Guid id, TenantDbContext db, MembershipSync sync, TenantContext tenant, CancellationToken ct) =>
            DeleteAsync(db, sync, tenant.Required.Id, GroupLevel.Agent, id, ct));
        change.MapPut("/people/{personId:guid}/groups", AssignAsync);
        change.MapPost("/people", InviteAsync);
        change.MapGet("/invitations", ListInvitationsAsync);
        return app;
    }

    internal enum GroupLevel
    {
        System,
        Supervisor,
        Agent,
    }

    internal static async Task<Ok<OrgTreeView>> ReadAsync(TenantDbContext db, CancellationToken cancellationToken)
    {
        var systems = await db.SystemGroups.AsNoTracking()
            .Include(s => s.SupervisorGroups).ThenInclude(s => s.AgentGroups).ThenInclude(a => a.Categories)
            .OrderBy(s => s.Name).AsSplitQuery().ToListAsync(cancellationToken);
        return TypedResults.Ok(new OrgTreeView(systems.Select(s => new SystemGroupNode(s.Id, s.Name, s.Description,
            s.SupervisorGroups.OrderBy(g => g.Name).Select(g => new SupervisorGroupNode(g.Id, g.Name, g.Description,
                g.AgentGroups.OrderBy(a => a.Name).Select(a => new AgentGroupNode(a.Id, a.Name, a.Description,
                    a.Categories.OrderBy(c => c.Name).Select(c => new CategoryLeaf(c.Id, c.Name, c.IsDefault)).ToList())).ToList())).ToList())).ToList()));
    }

    internal static async Task<Results<Ok<Guid>, ValidationProblem, NotFound, ProblemHttpResult>> SaveAsync(
        TenantDbContext db, GroupLevel level, Guid? id, GroupInput input, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length is 0 or > 200)
        {
            errors["name"] = [T["NameLength"].Value];
        }

        if (input.Description?.Length > 2000)
        {
            errors["description"] = [T["DescriptionTooLong"].Value];
        }

        var parentExists = level switch
        {
            GroupLevel.Supervisor => input.ParentId is { } p && await db.SystemGroups.AnyAsync(s => s.Id == p, cancellationToken),
            GroupLevel.Agent => input.ParentId is { } p && await db.SupervisorGroups.AnyAsync(s => s.Id == p, cancellationToken),
            _ => true,
        };
        if (!parentExists)
        {
            errors["parentId"] = [level == GroupLevel.Supervisor ? T["SystemGroupUnknown"].Value : T["SupervisorGroupUnknown"].Value];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim();
        switch (level)
        {
            case GroupLevel.System:
                if (await db.SystemGroups.AnyAsync(g => g.Name == name && g.Id != id, cancellationToken))
                {
                    return Taken(name);
                }

                var system = id is null ? db.SystemGroups.Add(new SystemGroup { Name = name }).Entity : await db.SystemGroups.FindAsync([id], cancellationToken);
                if (system is null)
                {
                    return TypedResults.NotFound();
                }

                (system.Name, system.Description) = (name, description);
                await db.SaveChangesAsync(cancellationToken);
                return TypedResults.Ok(system.Id);
            case GroupLevel.Supervisor:
                if (await db.SupervisorGroups.AnyAsync(g => g.SystemGroupId == input.ParentId && g.Name == name && g.Id != id, cancellationToken))
                {
                    return Taken(name);
                }

                var supervisor = id is null ? db.SupervisorGroups.Add(new SupervisorGroup { Name = name }).Entity : await db.SupervisorGroups.FindAsync([id], cancellationToken);
                if (supervisor is null)
                {
                    return TypedResults.NotFound();
                }

                (supervisor.Name, supervisor.Description, supervisor.SystemGroupId) = (name, description, input.ParentId!.Value);
                await db.SaveChangesAsync(cancellationToken);
                return TypedResults.Ok(supervisor.Id);
            default:
                if (await db.AgentGroups.AnyAsync(g => g.SupervisorGroupId == input.ParentId && g.Name == name && g.Id != id, cancellationToken))
                {
                    return Taken(name);
                }

                var agent = id is null ? db.AgentGroups.Add(new AgentGroup { Name = name }).Entity : await db.AgentGroups.FindAsync([id], cancellationToken);
                if (agent is null)
                {
                    return TypedResults.NotFound();
                }

                (agent.Name, agent.Description, agent.SupervisorGroupId) = (name, description, input.ParentId!.Value);
                await db.SaveChangesAsync(cancellationToken);
                return TypedResults.Ok(agent.Id);
        }
    }

    /// <summary>Removes an empty group; a group with children, categories or the last system group is refused with the reason.</summary>
    internal static async Task<Results<NoContent, NotFound, ProblemHttpResult>> DeleteAsync(
        TenantDbContext db, MembershipSync sync, Guid tenantId, GroupLevel level, Guid id, CancellationToken cancellationToken)
    {
        string? refusal;
        object? group;
        switch (level)
        {
            case GroupLevel.System:
                group = await db.SystemGroups.FindAsync([id], cancellationToken);
                refusal = await db.SystemGroups.CountAsync(cancellationToken) == 1
                    ? T["LastSystemGroup"].Value
                    : await db.SupervisorGroups.AnyAsync(g => g.SystemGroupId == id, cancellationToken)
                        ? T["SystemGroupNotEmpty"].Value
                        : null;
                break;
            case GroupLevel.Supervisor:
                group = await db.SupervisorGroups.FindAsync([id], cancellationToken);
                refusal = await db.AgentGroups.AnyAsync(g => g.SupervisorGroupId == id, cancellationToken)
                    ? T["SupervisorGroupNotEmpty"].Value
                    : null;
                break;
            default:
                group = await db.AgentGroups.FindAsync([id], cancellationToken);
                refusal = await db.Categories.AnyAsync(c => c.AgentGroupId == id, cancellationToken)
                    ? T["AgentGroupOwnsCategories"].Value
                    : null;
                break;
        }

        if (group is null)
        {
            return TypedResults.NotFound();
        }

        if (refusal is not null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: T["CannotRemoveTitle"], detail: refusal);
        }

        // The group's assignments go with it; the catalog memberships of its people follow.
        var people = await db.GroupAssignments.Where(a => a.AgentGroupId == id || a.SupervisorGroupId == id)
            .Select(a => a.PersonId).Distinct().ToListAsync(cancellationToken);
        db.GroupAssignments.RemoveRange(db.GroupAssignments.Where(a => a.AgentGroupId == id || a.SupervisorGroupId == id));
        db.Remove(group);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var person in people)
        {
            await sync.SyncAsync(tenantId, person, cancellationToken);
        }

        return TypedResults.NoContent();
    }

    internal static async Task<Ok<List<PersonItem>>> ListPeopleAsync(TenantDbContext db, CatalogDbContext catalog, TenantContext tenant, CancellationToken cancellationToken)
    {
        var assignments = await db.GroupAssignments.AsNoTracking().ToListAsync(cancellationToken);
        var tenantId = tenant.Required.Id;
        var memberships = await catalog.TenantMemberships.AsNoTracking().Where(m => m.TenantId == tenantId)
            .Select(m => new { m.UserId, m.Role, m.User!.Email }).ToListAsync(cancellationToken);
        var people = memberships.Select(m => m.UserId).Concat(assignments.Select(a => a.PersonId)).Distinct();
        return TypedResults.Ok(people.Select(id => new PersonItem(
                id,
                memberships.FirstOrDefault(m => m.UserId == id)?.Email,
                assignments.Where(a => a.PersonId == id && a.AgentGroupId is not null).Select(a => a.AgentGroupId!.Value).ToList(),
                assignments.Where(a => a.PersonId == id && a.SupervisorGroupId is not null).Select(a => a.SupervisorGroupId!.Value).ToList(),
                memberships.Where(m => m.UserId == id).Select(m => m.Role.ToString()).Order().ToList()))
            .OrderBy(p => p.Email, StringComparer.OrdinalIgnoreCase).ToList());
    }

    internal static async Task<Results<Ok<PersonItem>, ValidationProblem, NotFound>> AssignAsync(
        Guid personId, PersonGroups groups, TenantDbContext db, CatalogDbContext catalog, MembershipSync sync, TenantContext tenant, CancellationToken cancellationToken)
    {
        if (!await catalog.Users.AnyAsync(u => u.Id == personId, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        if (await GroupErrorsAsync(db, groups.AgentGroupIds, groups.SupervisorGroupIds, cancellationToken) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        // Only people who work for the tenant already: anyone else joins by accepting an invitation (InviteAsync).
        if (!await PendingInvitations.IsMemberAsync(db, catalog, tenant.Required.Id, personId, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok(await ReplaceAssignmentsAsync(db, sync, tenant.Required.Id, personId, groups.AgentGroupIds, groups.SupervisorGroupIds, null, cancellationToken));
    }

    /// <summary>
    /// Invites a person by e-mail. An address without an account gets one, in the groups at once, and a link to choose its
    /// password (which proves the mailbox). An account that works for the tenant already just gets the groups. Any other
    /// account is only invited: the invitation waits until its owner accepts it from the mail, signed in to that account
    /// (<see cref="PendingInvitations"/>); the answer says <c>pending</c> and names the invitation, not the account.
    /// </summary>
    internal static async Task<Results<Ok<InvitationResult>, ValidationProblem>> InviteAsync(
        Invitation invitation, HttpContext context, TenantDbContext db, CatalogDbContext catalog, MembershipSync sync, TenantContext tenant,
        Microsoft.AspNetCore.Identity.UserManager<PlatformUser> users, PlatformMailDispatcher mail, CancellationToken cancellationToken)
    {
        var email = invitation.Email?.Trim() ?? "";
        var errors = await GroupErrorsAsync(db, invitation.AgentGroupIds, invitation.SupervisorGroupIds, cancellationToken);
        if (!System.Net.Mail.MailAddress.TryCreate(email, out var address) || address.Address != email)
        {
            errors["email"] = [T["EmailRequired"].Value];
        }

        if ((invitation.AgentGroupIds?.Count ?? 0) + (invitation.SupervisorGroupIds?.Count ?? 0) == 0)
        {
            errors["agentGroupIds"] = [T["GroupRequired"].Value];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var tenantId = tenant.Required.Id;
        // The person's own language when they have an account that knows it, else the tenant's.
        var tenantLanguage = await db.Settings.AsNoTracking().Select(s => s.Language).SingleAsync(cancellationToken);
        var origin = context.RequestServices.GetRequiredService<PublicOrigin>();
        var user = await users.FindByEmailAsync(email);
        if (user is not null && !await PendingInvitations.IsMemberAsync(db, catalog, tenantId, user.Id, cancellationToken))
        {
            var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
            var lifetime = PendingInvitations.Lifetime(context.RequestServices.GetRequiredService<IConfiguration>());
            var agents = (invitation.AgentGroupIds ?? []).Distinct().ToList();
            var supervisors = (invitation.SupervisorGroupIds ?? []).Distinct().ToList();
            var (pending, token) = await PendingInvitations.CreateAsync(db, user.Id, email, agents, supervisors, now, lifetime, cancellationToken);
            var language = PersonLanguage.Of(user, tenantLanguage);
            var accept = AccountLinks.Invitation(origin, tenant.Required.Slug, pending.Id, token, language);
            var reset = await AccountLinks.PasswordResetAsync(users, user, origin, language);
            var (pendingSubject, pendingBody) = Localization.In(language, () => (
                T["InvitationPendingSubject", tenant.Required.Name].Value,
                T["InvitationPendingMail", tenant.Required.Name, accept, reset, (int)Math.Round(lifetime.TotalDays)].Value));
            var mailed = mail.EnqueueOrLog(new PlatformMailMessage(email, pendingSubject, pendingBody), accept);
            return TypedResults.Ok(new InvitationResult(new PersonItem(pending.Id, email, agents, supervisors, []), false, mailed, Pending: true));
        }

        var created = user is null;
        if (user is null)
        {
            user = new PlatformUser { Id = Guid.CreateVersion7(), UserName = email, Email = email };
            var result = await users.CreateAsync(user);
            if (!result.Succeeded)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["email"] = result.Errors.Select(e => e.Description).ToArray() });
            }
        }

        var person = await ReplaceAssignmentsAsync(db, sync, tenantId, user.Id, invitation.AgentGroupIds, invitation.SupervisorGroupIds, email, cancellationToken);
        var sent = false;
        if (mail.IsConfigured)
        {
            var link = created ? await AccountLinks.PasswordResetAsync(users, user, origin) : AccountLinks.SignIn(context.Request);
            var language = created ? tenantLanguage : PersonLanguage.Of(user, tenantLanguage);
            var (subject, body) = Localization.In(language, () => (
                T["InvitationSubject", tenant.Required.Name].Value,
                (created ? T["InvitationChoosePassword"] : T["InvitationSignIn"]).Value + $"\n\n{link}\n"));
            // A link that sets the password goes by mail only, never to the log.
            sent = mail.Enqueue(new PlatformMailMessage(email, subject, body));
        }

        return TypedResults.Ok(new InvitationResult(person, created, sent, Pending: false));
    }

    /// <summary>The invitations of existing accounts that wait for their owners.</summary>
    internal static async Task<Ok<List<PendingInvitationItem>>> ListInvitationsAsync(TenantDbContext db, TimeProvider time, CancellationToken cancellationToken) =>
        TypedResults.Ok(await PendingInvitations.ListAsync(db, time.GetUtcNow().UtcDateTime, cancellationToken));

    private static async Task<Dictionary<string, string[]>> GroupErrorsAsync(
        TenantDbContext db, IReadOnlyList<Guid>? agentGroupIds, IReadOnlyList<Guid>? supervisorGroupIds, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var agents = agentGroupIds ?? [];
        var supervisors = supervisorGroupIds ?? [];
        if (await db.AgentGroups.CountAsync(g => agents.Contains(g.Id), cancellationToken) != agents.Distinct().Count())
        {
            errors["agentGroupIds"] = [T["AgentGroupsUnknown"].Value];
        }

        if (await db.SupervisorGroups.CountAsync(g => supervisors.Contains(g.Id), cancellationToken) != supervisors.Distinct().Count())
        {
            errors["supervisorGroupIds"] = [T["SupervisorGroupsUnknown"].Value];
        }

        return errors;
    }

    private static async Task<PersonItem> ReplaceAssignmentsAsync(
        TenantDbContext db, MembershipSync sync, Guid tenantId, Guid personId, IReadOnlyList<Guid>? agentGroupIds, IReadOnlyList<Guid>? supervisorGroupIds,
        string? email, CancellationToken cancellationToken)
    {
        var agents = (agentGroupIds ?? []).Distinct().ToList();
        var supervisors = (supervisorGroupIds ?? []).Distinct().ToList();
        var existing = await db.GroupAssignments.Where(a => a.PersonId == personId).ToListAsync(cancellationToken);
        db.GroupAssignments.RemoveRange(existing.Where(a =>
            (a.AgentGroupId is { } g && !agents.Contains(g)) || (a.SupervisorGroupId is { } s && !supervisors.Contains(s))));
        db.GroupAssignments.AddRange(agents.Where(g => existing.All(a => a.AgentGroupId != g))
            .Select(g => new GroupAssignment { PersonId = personId, AgentGroupId = g }));
        db.GroupAssignments.AddRange(supervisors.Where(s => existing.All(a => a.SupervisorGroupId != s))
            .Select(s => new GroupAssignment { PersonId = personId, SupervisorGroupId = s }));
        await db.SaveChangesAsync(cancellationToken);
        var roles = await sync.SyncAsync(tenantId, personId, cancellationToken);
        return new PersonItem(personId, email, agents, supervisors, roles.Select(r => r.ToString()).Order().ToList());
    }

    private static ProblemHttpResult Taken(string name) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: T["NameTakenTitle"], detail: T["NameTaken", name]);
}
