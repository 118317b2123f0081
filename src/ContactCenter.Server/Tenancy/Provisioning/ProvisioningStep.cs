namespace ContactCenter.Server.Tenancy.Provisioning;

/// <summary>The steps of creating a tenant, in order. A failure in any of them undoes all before it.</summary>
public enum ProvisioningStep
{
    RegisterTenant,
    CreateDatabase,
    MigrateDatabase,
    SeedDefaults,
    CreateAdministrator,
    AssignAdministrator,
    Activate,
}

/// <summary>Told before every provisioning step; may throw to stop provisioning (tests inject failures this way).</summary>
public interface IProvisioningObserver
{
    ValueTask StepStartingAsync(ProvisioningStep provisioningStep, TenantRecord tenant, CancellationToken cancellationToken);
}

/// <summary>What a new tenant is made from.</summary>
public sealed record NewTenant(string CompanyName, string Slug, string AdminEmail, string AdminPassword);

/// <summary>The slug belongs to another tenant (possibly one created a moment ago by a racing sign-up).</summary>
public sealed class SlugTakenException(string slug) : InvalidOperationException($"The address '{slug}' is taken.")
{
    public string Slug { get; } = slug;
}

/// <summary>The administrator account cannot be used: field name → messages.</summary>
public sealed class AdministratorRejectedException(IReadOnlyDictionary<string, string[]> errors)
    : InvalidOperationException("The administrator account was rejected.")
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}

/// <summary>A step failed; everything done before it was undone.</summary>
public sealed class ProvisioningFailedException(string slug, ProvisioningStep step, Exception inner)
    : Exception($"Provisioning tenant '{slug}' failed at step {step}; everything done was undone.", inner)
{
    public ProvisioningStep Step { get; } = step;
}
