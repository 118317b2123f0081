using ContactCenter.Data.Tenant;

namespace ContactCenter.Server.MailFetching;

/// <summary>Placeholder until the service-level calculator lands; replaced at merge.</summary>
public sealed class DueTimes
{
    public Task<DateTime?> DueAtAsync(TenantDbContext db, Guid? categoryId, DateTime startUtc, CancellationToken cancellationToken) =>
        Task.FromResult<DateTime?>(null);
}
