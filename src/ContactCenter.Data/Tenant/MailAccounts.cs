using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContactCenter.Data.Tenant;

// The tenant's own mail accounts: where mail is fetched from, which addresses replies go out as, and
// which SMTP servers send them. Secrets are stored only in their Data Protection form (never in clear).

/// <summary>How an inbound or system account fetches mail.</summary>
public enum MailProtocol
{
    Imap,
    Pop3,
}

/// <summary>How a mail connection is secured.</summary>
public enum MailTlsMode
{
    /// <summary>TLS from the first byte (IMAPS 993, POP3S 995, SMTPS 465).</summary>
    Implicit,

    /// <summary>Plain connection upgraded with STARTTLS/STLS before authentication.</summary>
    StartTls,

    /// <summary>No TLS at all (trusted networks only).</summary>
    None,
}

/// <summary>What a tenant's system account is used for.</summary>
public enum SystemAccountType
{
    /// <summary>Replies to customers are sent as this account.</summary>
    Reply,

    /// <summary>Replies from the 2nd-level (forwarding to experts and their answers) use this account.</summary>
    SecondLevelReply,
}

/// <summary>A mailbox the tenant's requests are imported from (IMAP or POP3).</summary>
public sealed class InboundAccount : IAudited
{
    public const int NameMaxLength = 200;
    public const int HostMaxLength = 253;
    public const int UserMaxLength = 320;
    public const int FolderMaxLength = 200;
    public const int ProtectedSecretMaxLength = 4000;
    public const int DefaultWeighting = 3;
    public const int MinWeighting = 1;
    public const int MaxWeighting = 10;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public required string Name { get; set; }

    public MailProtocol Protocol { get; set; }

    public required string Host { get; set; }

    public int Port { get; set; }

    public MailTlsMode TlsMode { get; set; }

    public required string UserName { get; set; }

    /// <summary>The password, protected with the tenant's Data Protection purpose; never in clear.</summary>
    [AuditRedacted]
    public string? ProtectedSecret { get; set; }

    /// <summary>IMAP folder to import from; null for POP3 (which has only the inbox).</summary>
    public string? Folder { get; set; }

    /// <summary>Share of the import work this account gets relative to the others (1–10).</summary>
    public int Weighting { get; set; } = DefaultWeighting;

    /// <summary>Leave imported messages on the server (default) rather than deleting them after import.</summary>
    public bool KeepOnServer { get; set; } = true;

    /// <summary>
    /// IMAP, kept on the server: the folder imported messages are moved to; null flags them <c>$ContactCenter</c> where
    /// they are instead.
    /// </summary>
    public string? ImportedFolder { get; set; }

    /// <summary>
    /// The client partition contacts found or created from this account's mail belong to, unless routing names one. No
    /// foreign key (SQLite cannot add one to an existing table): a partition that no longer exists is ignored.
    /// </summary>
    public Guid? PartitionId { get; set; }

    public bool Enabled { get; set; } = true;
}

/// <summary>
/// What every system account has, the tenant's own (<see cref="SystemAccount"/>) and the platform operator's global
/// ones (<c>Catalog.GlobalSystemAccount</c>), so both are validated and shown by one set of rules.
/// </summary>
public interface ISystemAccount
{
    Guid Id { get; }

    SystemAccountType Type { get; set; }

    string Name { get; set; }

    string EmailAddress { get; set; }

    MailProtocol Protocol { get; set; }

    int Weighting { get; set; }

    /// <summary>The server the account's mail is fetched from (the protocol tab); null until it is configured.</summary>
    string? Host { get; set; }

    int Port { get; set; }

    MailTlsMode TlsMode { get; set; }

    string? UserName { get; set; }

    /// <summary>The password in its Data Protection form; never in clear.</summary>
    string? ProtectedSecret { get; set; }

    /// <summary>IMAP folder to fetch; null means INBOX (and always for POP3).</summary>
    string? Folder { get; set; }

    /// <summary>Leave fetched messages on the server (flagged, or remembered by UIDL) rather than deleting them.</summary>
    bool KeepOnServer { get; set; }
}

/// <summary>An address the tenant answers from: the reply account or the 2nd-level reply account. Channel is always e-mail.</summary>
public sealed class SystemAccount : IAudited, ISystemAccount
{
    public const int NameMaxLength = 200;
    public const int AddressMaxLength = 320;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public SystemAccountType Type { get; set; }

    public required string Name { get; set; }

    public required string EmailAddress { get; set; }

    public MailProtocol Protocol { get; set; }

    public int Weighting { get; set; } = InboundAccount.DefaultWeighting;

    public string? Host { get; set; }

    public int Port { get; set; }

    public MailTlsMode TlsMode { get; set; }

    public string? UserName { get; set; }

    [AuditRedacted]
    public string? ProtectedSecret { get; set; }

    public string? Folder { get; set; }

    public bool KeepOnServer { get; set; } = true;
}

