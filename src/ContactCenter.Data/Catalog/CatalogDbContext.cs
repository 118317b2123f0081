using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Data.Catalog;

/// <summary>The one catalog database: tenants, people (ASP.NET Core Identity), memberships, platform keys.</summary>
public sealed class CatalogDbContext(DbContextOptions<CatalogDbContext> options)
    : IdentityDbContext<PlatformUser, IdentityRole<Guid>, Guid>(options)
{
    public DbSet<Tenant> Tenants => Set<Tenant>();

    public DbSet<TenantMembership> TenantMemberships => Set<TenantMembership>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<OidcApplication> OidcApplications => Set<OidcApplication>();

    public DbSet<OidcAuthorization> OidcAuthorizations => Set<OidcAuthorization>();

    public DbSet<OidcToken> OidcTokens => Set<OidcToken>();

    public DbSet<SigningKey> SigningKeys => Set<SigningKey>();

    public DbSet<Consent> Consents => Set<Consent>();

    public DbSet<EscalationPartner> EscalationPartners => Set<EscalationPartner>();

    public DbSet<GlobalSystemAccount> GlobalSystemAccounts => Set<GlobalSystemAccount>();

    public DbSet<MailFetchAccount> MailFetchAccounts => Set<MailFetchAccount>();

    public DbSet<GlobalQuarantinedMail> GlobalQuarantine => Set<GlobalQuarantinedMail>();

    public DbSet<MailToken> MailTokens => Set<MailToken>();

    public DbSet<CatalogChange> CatalogChanges => Set<CatalogChange>();

    public DbSet<RateLimitCounter> RateLimitCounters => Set<RateLimitCounter>();

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
            account.Property(a => a.Host).HasMaxLength(Data.Tenant.InboundAccount.HostMaxLength);
            account.Property(a => a.TlsMode).HasConversion<string>().HasMaxLength(20);
            account.Property(a => a.UserName).HasMaxLength(Data.Tenant.InboundAccount.UserMaxLength);
            account.Property(a => a.ProtectedSecret).HasMaxLength(Data.Tenant.InboundAccount.ProtectedSecretMaxLength);
            account.Property(a => a.Folder).HasMaxLength(Data.Tenant.InboundAccount.FolderMaxLength);
            account.HasIndex(a => a.Name).IsUnique();
        });

        builder.Entity<MailFetchAccount>(account =>
        {
            account.ToTable("MailFetchAccounts");
            account.HasKey(a => a.AccountId);
            account.Property(a => a.AccountId).ValueGeneratedNever();
            account.Property(a => a.Kind).HasConversion<string>().HasMaxLength(20);
            account.Property(a => a.LeaseHolder).HasMaxLength(MailFetchAccount.LeaseHolderMaxLength);
            account.Property(a => a.LastError).HasMaxLength(MailFetchAccount.ErrorMaxLength);
            account.HasIndex(a => a.TenantId);
        });

        builder.Entity<GlobalQuarantinedMail>(mail =>
        {
            mail.ToTable("GlobalQuarantine");
            mail.Property(m => m.Id).ValueGeneratedNever();
            mail.Property(m => m.Uid).HasMaxLength(Data.Tenant.MailReceipt.UidMaxLength);
            mail.Property(m => m.Sha256).HasMaxLength(64);
            mail.Property(m => m.ReasonCode).HasMaxLength(Data.Tenant.QuarantinedMail.ReasonCodeMaxLength);
            mail.Property(m => m.Reason).HasMaxLength(Data.Tenant.QuarantinedMail.ReasonMaxLength);
            mail.HasIndex(m => new { m.AccountId, m.UidValidity, m.Uid }).IsUnique();
        });

        builder.Entity<MailToken>(token =>
        {
            token.ToTable("MailTokens");
            token.HasKey(t => t.Token);
            token.Property(t => t.Token).HasMaxLength(Data.Tenant.Request.TokenLength);
            token.HasOne<Tenant>().WithMany().HasForeignKey(t => t.TenantId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<CatalogChange>(change =>
        {
            change.ToTable("CatalogChanges");
            change.Property(c => c.Id).ValueGeneratedNever();
            change.Property(c => c.Instance).HasMaxLength(CatalogChange.InstanceMaxLength);
            change.Property(c => c.Kind).HasMaxLength(CatalogChange.KindMaxLength);
            change.Property(c => c.Key).HasMaxLength(CatalogChange.KeyMaxLength);
            change.HasIndex(c => c.At);
        });

        builder.Entity<RateLimitCounter>(counter =>
        {
            counter.ToTable("RateLimitCounters");
            counter.HasKey(c => new { c.Key, c.Window });
            counter.Property(c => c.Key).HasMaxLength(RateLimitCounter.KeyMaxLength);
            counter.Property(c => c.Window).ValueGeneratedNever();
            counter.HasIndex(c => c.ExpiresAt);
        });

        builder.Entity<DataProtectionKey>(key =>
        {
            key.ToTable("DataProtectionKeys");
            key.Property(k => k.Id).ValueGeneratedNever();
            key.Property(k => k.FriendlyName).HasMaxLength(200);
        });

        // OpenIddict's tables, with our own application and authorization columns. Subjects are person ids or client ids,
        // so 100 characters keep the (application, status, subject, type) indexes within SQL Server's 900 bytes.
        builder.UseOpenIddict<OidcApplication, OidcAuthorization, OidcScope, OidcToken, Guid>();
        builder.Entity<OidcApplication>(application =>
        {
            application.Property(a => a.Role).HasMaxLength(100);
            application.Property(a => a.IsFirstParty).HasDefaultValue(false);
            application.HasOne(a => a.Tenant).WithMany().HasForeignKey(a => a.TenantId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<OidcAuthorization>(authorization =>
        {
            authorization.Property(a => a.Subject).HasMaxLength(OidcApplication.ClientIdMaxLength);
            authorization.Property(a => a.Tenant).HasMaxLength(Tenant.SlugMaxLength);
            // Named, as PostgreSQL would cut the generated names at 63 characters.
            authorization.HasOne(a => a.Application).WithMany(a => a.Authorizations).HasConstraintName("FK_OpenIddictAuthorizations_Application");
        });
        builder.Entity<OidcToken>(token =>
        {
            token.Property(t => t.Subject).HasMaxLength(OidcApplication.ClientIdMaxLength);
            token.HasOne(t => t.Application).WithMany(a => a.Tokens).HasConstraintName("FK_OpenIddictTokens_Application");
            token.HasOne(t => t.Authorization).WithMany(a => a.Tokens).HasConstraintName("FK_OpenIddictTokens_Authorization");
        });

        builder.Entity<Consent>(consent =>
        {
            consent.ToTable("Consents");
            consent.Property(c => c.Id).ValueGeneratedNever();
            consent.Property(c => c.ClientId).HasMaxLength(OidcApplication.ClientIdMaxLength);
            consent.Property(c => c.Tenant).HasMaxLength(100);
            consent.Property(c => c.Scopes).HasMaxLength(1000);
            consent.HasIndex(c => new { c.UserId, c.ClientId, c.Tenant }).IsUnique();
            consent.HasOne<PlatformUser>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<SigningKey>(key =>
        {
            key.ToTable("SigningKeys");
            key.Property(k => k.Id).ValueGeneratedNever();
            key.Property(k => k.KeyId).HasMaxLength(64);
            key.HasIndex(k => k.KeyId).IsUnique();
            key.Property(k => k.Algorithm).HasMaxLength(10);
        });
    }
}
