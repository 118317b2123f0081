using ContactCenter.Data.Tenant;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Partitions;

/// <summary>
/// The one rule for putting a contact or a company into a client partition, and the choice the masks offer for it:
/// only existing, enabled partitions; one that is already in a partition that was disabled since keeps it.
/// </summary>
internal static class PartitionAssignment
{
    /// <summary>Records an error on <c>partitionId</c> unless <paramref name="wanted"/> is none, the <paramref name="current"/> one, or an existing enabled partition.</summary>
    public static async Task CheckAsync(FieldErrors errors, TenantDbContext db, Guid? wanted, Guid? current, CancellationToken cancellationToken)
    {
        if (wanted is { } partitionId && partitionId != current
            && !await db.ClientPartitions.AnyAsync(p => p.Id == partitionId && p.Enabled, cancellationToken))
        {
            errors.Add("partitionId", Localization.Texts<PartitionsTexts>()["ChooseEnabledPartition"]);
        }
    }

    /// <summary>The enabled partitions, plus <paramref name="current"/> even when it was disabled since (it is kept).</summary>
    public static async Task<IReadOnlyList<(Guid Id, string Name)>> ChoicesAsync(TenantDbContext db, Guid? current, CancellationToken cancellationToken)
    {
        var texts = Localization.Texts<PartitionsTexts>();
        return (await db.ClientPartitions.AsNoTracking().Where(p => p.Enabled || p.Id == current).OrderBy(p => p.Name)
                .Select(p => new { p.Id, p.Name, p.Enabled }).ToListAsync(cancellationToken))
            .Select(p => (p.Id, p.Enabled ? p.Name : texts["DisabledChoice", p.Name].Value)).ToList();
    }
}
