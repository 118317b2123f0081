using System.Diagnostics;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Identity;
using ContactCenter.Server.Tenancy;
using ContactCenter.Server.Tenancy.Provisioning;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server.SignUp;

/// <summary>
/// Self-registration: validates, then provisions, then asks the administrator to confirm an unconfirmed address
/// (mailed, or logged when the platform sends no mail). Shared by the API and the page.
/// </summary>
public sealed class SignUpService(
    SignUpValidator validator, TenantProvisioner provisioner, UserManager<PlatformUser> users, PlatformMailDispatcher mail, PublicOrigin origin,
    IStringLocalizer<SignUpTexts> texts)
{
    public async Task<SignUpOutcome> SignUpAsync(SignUpRequest request, CancellationToken cancellationToken)
    {
        var errors = await validator.ValidateAsync(request);
        if (errors.Count > 0)
        {
            return new SignUpOutcome.Invalid(errors);
        }

        var newTenant = new NewTenant(request.CompanyName!.Trim(), request.Slug!.Trim(), request.AdminEmail!.Trim(), request.AdminPassword!);
        try
        {
            var tenant = await provisioner.ProvisionAsync(newTenant, cancellationToken);
            return new SignUpOutcome.Created(tenant, await AskForConfirmationAsync(newTenant.AdminEmail));
        }
        catch (SlugTakenException taken)
        {
            return new SignUpOutcome.SlugTaken(taken.Slug);
        }
        catch (AdministratorRejectedException rejected)
        {
            return new SignUpOutcome.Invalid(rejected.Errors.ToDictionary());
        }
        catch (ProvisioningFailedException)
        {
            // Logged with its cause by the provisioner; the caller gets the id to quote to support.
            return new SignUpOutcome.Failed(Activity.Current?.TraceId.ToString() ?? Guid.NewGuid().ToString("N"));
        }
    }

    /// <summary>Sends the link that confirms the administrator's address, unless it is confirmed; whether one went out (or to the log).</summary>
    private async Task<bool> AskForConfirmationAsync(string email)
    {
        if (await users.FindByEmailAsync(email) is not { EmailConfirmed: false } administrator)
        {
            return false;
        }

        var language = Localization.CurrentLanguage;
        var link = await AccountLinks.EmailConfirmationAsync(users, administrator, origin, language);
        mail.EnqueueOrLog(new PlatformMailMessage(email, texts["ConfirmSubject"], texts["ConfirmMail", link]), link);
        return true;
    }
}

/// <summary>How a sign-up ended.</summary>
public abstract record SignUpOutcome
{
    private SignUpOutcome()
    {
    }

    /// <summary>The tenant exists; <paramref name="ConfirmationSent"/> says whether a link to confirm the administrator's address went out.</summary>
    public sealed record Created(TenantRecord Tenant, bool ConfirmationSent) : SignUpOutcome;

    public sealed record Invalid(Dictionary<string, string[]> Errors) : SignUpOutcome;

    public sealed record SlugTaken(string Slug) : SignUpOutcome;

    public sealed record Failed(string CorrelationId) : SignUpOutcome;
}
