using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Identity;
using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server.OrgTree;

/// <summary>The org tree page: add, rename and remove groups at every level, and invite people into groups.</summary>
[Authorize(Policy = TenantRoles.Administrator)]
public sealed class OrgTreeModel(TenantDbContext db, CatalogDbContext catalog, TenantContext tenant, MembershipSync sync,
    UserManager<PlatformUser> users, PlatformMailDispatcher mail, TimeProvider time, IStringLocalizer<OrgTreeTexts> texts) : PageModel
{
    public OrgTreeView Tree { get; private set; } = null!;

    public IReadOnlyList<PersonItem> People { get; private set; } = [];

    /// <summary>Invitations of existing accounts that wait for their owners.</summary>
    public IReadOnlyList<PendingInvitationItem> Invitations { get; private set; } = [];

    public FormErrors Errors { get; } = new();

    /// <summary>Which form the errors belong to (the group or parent id, or "invite").</summary>
    public string? ErrorsOf { get; private set; }

    public string? Message { get; private set; }

    /// <summary>Set by the person's group page after saving, shown here once.</summary>
    [TempData]
    public string? Assigned { get; set; }

    /// <summary>The names of the agent and supervisor groups, for the People section.</summary>
    public IReadOnlyDictionary<Guid, string> GroupNames { get; private set; } = new Dictionary<Guid, string>();

    public IEnumerable<string> ErrorsFor(string form, string field) =>
        ErrorsOf == form && Errors.All.TryGetValue(field, out var errors) ? errors : [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Message = Assigned;
        await LoadAsync(cancellationToken);
    }

    public Task<IActionResult> OnPostAddAsync(string level, Guid? parentId, string? name, string? description, CancellationToken cancellationToken) =>
        SaveAsync(level, null, parentId, name, description, $"add-{level}-{parentId}", cancellationToken);

    public Task<IActionResult> OnPostRenameAsync(string level, Guid id, Guid? parentId, string? name, string? description, CancellationToken cancellationToken) =>
        SaveAsync(level, id, parentId, name, description, id.ToString(), cancellationToken);

    public async Task<IActionResult> OnPostRemoveAsync(string level, Guid id, CancellationToken cancellationToken)
    {
        var result = await OrgTreeEndpoints.DeleteAsync(db, sync, tenant.Required.Id, Level(level), id, cancellationToken);
        return await ShowAsync(result.Result is NoContent ? texts["Removed"].Value : Refused(result.Result, id.ToString(), "group"), cancellationToken);
    }

    public async Task<IActionResult> OnPostInviteAsync(string? email, Guid[]? agentGroupIds, Guid[]? supervisorGroupIds, CancellationToken cancellationToken)
    {
        var result = await OrgTreeEndpoints.InviteAsync(new Invitation(email, agentGroupIds, supervisorGroupIds), HttpContext, db, catalog, sync, tenant, users, mail, cancellationToken);
        return await ShowAsync(result.Result switch
        {
            Ok<InvitationResult> { Value: { } ok } =>
                texts[(ok.Pending ? "InvitedPending" : ok.AccountCreated ? "Invited" : "Added") + (ok.InvitationSent ? "MailSent" : ""), email ?? ""].Value,
            var refused => Refused(refused, "invite", "email"),
        }, cancellationToken);
    }

    private async Task<IActionResult> SaveAsync(string level, Guid? id, Guid? parentId, string? name, string? description, string form, CancellationToken cancellationToken)
    {
        var result = await OrgTreeEndpoints.SaveAsync(db, Level(level), id, new GroupInput(name, description, parentId), cancellationToken);
        return await ShowAsync(result.Result is Ok<Guid> ? texts["Saved"].Value : Refused(result.Result, form, "name"), cancellationToken);
    }

    /// <summary>Puts a refused call's errors on <paramref name="form"/>; a missing group or a failure without fields stands beside <paramref name="field"/>.</summary>
    private string? Refused(IResult result, string form, string field)
    {
        ErrorsOf = form;
        if (result is NotFound)
        {
            Errors.Add(field, texts["GroupGone"].Value);
        }
        else if (!Errors.AddOutcome(result, field))
        {
            Errors.Add(field, texts[form == "invite" ? "InvitationFailed" : "NotPossible"].Value);
        }

        return null;
    }

    private async Task<IActionResult> ShowAsync(string? message, CancellationToken cancellationToken)
    {
        Message = message;
        await LoadAsync(cancellationToken);
        if (Errors.Any)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Tree = (await OrgTreeEndpoints.ReadAsync(db, cancellationToken)).Value!;
        People = (await OrgTreeEndpoints.ListPeopleAsync(db, catalog, tenant, cancellationToken)).Value!;
        Invitations = (await OrgTreeEndpoints.ListInvitationsAsync(db, time, cancellationToken)).Value!;
        var supervisors = Tree.SystemGroups.SelectMany(s => s.SupervisorGroups).ToList();
        GroupNames = supervisors.Select(s => (s.Id, s.Name))
            .Concat(supervisors.SelectMany(s => s.AgentGroups).Select(a => (a.Id, a.Name)))
            .ToDictionary(g => g.Id, g => g.Name);
    }

    private static OrgTreeEndpoints.GroupLevel Level(string level) => level switch
    {
        "system" => OrgTreeEndpoints.GroupLevel.System,
        "supervisor" => OrgTreeEndpoints.GroupLevel.Supervisor,
        _ => OrgTreeEndpoints.GroupLevel.Agent,
    };
}
