using System.Diagnostics;
using ContactCenter.Server.Tenancy;
using ContactCenter.Server.Tenancy.Provisioning;

namespace ContactCenter.Server.SignUp;

/// <summary>Self-registration: validates, then provisions. Shared by the API and the page.</summary>
public sealed class SignUpService(SignUpValidator validator, TenantProvisioner provisioner)
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
            return new SignUpOutcome.Created(await provisioner.ProvisionAsync(newTenant, cancellationToken));
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
}

/// <summary>How a sign-up ended.</summary>
public abstract record SignUpOutcome
{
    private SignUpOutcome()
    {
    }

    public sealed record Created(TenantRecord Tenant) : SignUpOutcome;

    public sealed record Invalid(Dictionary<string, string[]> Errors) : SignUpOutcome;

    public sealed record SlugTaken(string Slug) : SignUpOutcome;

    public sealed record Failed(string CorrelationId) : SignUpOutcome;
}
