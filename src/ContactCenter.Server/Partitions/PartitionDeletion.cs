using ContactCenter.Data.Tenant;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Partitions;

/// <summary>What deleting a client partition removed.</summary>
public sealed record PartitionDeleted(Guid Id, string Name, int Contacts, int Companies, int ActivityEntries, int CategoryAssociations);

/// <summary>The steps of a partition deletion, in the order they run.</summary>
public enum PartitionDeletionStep
{
    ActivityEntries,
    Contacts,
    Companies,
    CategoryAssociations,
    Partition,
}

/// <summary>Told after each step of a partition deletion, inside its transaction (tests interrupt it here).</summary>
public interface IPartitionDeletionObserver
{
    ValueTask StepDoneAsync(PartitionDeletionStep completed, int deleted, CancellationToken cancellationToken);
}

/// <summary>
/// Deletes a client partition with its contacts, companies and activity history in one transaction, set-based
/// (one DELETE per table however many contacts the client has). E-mails and requests will join the steps when
/// they reference contacts.
/// </summary>
public sealed class PartitionDeletion(TenantDbContext db, IEnumerable<IPartitionDeletionObserver> observers)
{
    /// <summary>The question the administrator answers by typing the partition's name.</summary>
    public static string Question(string name) => Localization.Texts<PartitionsTexts>()["DeleteQuestion", name];

    /// <summary>Deletes the partition and everything that belongs to it, or nothing when interrupted.</summary>
    /// <returns>The counts, or null when no such partition exists.</returns>
    /// <exception cref="OperationCanceledException">Cancelled; everything is rolled back.</exception>
    /// <exception cref="DbUpdateException">The database refused a step; everything is rolled back.</exception>
    public async Task<PartitionDeleted?> DeleteAsync(Guid partitionId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var name = await db.ClientPartitions.Where(p => p.Id == partitionId).Select(p => p.Name).SingleOrDefaultAsync(cancellationToken);
        if (name is null)
        {
            return null;
        }

        var activities = await StepAsync(PartitionDeletionStep.ActivityEntries, db.ActivityEntries
            .Where(a => db.Contacts.Any(c => c.Id == a.ContactId && c.PartitionId == partitionId)).ExecuteDeleteAsync(cancellationToken), cancellationToken);
        var contacts = await StepAsync(PartitionDeletionStep.Contacts,
            db.Contacts.Where(c => c.PartitionId == partitionId).ExecuteDeleteAsync(cancellationToken), cancellationToken);
        // Contacts of other partitions (or none) that worked for one of these companies keep existing without it (ON DELETE SET NULL).
        var companies = await StepAsync(PartitionDeletionStep.Companies,
            db.Companies.Where(c => c.PartitionId == partitionId).ExecuteDeleteAsync(cancellationToken), cancellationToken);
        var associations = await StepAsync(PartitionDeletionStep.CategoryAssociations,
            db.ClientPartitionCategories.Where(a => a.PartitionId == partitionId).ExecuteDeleteAsync(cancellationToken), cancellationToken);
        await StepAsync(PartitionDeletionStep.Partition,
            db.ClientPartitions.Where(p => p.Id == partitionId).ExecuteDeleteAsync(cancellationToken), cancellationToken);

        // ExecuteDelete bypasses SaveChanges and with it the automatic audit trail: one entry for the whole deletion.
        db.AuditEntries.Add(new AuditEntry
        {
            Actor = db.Actor,
            Entity = nameof(ClientPartition),
            EntityId = partitionId,
            Change = "Deleted",
            OldValue = name,
            NewValue = $"{contacts} contacts, {companies} companies, {activities} activity entries, {associations} category associations deleted",
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new PartitionDeleted(partitionId, name, contacts, companies, activities, associations);
    }

    private async Task<int> StepAsync(PartitionDeletionStep step, Task<int> delete, CancellationToken cancellationToken)
    {
        var deleted = await delete;
        foreach (var observer in observers)
        {
            await observer.StepDoneAsync(step, deleted, cancellationToken);
        }

        return deleted;
    }
}
