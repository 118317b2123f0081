using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Identity;
using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace ContactCenter.Server.OrgTree;

/// <summary>
/// Where the owner of an invited account accepts the invitation from the mail: only when signed in to that very
/// account (the sign-in cookie, whose security stamp is checked), never by the link alone.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(IdentityProviderFeature.LoginRateLimit)]
public sealed class AcceptInvitationModel(TenantStore tenants, TenantDatabaseFactory databases, CatalogDbContext catalog, TimeProvider time) : PageModel
{
    private PendingInvitation? _invitation;
    private TenantRecord? _record;

    public enum InvitationState
    {
        Invalid,
        SignIn,
        OtherAccount,
        Ready,
        Accepted,
    }

    public InvitationState State { get; private set; }

    public string? Tenant { get; private set; }

    public string TenantName { get; private set; } = "";

    public Guid Id { get; private set; }

    public string? Token { get; private set; }

    public string Email { get; private set; } = "";

    public string SignInUrl => Url.Content("~/account/login") + "?returnUrl=" + Uri.EscapeDataString(Request.Path + Request.QueryString) + "&login_hint=" + Uri.EscapeDataString(Email);

    public async Task<IActionResult> OnGetAsync(string? tenant, Guid id, string? token, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(tenant, id, token, cancellationToken);
        return Show();
    }

    public async Task<IActionResult> OnPostAsync(string? tenant, Guid id, string? token, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(tenant, id, token, cancellationToken);
        if (State == InvitationState.Ready && db is not null && _invitation is not null)
        {
            await PendingInvitations.AcceptAsync(db, new MembershipSync(catalog, db), _record!.Id, _invitation, cancellationToken);
            State = InvitationState.Accepted;
        }

        return Show();
    }

    /// <summary>Finds the tenant and the invitation the link names and decides what the visitor may do; the tenant's database when there is one.</summary>
    private async Task<TenantDbContext?> OpenAsync(string? slug, Guid id, string? token, CancellationToken cancellationToken)
    {
        (Tenant, Id, Token) = (slug, id, token);
        State = InvitationState.Invalid;
        _record = string.IsNullOrEmpty(slug) ? null : await tenants.FindBySlugAsync(slug, cancellationToken);
        if (_record is not { Status: TenantStatus.Active })
        {
            return null;
        }

        var db = await databases.OpenAsync(_record.Id, cancellationToken);
        _invitation = await PendingInvitations.FindAsync(db, id, token, time.GetUtcNow().UtcDateTime, cancellationToken);
        if (_invitation is null)
        {
            return db;
        }

        (TenantName, Email) = (_record.Name, _invitation.Email);
        var signedIn = await HttpContext.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        var session = signedIn.Succeeded ? AccountSession.Read(signedIn.Principal) : null;
        State = session is null ? InvitationState.SignIn : session.UserId == _invitation.PersonId ? InvitationState.Ready : InvitationState.OtherAccount;
        return db;
    }

    private PageResult Show()
    {
        Response.StatusCode = State switch
        {
            InvitationState.Invalid => StatusCodes.Status400BadRequest,
            InvitationState.OtherAccount => StatusCodes.Status403Forbidden,
            _ => StatusCodes.Status200OK,
        };
        return Page();
    }
}
