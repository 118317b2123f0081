using ContactCenter.Data.Tenant;

namespace ContactCenter.Data.Catalog;

/// <summary>
/// A system account of the platform operator: used by every tenant that has no system account of its own of the same
/// type (reply account, 2nd-level reply). Channel is always e-mail.
/// </summary>
public sealed class GlobalSystemAccount : ISystemAccount
{
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

    public string? ProtectedSecret { get; set; }

    public string? Folder { get; set; }

    public bool KeepOnServer { get; set; } = true;
}
