using ContactCenter.Data.Catalog;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server.Tenancy.Provisioning;

/// <summary>
/// Creates a working tenant all or nothing: catalog row, database, schema, defaults, administrator.
/// A failure at any step drops the database and removes every catalog row the attempt made.
/// </summary>
public sealed partial class TenantProvisioner(
    CatalogDbContext catalog,
    UserManager<PlatformUser> users,
    SignInManager<PlatformUser> signIn,
    ITenantDatabases databases,
    TenantPlacement placement,
    TenantStore store,
    IEnumerable<IProvisioningObserver> observers,
    IStringLocalizer<TenancyTexts> texts,
    Observability.ContactCenterMetrics metrics,
    ILogger<TenantProvisioner> logger)
{
    /// <summary>Creates the tenant and returns it once it is active.</summary>
    /// <exception cref="SlugTakenException">Another tenant has the slug.</exception>
    /// <exception cref="AdministratorRejectedException">An account with that e-mail exists and the password is not its password (or it is locked out).</exception>
    /// <exception cref="ProvisioningFailedException">A step failed (or no configured server can take the tenant); nothing is left behind.</exception>
    public async Task<TenantRecord> ProvisionAsync(NewTenant request, CancellationToken cancellationToken)
    {
        if (await catalog.Tenants.AnyAsync(t => t.Slug == request.Slug, cancellationToken))
        {
            throw new SlugTakenException(request.Slug);
        }

        // An existing account joins the new tenant only with its own password, checked like a sign-in (failures count
        // towards its lockout); its password is never changed here.
        var existingUser = await users.FindByEmailAsync(request.AdminEmail);
        if (existingUser is not null
            && await signIn.CheckPasswordSignInAsync(existingUser, request.AdminPassword, lockoutOnFailure: true) is { Succeeded: false } check)
        {
            throw new AdministratorRejectedException(new Dictionary<string, string[]>
            {
                ["adminPassword"] = [check.IsLockedOut ? texts["AdministratorLockedOut"] : texts["AdministratorPasswordWrong"]],
            });
        }

        // Timed from here (the request checked) to active or undone: tenant_provisioning_duration_seconds.
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        string server;
        try
        {
            server = await placement.ChooseServerAsync(cancellationToken);
        }
        catch (TenantPlacementException misconfigured)
        {
            LogFailed(misconfigured, request.Slug, ProvisioningStep.RegisterTenant);
            throw new ProvisioningFailedException(request.Slug, ProvisioningStep.RegisterTenant, misconfigured);
        }

        var id = Guid.CreateVersion7();
        var tenant = new Tenant
        {
            Id = id,
            Slug = request.Slug,
            Name = request.CompanyName,
            DatabaseServer = server,
            DatabaseName = databases.DatabaseNameFor(id),
        };
        var record = TenantRecord.From(tenant);
        var progress = new Progress(record);

        try
        {
            await StepAsync(progress, ProvisioningStep.RegisterTenant, cancellationToken);
            catalog.Tenants.Add(tenant);
            await SaveRegistrationAsync(request.Slug, cancellationToken);
            progress.Registered = true;

            await StepAsync(progress, ProvisioningStep.CreateDatabase, cancellationToken);
            progress.DatabaseTouched = true;
            await databases.CreateAsync(record, cancellationToken);

            await StepAsync(progress, ProvisioningStep.MigrateDatabase, cancellationToken);
            string? schemaVersion;
            await using (var tenantDb = databases.Open(record))
            {
                await tenantDb.Database.MigrateAsync(cancellationToken);
                schemaVersion = (await tenantDb.Database.GetAppliedMigrationsAsync(cancellationToken)).LastOrDefault();

                await StepAsync(progress, ProvisioningStep.SeedDefaults, cancellationToken);
                TenantDefaults.Seed(tenantDb, request.CompanyName);
                await tenantDb.SaveChangesAsync(cancellationToken);
            }

            await StepAsync(progress, ProvisioningStep.CreateAdministrator, cancellationToken);
            var administrator = existingUser ?? await CreateAdministratorAsync(request, progress);

            await StepAsync(progress, ProvisioningStep.AssignAdministrator, cancellationToken);
            catalog.TenantMemberships.Add(new TenantMembership { TenantId = id, UserId = administrator.Id, Role = TenantRole.TenantAdministrator });
            await catalog.SaveChangesAsync(cancellationToken);

            await StepAsync(progress, ProvisioningStep.Activate, cancellationToken);
            tenant.Status = TenantStatus.Active;
            tenant.SchemaVersion = schemaVersion;
            await catalog.SaveChangesAsync(cancellationToken);
            store.Invalidate(tenant.Slug);
            LogProvisioned(tenant.Slug, id);
            metrics.TenantProvisioned(succeeded: true, System.Diagnostics.Stopwatch.GetElapsedTime(started));
            return TenantRecord.From(tenant);
        }
        catch (Exception failure) when (failure is not SlugTakenException and not AdministratorRejectedException)
        {
            LogFailed(failure, request.Slug, progress.Step);
            await UndoAsync(progress);
            metrics.TenantProvisioned(succeeded: false, System.Diagnostics.Stopwatch.GetElapsedTime(started));
            throw new ProvisioningFailedException(request.Slug, progress.Step, failure);
        }
        catch
        {
            await UndoAsync(progress);
            throw;
        }
    }

    /// <summary>
    /// Removes tenants whose provisioning was cut off (the process died mid-way) longer ago than
    /// <paramref name="olderThan"/>: their database is dropped and their catalog rows removed.
    /// </summary>
    public async Task<int> RemoveAbandonedAsync(TimeSpan olderThan, CancellationToken cancellationToken)
    {
        var cutoff = DateTime.UtcNow - olderThan;
        var abandoned = await catalog.Tenants.AsNoTracking()
            .Where(t => t.Status == TenantStatus.Provisioning && t.CreatedAt < cutoff)
            .ToListAsync(cancellationToken);
        foreach (var tenant in abandoned)
        {
            LogAbandoned(tenant.Slug);
            await UndoAsync(new Progress(TenantRecord.From(tenant)) { Registered = true, DatabaseTouched = true });
        }

        return abandoned.Count;
    }

    private async Task StepAsync(Progress progress, ProvisioningStep step, CancellationToken cancellationToken)
    {
        progress.Step = step;
        foreach (var observer in observers)
        {
            await observer.StepStartingAsync(step, progress.Tenant, cancellationToken);
        }
    }

    /// <summary>The unique index on the slug decides races: exactly one insert wins.</summary>
    private async Task SaveRegistrationAsync(string slug, CancellationToken cancellationToken)
    {
        try
        {
            await catalog.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            catalog.ChangeTracker.Clear();
            if (await catalog.Tenants.AnyAsync(t => t.Slug == slug, CancellationToken.None))
            {
                throw new SlugTakenException(slug);
            }

            throw;
        }
    }

    private async Task<PlatformUser> CreateAdministratorAsync(NewTenant request, Progress progress)
    {
        var user = new PlatformUser { UserName = request.AdminEmail, Email = request.AdminEmail };
        var result = await users.CreateAsync(user, request.AdminPassword);
        if (!result.Succeeded)
        {
            throw new AdministratorRejectedException(new Dictionary<string, string[]>
            {
                ["adminEmail"] = result.Errors.Select(e => e.Description).ToArray(),
            });
        }

        progress.CreatedUserId = user.Id;
        return user;
    }

    /// <summary>Undoes what the attempt did, newest first; runs even when the caller gave up (no token).</summary>
    private async Task UndoAsync(Progress progress)
    {
        catalog.ChangeTracker.Clear();
        if (progress.DatabaseTouched)
        {
            await databases.DropAsync(progress.Tenant, CancellationToken.None);
        }

        if (progress.CreatedUserId is { } userId)
        {
            await catalog.Users.Where(u => u.Id == userId).ExecuteDeleteAsync(CancellationToken.None);
        }

        if (progress.Registered)
        {
            await catalog.TenantMemberships.Where(m => m.TenantId == progress.Tenant.Id).ExecuteDeleteAsync(CancellationToken.None);
            await catalog.Tenants.Where(t => t.Id == progress.Tenant.Id).ExecuteDeleteAsync(CancellationToken.None);
        }

        store.Invalidate(progress.Tenant.Slug);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Tenant {Slug} ({TenantId}) provisioned")]
    private partial void LogProvisioned(string slug, Guid tenantId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Provisioning tenant {Slug} failed at step {Step}; undoing")]
    private partial void LogFailed(Exception exception, string slug, ProvisioningStep step);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tenant {Slug} was left half-provisioned by a stopped process; removing it")]
    private partial void LogAbandoned(string slug);

    private sealed class Progress(TenantRecord tenant)
    {
        public TenantRecord Tenant { get; } = tenant;

        public ProvisioningStep Step { get; set; }

        public bool Registered { get; set; }

        public bool DatabaseTouched { get; set; }

        public Guid? CreatedUserId { get; set; }
    }
}
