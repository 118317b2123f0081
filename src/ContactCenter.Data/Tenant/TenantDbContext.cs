using System.Globalization;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace ContactCenter.Data.Tenant;

/// <summary>One tenant's own database. Only ever opened for one resolved tenant.</summary>
public sealed class TenantDbContext(DbContextOptions<TenantDbContext> options) : DbContext(options)
{
    public DbSet<TenantSettings> Settings => Set<TenantSettings>();

    public DbSet<SystemGroup> SystemGroups => Set<SystemGroup>();

    public DbSet<SupervisorGroup> SupervisorGroups => Set<SupervisorGroup>();

    public DbSet<AgentGroup> AgentGroups => Set<AgentGroup>();

    public DbSet<Category> Categories => Set<Category>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<GroupAssignment> GroupAssignments => Set<GroupAssignment>();

    public DbSet<PendingInvitation> PendingInvitations => Set<PendingInvitation>();

    public DbSet<TenantAppSetting> AppSettings => Set<TenantAppSetting>();

    public DbSet<InboundAccount> InboundAccounts => Set<InboundAccount>();

    public DbSet<SystemAccount> SystemAccounts => Set<SystemAccount>();

    public DbSet<OutboundSmtpServer> OutboundSmtpServers => Set<OutboundSmtpServer>();

    public DbSet<DefaultInboundAccount> DefaultInboundAccounts => Set<DefaultInboundAccount>();

    public DbSet<RoutingRule> RoutingRules => Set<RoutingRule>();

    public DbSet<ClientPartition> ClientPartitions => Set<ClientPartition>();

    public DbSet<ClientPartitionCategory> ClientPartitionCategories => Set<ClientPartitionCategory>();

    public DbSet<Company> Companies => Set<Company>();

    public DbSet<Contact> Contacts => Set<Contact>();

    public DbSet<ActivityEntry> ActivityEntries => Set<ActivityEntry>();

    public DbSet<Role> Roles => Set<Role>();

    public DbSet<RoleAssignment> RoleAssignments => Set<RoleAssignment>();

    public DbSet<AttachmentType> AttachmentTypes => Set<AttachmentType>();

    public DbSet<PreparedAttachment> PreparedAttachments => Set<PreparedAttachment>();

    public DbSet<CategoryProfile> CategoryProfiles => Set<CategoryProfile>();

    public DbSet<AnswerTemplate> AnswerTemplates => Set<AnswerTemplate>();

    public DbSet<TextBlock> TextBlocks => Set<TextBlock>();

    public DbSet<Classification> Classifications => Set<Classification>();

    public DbSet<Request> Requests => Set<Request>();

    public DbSet<RequestMessage> RequestMessages => Set<RequestMessage>();

    public DbSet<MessageAttachment> MessageAttachments => Set<MessageAttachment>();

    public DbSet<RequestNote> RequestNotes => Set<RequestNote>();

    public DbSet<RequestHistoryEntry> RequestHistory => Set<RequestHistoryEntry>();

    public DbSet<RawMail> RawMails => Set<RawMail>();

    public DbSet<MailReceipt> MailReceipts => Set<MailReceipt>();

    public DbSet<RequestCounter> RequestCounters => Set<RequestCounter>();

    public DbSet<QuarantinedMail> Quarantine => Set<QuarantinedMail>();

    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    public DbSet<ReplyDraft> ReplyDrafts => Set<ReplyDraft>();

    public DbSet<Notification> Notifications => Set<Notification>();

    public DbSet<LetterBatch> LetterBatches => Set<LetterBatch>();

    /// <summary>Who the changes saved through this context are recorded for in the audit trail.</summary>
    public string Actor { get; set; } = "system";

    /// <summary>
    /// Raised after a save that added, changed or removed requests or their messages, notes or history, so that live
    /// views of the requests can refresh. Inside an explicit transaction it comes before the commit.
    /// </summary>
    public event EventHandler? RequestsSaved;

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        RecordAudit();
        var requests = TouchesRequests();
        var saved = base.SaveChanges(acceptAllChangesOnSuccess);
        if (requests)
        {
            RequestsSaved?.Invoke(this, EventArgs.Empty);
        }

        return saved;
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        RecordAudit();
        var requests = TouchesRequests();
        var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        if (requests)
        {
            RequestsSaved?.Invoke(this, EventArgs.Empty);
        }

