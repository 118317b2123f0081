using System.Net;
using System.Net.Http.Json;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Partitions;
using ContactCenter.Server.Tenancy;
using ContactCenter.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContactCenter.Server.Tests.Partitions;

/// <summary>Deleting a client partition with 10,000 contacts: exactly its data goes, in one transaction, or nothing does.</summary>
public abstract class PartitionDeletionShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private const int Contacts = 10_000;
    private const int Companies = 5;
    private const int Activities = 1_000;

    [Fact]
    public async Task DeleteExactlyThePartitionsDataAndReportTheCounts()
    {
        var slug = await server.SignUpAsync();
        using var api = await TenantApi.ClientAsync(server, TenantApi.Administrator(slug));
        var seeded = await SeedAsync(api, slug);

        using var response = await api.DeleteAsync($"/t/{slug}/api/partitions/{seeded.Doomed}?confirm={Uri.EscapeDataString("Doomed Client")}");

        var deleted = await response.Content.ReadFromJsonAsync<PartitionDeleted>();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new PartitionDeleted(seeded.Doomed, "Doomed Client", Contacts, Companies, Activities, 1), deleted);
        var after = await CountAsync(seeded.TenantId);
        // What stays: the other partition's 50 contacts, 50 contacts without partition, their 70 activity entries, its company and itself.
        Assert.Equal(new Counts(100, 1, 70, 1, 0), after);
        await server.TenantAsync(seeded.TenantId, async db =>
        {
            Assert.Equal(50, await db.Contacts.CountAsync(c => c.PartitionId == seeded.Kept));
            Assert.Equal(50, await db.Contacts.CountAsync(c => c.PartitionId == null));
            Assert.Null((await db.Contacts.SingleAsync(c => c.Id == seeded.KeptContactOfDoomedCompany)).CompanyId);
            var audit = await db.AuditEntries.SingleAsync(a => a.EntityId == seeded.Doomed && a.Change == "Deleted");
            Assert.Equal(($"admin@{slug}.example", "Doomed Client"), (audit.Actor, audit.OldValue));
            Assert.StartsWith($"{Contacts} contacts, {Companies} companies, {Activities} activity entries", audit.NewValue, StringComparison.Ordinal);
            return true;
        });
    }

    /// <summary>One seeding serves every interruption: each must leave the data exactly as it was.</summary>
    [Fact]
    public async Task RollBackCompletelyWhenInterrupted()
    {
        var slug = await server.SignUpAsync();
        using var api = await TenantApi.ClientAsync(server, TenantApi.Administrator(slug));
        var seeded = await SeedAsync(api, slug);
        var before = await CountAsync(seeded.TenantId);
        Assert.Equal(new Counts(Contacts + 100, Companies + 1, Activities + 70, 2, 1), before);

        foreach (var (interruptedAfter, byCancellation) in new[] { (PartitionDeletionStep.Partition, false), (PartitionDeletionStep.Contacts, true) })
        {
            using var cancellation = new CancellationTokenSource();
            var interrupter = new Interrupter(interruptedAfter, byCancellation ? cancellation : null);
            await using (var db = await server.Services.GetRequiredService<TenantDatabaseFactory>().OpenAsync(seeded.TenantId))
            {
                var deletion = new PartitionDeletion(db, [interrupter]);
                var failure = await Assert.ThrowsAnyAsync<Exception>(() => deletion.DeleteAsync(seeded.Doomed, cancellation.Token));
                Assert.IsType(byCancellation ? typeof(OperationCanceledException) : typeof(InjectedFaultException), failure, exactMatch: !byCancellation);
            }

            Assert.Equal(interruptedAfter, interrupter.Reached);
            Assert.Equal(before, await CountAsync(seeded.TenantId));
            Assert.False(await server.TenantAsync(seeded.TenantId, db => db.AuditEntries.AnyAsync(a => a.EntityId == seeded.Doomed && a.Change == "Deleted")));
        }
    }

    private sealed record Seeded(Guid TenantId, Guid Doomed, Guid Kept, Guid KeptContactOfDoomedCompany);

    private sealed record Counts(int Contacts, int Companies, int Activities, int Partitions, int Associations);

    private Task<Counts> CountAsync(Guid tenantId) => server.TenantAsync(tenantId, async db => new Counts(
        await db.Contacts.CountAsync(), await db.Companies.CountAsync(), await db.ActivityEntries.CountAsync(),
        await db.ClientPartitions.CountAsync(), await db.ClientPartitionCategories.CountAsync()));

    /// <summary>
    /// Two partitions (the doomed one with 10,000 contacts, 5 companies, 1,000 activity entries and a category;
    /// the kept one with 50 contacts, one working for a doomed company) and 50 contacts without partition.
    /// </summary>
    private async Task<Seeded> SeedAsync(HttpClient api, string slug)
    {
        var doomed = await PartitionsShould<TFixture>.CreateAsync(api, slug, "Doomed Client");
        var kept = await PartitionsShould<TFixture>.CreateAsync(api, slug, "Kept Client");
        var tenantId = await TenantApi.TenantIdAsync(server, slug);
        var cross = Guid.CreateVersion7();
        await server.TenantAsync(tenantId, async db =>
        {
            var companies = Enumerable.Range(0, Companies).Select(i => new Company { Name = $"Doomed company {i}", PartitionId = doomed }).ToList();
            var keptCompany = new Company { Name = "Kept company", PartitionId = kept };
            var doomedContacts = Enumerable.Range(0, Contacts)
                .Select(i => new Contact { LastName = $"Doomed {i}", Email = $"d{i}@doomed.example", PartitionId = doomed, CompanyId = companies[i % Companies].Id }).ToList();
            var keptContacts = Enumerable.Range(0, 50).Select(i => new Contact { LastName = $"Kept {i}", PartitionId = kept, CompanyId = keptCompany.Id }).ToList();
            keptContacts[0].Id = cross;
            keptContacts[0].CompanyId = companies[0].Id;
            var loose = Enumerable.Range(0, 50).Select(i => new Contact { LastName = $"Loose {i}" }).ToList();
            db.Companies.AddRange([.. companies, keptCompany]);
            db.Contacts.AddRange([.. doomedContacts, .. keptContacts, .. loose]);
            db.ActivityEntries.AddRange(doomedContacts.Take(Activities).Select(c => new ActivityEntry { ContactId = c.Id, Kind = "call", Text = "Called" }));
            db.ActivityEntries.AddRange(keptContacts.Select(c => new ActivityEntry { ContactId = c.Id, Kind = "note" }));
            db.ActivityEntries.AddRange(loose.Take(20).Select(c => new ActivityEntry { ContactId = c.Id, Kind = "note" }));
            db.ClientPartitionCategories.Add(new ClientPartitionCategory { PartitionId = doomed, CategoryId = await db.Categories.Select(c => c.Id).FirstAsync() });
            return await db.SaveChangesAsync();
        });
        return new Seeded(tenantId, doomed, kept, cross);
    }

    /// <summary>Breaks into the deletion after one step: throws, or cancels the token so the next statement is cancelled.</summary>
    private sealed class Interrupter(PartitionDeletionStep after, CancellationTokenSource? cancellation) : IPartitionDeletionObserver
    {
        public PartitionDeletionStep? Reached { get; private set; }

        public async ValueTask StepDoneAsync(PartitionDeletionStep completed, int deleted, CancellationToken cancellationToken)
        {
            Reached = completed;
            if (completed != after)
            {
                return;
            }

            if (cancellation is null)
            {
                throw new InjectedFaultException(ContactCenter.Server.Tenancy.Provisioning.ProvisioningStep.Activate);
            }

            await cancellation.CancelAsync();
        }
    }
}

public sealed class PartitionDeletionOnSqliteShould(SqliteServerFixture server) : PartitionDeletionShould<SqliteServerFixture>(server);

public sealed class PartitionDeletionOnPostgresShould(PostgresServerFixture server) : PartitionDeletionShould<PostgresServerFixture>(server);

public sealed class PartitionDeletionOnSqlServerShould(SqlServerServerFixture server) : PartitionDeletionShould<SqlServerServerFixture>(server.Required());