/// <summary>
/// An inbound account chosen on the account-settings tab as one of the tenant's default inbound accounts. The row
/// goes with its account (cascade), so deleting an account removes it from the defaults.
/// </summary>
public sealed class DefaultInboundAccount : IAudited
{
    public Guid InboundAccountId { get; set; }

    /// <summary>The audit trail names the account itself.</summary>
    Guid IAudited.Id => InboundAccountId;
}

/// <summary>An SMTP server the tenant's mail goes out through.</summary>
public sealed class OutboundSmtpServer : IAudited
{
    public const int NameMaxLength = 200;
    public const int SenderAddressesMaxLength = 4000;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public required string Name { get; set; }

    public required string Host { get; set; }

    public int Port { get; set; }

    public MailTlsMode TlsMode { get; set; }

    public bool Authenticate { get; set; }

    public string? UserName { get; set; }

    /// <summary>The password, protected with the tenant's Data Protection purpose; never in clear.</summary>
    [AuditRedacted]
    public string? ProtectedSecret { get; set; }

    /// <summary>Addresses that may be used as sender through this server, one per line (kept as one column so the audit trail shows the list).</summary>
    public string SenderAddresses { get; set; } = "";

    public bool Active { get; set; } = true;
}

internal sealed class InboundAccountConfiguration : IEntityTypeConfiguration<InboundAccount>
{
    public void Configure(EntityTypeBuilder<InboundAccount> account)
    {
        account.Property(a => a.Id).ValueGeneratedNever();
        account.Property(a => a.Name).HasMaxLength(InboundAccount.NameMaxLength);
        account.Property(a => a.Protocol).HasConversion<string>().HasMaxLength(20);
        account.Property(a => a.Host).HasMaxLength(InboundAccount.HostMaxLength);
        account.Property(a => a.TlsMode).HasConversion<string>().HasMaxLength(20);
        account.Property(a => a.UserName).HasMaxLength(InboundAccount.UserMaxLength);
        account.Property(a => a.ProtectedSecret).HasMaxLength(InboundAccount.ProtectedSecretMaxLength);
        account.Property(a => a.Folder).HasMaxLength(InboundAccount.FolderMaxLength);
        account.Property(a => a.ImportedFolder).HasMaxLength(InboundAccount.FolderMaxLength);
        account.HasIndex(a => a.Name).IsUnique();
    }
}

internal sealed class SystemAccountConfiguration : IEntityTypeConfiguration<SystemAccount>
{
    public void Configure(EntityTypeBuilder<SystemAccount> account)
    {
        account.Property(a => a.Id).ValueGeneratedNever();
        account.Property(a => a.Type).HasConversion<string>().HasMaxLength(20);
        account.Property(a => a.Name).HasMaxLength(SystemAccount.NameMaxLength);
        account.Property(a => a.EmailAddress).HasMaxLength(SystemAccount.AddressMaxLength);
        account.Property(a => a.Protocol).HasConversion<string>().HasMaxLength(20);
        account.Property(a => a.Host).HasMaxLength(InboundAccount.HostMaxLength);
        account.Property(a => a.TlsMode).HasConversion<string>().HasMaxLength(20);
        account.Property(a => a.UserName).HasMaxLength(InboundAccount.UserMaxLength);
        account.Property(a => a.ProtectedSecret).HasMaxLength(InboundAccount.ProtectedSecretMaxLength);
        account.Property(a => a.Folder).HasMaxLength(InboundAccount.FolderMaxLength);
        account.HasIndex(a => a.Name).IsUnique();
    }
}

internal sealed class DefaultInboundAccountConfiguration : IEntityTypeConfiguration<DefaultInboundAccount>
{
    public void Configure(EntityTypeBuilder<DefaultInboundAccount> entry)
    {
        entry.HasKey(d => d.InboundAccountId);
        entry.Property(d => d.InboundAccountId).ValueGeneratedNever();
        entry.HasOne<InboundAccount>().WithOne().HasForeignKey<DefaultInboundAccount>(d => d.InboundAccountId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class OutboundSmtpServerConfiguration : IEntityTypeConfiguration<OutboundSmtpServer>
{
    public void Configure(EntityTypeBuilder<OutboundSmtpServer> server)
    {
        server.Property(s => s.Id).ValueGeneratedNever();
        server.Property(s => s.Name).HasMaxLength(OutboundSmtpServer.NameMaxLength);
        server.Property(s => s.Host).HasMaxLength(InboundAccount.HostMaxLength);
        server.Property(s => s.TlsMode).HasConversion<string>().HasMaxLength(20);
        server.Property(s => s.UserName).HasMaxLength(InboundAccount.UserMaxLength);
        server.Property(s => s.ProtectedSecret).HasMaxLength(InboundAccount.ProtectedSecretMaxLength);
        server.Property(s => s.SenderAddresses).HasMaxLength(OutboundSmtpServer.SenderAddressesMaxLength);
        server.HasIndex(s => s.Name).IsUnique();
    }
}