        return saved;
    }

    private bool TouchesRequests() =>
        RequestsSaved is not null
        && ChangeTracker.Entries().Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
            && e.Entity is Request or RequestMessage or RequestNote or RequestHistoryEntry or Notification);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // Each feature keeps its entities' mapping in an IEntityTypeConfiguration beside them.
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(TenantDbContext).Assembly,
            type => type.Namespace == typeof(TenantDbContext).Namespace);

        modelBuilder.Entity<TenantSettings>(settings =>
        {
            settings.Property(s => s.Id).ValueGeneratedNever();
            settings.Property(s => s.Name).HasMaxLength(200);
            settings.Property(s => s.Description).HasMaxLength(2000);
            settings.Property(s => s.SpellCheckLanguage).HasMaxLength(20);
            settings.Property(s => s.TimeZone).HasMaxLength(64);
            settings.Property(s => s.BusinessHoursJson).HasMaxLength(20_000);
            settings.Property(s => s.DoNotReplyAddresses).HasMaxLength(20_000);
            settings.Property(s => s.LetterOutputDirectory).HasMaxLength(500);
            settings.Property(s => s.CallPrefix).HasMaxLength(20);
            settings.Property(s => s.CallPostfix).HasMaxLength(20);
        });

        modelBuilder.Entity<SystemGroup>(group =>
        {
            group.Property(g => g.Id).ValueGeneratedNever();
            group.Property(g => g.Name).HasMaxLength(200);
            group.Property(g => g.Description).HasMaxLength(2000);
            group.HasIndex(g => g.Name).IsUnique();
        });

        modelBuilder.Entity<SupervisorGroup>(group =>
        {
            group.Property(g => g.Id).ValueGeneratedNever();
            group.Property(g => g.Name).HasMaxLength(200);
            group.Property(g => g.Description).HasMaxLength(2000);
            group.HasIndex(g => new { g.SystemGroupId, g.Name }).IsUnique();
            group.HasOne(g => g.SystemGroup).WithMany(s => s.SupervisorGroups)
                .HasForeignKey(g => g.SystemGroupId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<AgentGroup>(group =>
        {
            group.Property(g => g.Id).ValueGeneratedNever();
            group.Property(g => g.Name).HasMaxLength(200);
            group.Property(g => g.Description).HasMaxLength(2000);
            group.HasIndex(g => new { g.SupervisorGroupId, g.Name }).IsUnique();
            group.HasOne(g => g.SupervisorGroup).WithMany(s => s.AgentGroups)
                .HasForeignKey(g => g.SupervisorGroupId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<Category>(category =>
        {
            category.Property(c => c.Id).ValueGeneratedNever();
            category.Property(c => c.Name).HasMaxLength(Category.NameMaxLength);
            category.Property(c => c.Description).HasMaxLength(2000);
            category.HasIndex(c => c.Name).IsUnique();
            category.HasOne(c => c.AgentGroup).WithMany(a => a.Categories)
                .HasForeignKey(c => c.AgentGroupId).OnDelete(DeleteBehavior.Restrict);
        });
    }

    /// <summary>Adds an audit entry per changed field of every <see cref="IAudited"/> entity, saved in the same transaction.</summary>
    private void RecordAudit()
    {
        ChangeTracker.DetectChanges();
        var now = DateTime.UtcNow;
        var entries = new List<AuditEntry>();
        foreach (var entry in ChangeTracker.Entries<IAudited>())
        {
            var entity = entry.Metadata.ClrType.Name;
            switch (entry.State)
            {
                case EntityState.Added:
                case EntityState.Deleted:
                    entries.Add(new AuditEntry { At = now, Actor = Actor, Entity = entity, EntityId = entry.Entity.Id, Change = entry.State.ToString() });
                    break;
                case EntityState.Modified:
                    foreach (var property in entry.Properties.Where(p => p.IsModified && !Equals(p.OriginalValue, p.CurrentValue)))
                    {
                        entries.Add(new AuditEntry
                        {
                            At = now,
                            Actor = Actor,
                            Entity = entity,
                            EntityId = entry.Entity.Id,
                            Change = nameof(EntityState.Modified),
                            Field = property.Metadata.Name,
                            OldValue = Show(property, property.OriginalValue),
                            NewValue = Show(property, property.CurrentValue),
                        });
                    }

                    break;
            }
        }

        AuditEntries.AddRange(entries);
    }

    private static string? Show(PropertyEntry property, object? value)
    {
        if (property.Metadata.PropertyInfo?.GetCustomAttribute<AuditRedactedAttribute>() is not null)
        {
            return AuditEntry.Redacted;
        }

        var text = Convert.ToString(value, CultureInfo.InvariantCulture);
        return text is { Length: > 4000 } ? text[..4000] : text;
    }
}
