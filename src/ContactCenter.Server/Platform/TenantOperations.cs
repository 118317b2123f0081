using ContactCenter.Data.Catalog;
using ContactCenter.Server.MailFetching;
using ContactCenter.Server.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Platform;

/// <summary>A tenant as operators see it.</summary>
public sealed record TenantSummary(Guid Id, string Slug, string Name, string Status, DateTime CreatedAt, string DatabaseServer, string DatabaseName, string? SchemaVersion);

/// <summary>The deletion was not confirmed with the tenant's slug.</summary>
public sealed class DeletionNotConfirmedException(string slug)
    : InvalidOperationException($"Deleting tenant '{slug}' drops its database. Confirm by repeating the slug.")
{
    public string Slug { get; } = slug;
}

/// <summary>The tenant's status does not allow the change (a suspended tenant cannot be suspended from active, say).</summary>
public sealed class TenantStatusConflictException(string slug, TenantStatus status, TenantStatus from, TenantStatus to)
    : InvalidOperationException($"Tenant '{slug}' is {status}; only a {from} tenant can become {to}.")
{
    public string Slug { get; } = slug;

    public TenantStatus Status { get; } = status;

    public TenantStatus From { get; } = from;

    public TenantStatus To { get; } = to;
}

/// <summary>What platform operators do to tenants: list, suspend, resume, delete. Used by the API and the CLI.</summary>
public sealed partial class TenantOperations(
    CatalogDbContext catalog, ITenantDatabases databases, TenantStore store, MailFetchDirectory fetchDirectory, ILogger<TenantOperations> logger)
{
    public async Task<IReadOnlyList<TenantSummary>> ListAsync(CancellationToken cancellationToken)
    {
        var tenants = await catalog.Tenants.AsNoTracking().OrderBy(t => t.Slug).ToListAsync(cancellationToken);
        return tenants.Select(Summarize).ToList();
    }

    /// <exception cref="TenantNotFoundException">No such tenant.</exception>
    public Task<TenantSummary> SuspendAsync(string slug, CancellationToken cancellationToken) =>
        SetStatusAsync(slug, TenantStatus.Active, TenantStatus.Suspended, cancellationToken);

    /// <exception cref="TenantNotFoundException">No such tenant.</exception>
    public Task<TenantSummary> ResumeAsync(string slug, CancellationToken cancellationToken) =>
        SetStatusAsync(slug, TenantStatus.Suspended, TenantStatus.Active, cancellationToken);

    /// <summary>Drops the tenant's database and removes it from the catalog; the slug becomes free.</summary>
    /// <exception cref="DeletionNotConfirmedException"><paramref name="confirmation"/> is not the slug.</exception>
    /// <exception cref="TenantNotFoundException">No such tenant.</exception>
    public async Task DeleteAsync(string slug, string? confirmation, CancellationToken cancellationToken)
    {
        if (!string.Equals(slug, confirmation, StringComparison.Ordinal))
        {
            throw new DeletionNotConfirmedException(slug);
        }

        var tenant = await FindAsync(slug, cancellationToken);
        // Deleting first: requests stop reaching the tenant before its database goes.
        tenant.Status = TenantStatus.Deleting;
        await catalog.SaveChangesAsync(cancellationToken);
        store.Invalidate(slug);

        await databases.DropAsync(TenantRecord.From(tenant), cancellationToken);
        // The database cascades only the accepting side on SQL Server (one cascading path per table), so the tenant's
        // offers to escalate go here, on every provider alike.
        await catalog.EscalationPartners.Where(p => p.SourceTenantId == tenant.Id).ExecuteDeleteAsync(cancellationToken);
        // Its accounts leave the fetch cycle with it.
        await fetchDirectory.RemoveTenantAsync(tenant.Id, cancellationToken);
        catalog.Tenants.Remove(tenant);
        await catalog.SaveChangesAsync(cancellationToken);
        store.Invalidate(slug);
        LogDeleted(slug);
    }

    private async Task<TenantSummary> SetStatusAsync(string slug, TenantStatus from, TenantStatus to, CancellationToken cancellationToken)
    {
        var tenant = await FindAsync(slug, cancellationToken);
        if (tenant.Status == from)
        {
            tenant.Status = to;
            await catalog.SaveChangesAsync(cancellationToken);
            store.Invalidate(slug);
        }
        else if (tenant.Status != to)
        {
            throw new TenantStatusConflictException(slug, tenant.Status, from, to);
        }

        return Summarize(tenant);
    }

    private async Task<Tenant> FindAsync(string slug, CancellationToken cancellationToken) =>
        await catalog.Tenants.SingleOrDefaultAsync(t => t.Slug == slug, cancellationToken) ?? throw new TenantNotFoundException(slug);

    private static TenantSummary Summarize(Tenant t) =>
        new(t.Id, t.Slug, t.Name, t.Status.ToString(), t.CreatedAt, t.DatabaseServer, t.DatabaseName, t.SchemaVersion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tenant {Slug} deleted with its database")]
    private partial void LogDeleted(string slug);
}
