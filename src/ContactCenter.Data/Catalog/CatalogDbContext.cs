using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContactCenter.Data.Catalog;

/// <summary>The one catalog database: tenants, people (ASP.NET Core Identity), memberships, platform keys.</summary>
public sealed class CatalogDbContext(DbContextOptions<CatalogDbContext> options)
    : IdentityDbContext<PlatformUser, IdentityRole<Guid>, Guid>(options)
{
    public DbSet<Tenant> Tenants => Set<Tenant>();

    public DbSet<TenantMembership> TenantMemberships => Set<TenantMembership>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<OidcClient> OidcClients => Set<OidcClient>();

    public DbSet<SigningKey> SigningKeys => Set<SigningKey>();

    public DbSet<OidcGrant> OidcGrants => Set<OidcGrant>();

    public DbSet<EscalationPartner> EscalationPartners => Set<EscalationPartner>();

    public DbSet<GlobalSystemAccount> GlobalSystemAccounts => Set<GlobalSystemAccount>();

    /// <summary>SQL Server only: the length of Identity's string key columns (logins, tokens).</summary>
    public const int IdentityKeyMaxLength = 128;

    /// <summary>Fixed, so the model never depends on the host's Identity options (the migrations are hand-written for it).</summary>
    protected override Version SchemaVersion => IdentitySchemaVersions.Version1;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        var sqlServer = Database.IsSqlServer();
        if (sqlServer)
        {
            // SQL Server makes an unbounded string key nvarchar(450), so these two-column keys could reach 1,800 bytes,
            // past its 900-byte limit for a key; 128 is Identity's own MaxLengthForKeys. Other providers keep text.
            builder.Entity<IdentityUserLogin<Guid>>(login =>
            {
                login.Property(l => l.LoginProvider).HasMaxLength(IdentityKeyMaxLength);
                login.Property(l => l.ProviderKey).HasMaxLength(IdentityKeyMaxLength);
            });
            builder.Entity<IdentityUserToken<Guid>>(token =>
            {
                token.Property(t => t.LoginProvider).HasMaxLength(IdentityKeyMaxLength);
                token.Property(t => t.Name).HasMaxLength(IdentityKeyMaxLength);
            });
        }

        builder.Entity<Tenant>(tenant =>
        {
            tenant.ToTable("Tenants");
            tenant.Property(t => t.Id).ValueGeneratedNever();
            tenant.Property(t => t.Slug).HasMaxLength(Tenant.SlugMaxLength);
            tenant.HasIndex(t => t.Slug).IsUnique();
            tenant.Property(t => t.Name).HasMaxLength(Tenant.NameMaxLength);
            tenant.Property(t => t.Status).HasConversion<string>().HasMaxLength(20);
            tenant.Property(t => t.DatabaseServer).HasMaxLength(100);
            tenant.Property(t => t.DatabaseName).HasMaxLength(200);
            tenant.Property(t => t.SchemaVersion).HasMaxLength(150);
            tenant.Property(t => t.AllowsSignInForAllTenants).HasDefaultValue(true).HasSentinel(true);
        });

        builder.Entity<TenantMembership>(membership =>
        {
            membership.ToTable("TenantMemberships");
            membership.Property(m => m.Id).ValueGeneratedNever();
            membership.Property(m => m.Role).HasConversion<string>().HasMaxLength(30);
            membership.HasIndex(m => new { m.TenantId, m.UserId, m.Role }).IsUnique();
            membership.HasIndex(m => m.UserId);
            membership.HasOne(m => m.Tenant).WithMany(t => t.Memberships).HasForeignKey(m => m.TenantId).OnDelete(DeleteBehavior.Cascade);
            membership.HasOne(m => m.User).WithMany(u => u.Memberships).HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<EscalationPartner>(partner =>
        {
            partner.ToTable("EscalationPartners");
            partner.Property(p => p.Id).ValueGeneratedNever();
            partner.HasIndex(p => new { p.TenantId, p.SourceTenantId }).IsUnique();
            partner.HasIndex(p => p.SourceTenantId);
            partner.HasOne(p => p.Tenant).WithMany().HasForeignKey(p => p.TenantId).OnDelete(DeleteBehavior.Cascade);
            // Two cascading paths from Tenants to one table are refused by SQL Server; there the database leaves the source
            // side alone and deleting a tenant removes those rows itself (TenantOperations).
            partner.HasOne(p => p.SourceTenant).WithMany().HasForeignKey(p => p.SourceTenantId)
                .OnDelete(sqlServer ? DeleteBehavior.ClientCascade : DeleteBehavior.Cascade);
        });

        builder.Entity<GlobalSystemAccount>(account =>
        {
            account.ToTable("GlobalSystemAccounts");
            account.Property(a => a.Id).ValueGeneratedNever();
            account.Property(a => a.Type).HasConversion<string>().HasMaxLength(20);
            account.Property(a => a.Name).HasMaxLength(Data.Tenant.SystemAccount.NameMaxLength);
            account.Property(a => a.EmailAddress).HasMaxLength(Data.Tenant.SystemAccount.AddressMaxLength);
            account.Property(a => a.Protocol).HasConversion<string>().HasMaxLength(20);
            account.HasIndex(a => a.Name).IsUnique();
        });

        builder.Entity<DataProtectionKey>(key =>
        {
            key.ToTable("DataProtectionKeys");
            key.Property(k => k.Id).ValueGeneratedNever();
            key.Property(k => k.FriendlyName).HasMaxLength(200);
        });

        builder.Entity<OidcClient>(client =>
        {
            client.ToTable("OidcClients");
            client.Property(c => c.Id).ValueGeneratedNever();
            client.Property(c => c.ClientId).HasMaxLength(OidcClient.ClientIdMaxLength);
            client.HasIndex(c => c.ClientId).IsUnique();
            client.Property(c => c.DisplayName).HasMaxLength(200);
            client.Property(c => c.SecretHash).HasMaxLength(200);
            StringList(client.Property(c => c.RedirectUris));
            StringList(client.Property(c => c.PostLogoutRedirectUris));
            StringList(client.Property(c => c.GrantTypes));
            StringList(client.Property(c => c.Scopes));
            client.HasOne(c => c.Tenant).WithMany().HasForeignKey(c => c.TenantId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<SigningKey>(key =>
        {
            key.ToTable("SigningKeys");
            key.Property(k => k.Id).ValueGeneratedNever();
            key.Property(k => k.KeyId).HasMaxLength(64);
            key.HasIndex(k => k.KeyId).IsUnique();
            key.Property(k => k.Algorithm).HasMaxLength(10);
        });

        builder.Entity<OidcGrant>(grant =>
        {
            grant.ToTable("OidcGrants");
            grant.Property(g => g.Id).ValueGeneratedNever();
            grant.Property(g => g.Kind).HasConversion<string>().HasMaxLength(20);
            grant.Property(g => g.Handle).HasMaxLength(100);
            grant.HasIndex(g => g.Handle).IsUnique();
            grant.HasIndex(g => g.ChainId);
            grant.HasIndex(g => g.ExpiresAt);
            grant.Property(g => g.ClientId).HasMaxLength(OidcClient.ClientIdMaxLength);
            grant.Property(g => g.Tenant).HasMaxLength(Tenant.SlugMaxLength);
            grant.Property(g => g.Scopes).HasMaxLength(1000);
            grant.Property(g => g.RedirectUri).HasMaxLength(2000);
            grant.Property(g => g.Nonce).HasMaxLength(500);
            grant.Property(g => g.CodeChallenge).HasMaxLength(100);
            grant.Property(g => g.AuthenticationMethods).HasMaxLength(100);
        });
    }

    /// <summary>A list of strings kept as one JSON text column, the same on every provider.</summary>
    private static void StringList(PropertyBuilder<List<string>> property) =>
        property.HasConversion(
                list => JsonSerializer.Serialize(list, JsonSerializerOptions.Default),
                json => JsonSerializer.Deserialize<List<string>>(json, JsonSerializerOptions.Default) ?? new List<string>(),
                new ValueComparer<List<string>>(
                    (a, b) => a != null && b != null && a.SequenceEqual(b),
                    list => list.Aggregate(0, (hash, item) => HashCode.Combine(hash, item.GetHashCode(StringComparison.Ordinal))),
                    list => list.ToList()))
            .HasMaxLength(4000);
}
