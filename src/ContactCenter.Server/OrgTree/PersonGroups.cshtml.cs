using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Identity;
using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server.OrgTree;

/// <summary>
/// One person's agent and supervisor groups, saved through the API's handler: the catalog memberships follow, so
/// a person left in no group (and not an administrator) no longer gets this tenant at sign-in.
/// </summary>
[Authorize(Policy = TenantRoles.Administrator)]
public sealed class PersonGroupsModel(TenantDbContext db, CatalogDbContext catalog, TenantContext tenant, MembershipSync sync,
    IStringLocalizer<OrgTreeTexts> texts) : PageModel
{
    public PersonItem Person { get; private set; } = null!;

    public OrgTreeView Tree { get; private set; } = null!;

    public IReadOnlyList<Guid> AgentGroupIds { get; private set; } = [];

    public IReadOnlyList<Guid> SupervisorGroupIds { get; private set; } = [];

    public FormErrors Errors { get; } = new();

    public async Task<IActionResult> OnGetAsync(Guid personId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(personId, cancellationToken))
        {
            return NotFound();
        }

        (AgentGroupIds, SupervisorGroupIds) = (Person.AgentGroupIds, Person.SupervisorGroupIds);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid personId, Guid[]? agentGroupIds, Guid[]? supervisorGroupIds, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(personId, cancellationToken))
        {
            return NotFound();
        }

        (AgentGroupIds, SupervisorGroupIds) = (agentGroupIds ?? [], supervisorGroupIds ?? []);
        if (!ModelState.IsValid)
        {
            // A value that is no group id at all (a tampered form) is refused like an unknown group.
            foreach (var field in ModelState.Where(e => e.Value?.Errors.Count > 0).Select(e => e.Key.Split('[')[0]).Distinct(StringComparer.Ordinal))
            {
                Errors.Add(field, texts["GroupsUnknown"].Value);
            }
        }
        else
        {
            var result = await OrgTreeEndpoints.AssignAsync(personId, new PersonGroups(AgentGroupIds, SupervisorGroupIds), db, catalog, sync, tenant, cancellationToken);
            switch (result.Result)
            {
                case Ok<PersonItem> { Value: { } saved }:
                    TempData[nameof(OrgTreeModel.Assigned)] = saved.Roles.Count == 0
                        ? texts["InNoGroupNow", Person.Email ?? "", tenant.Required.Name].Value
                        : texts["GroupsSaved", Person.Email ?? ""].Value;
                    return Redirect(Url.Content("~/admin/org-tree"));
                case ValidationProblem problem:
                    Errors.AddOutcome(problem, "agentGroupIds");
                    break;
                default:
                    return NotFound();
            }
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid personId, CancellationToken cancellationToken)
    {
        // Only people who work for this tenant (a membership or a group here) are offered; others are invited by e-mail.
        if ((await OrgTreeEndpoints.ListPeopleAsync(db, catalog, tenant, cancellationToken)).Value!.FirstOrDefault(p => p.Id == personId) is not { } person)
        {
            return false;
        }

        Person = person;
        Tree = (await OrgTreeEndpoints.ReadAsync(db, cancellationToken)).Value!;
        return true;
    }
}
