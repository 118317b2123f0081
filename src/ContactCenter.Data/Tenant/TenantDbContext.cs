using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Data.Tenant;

/// <summary>One tenant's own database. Only ever opened for one resolved tenant.</summary>
public sealed class TenantDbContext(DbContextOptions<TenantDbContext> options) : DbContext(options)
{
    public DbSet<TenantSettings> Settings => Set<TenantSettings>();

    public DbSet<SystemGroup> SystemGroups => Set<SystemGroup>();

    public DbSet<SupervisorGroup> SupervisorGroups => Set<SupervisorGroup>();

    public DbSet<AgentGroup> AgentGroups => Set<AgentGroup>();

    public DbSet<Category> Categories => Set<Category>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<TenantSettings>(settings =>
        {
            settings.Property(s => s.Id).ValueGeneratedNever();
            settings.Property(s => s.Name).HasMaxLength(200);
            settings.Property(s => s.Description).HasMaxLength(2000);
            settings.Property(s => s.SpellCheckLanguage).HasMaxLength(20);
            settings.Property(s => s.TimeZone).HasMaxLength(64);
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
}
