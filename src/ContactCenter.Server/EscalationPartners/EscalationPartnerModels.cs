namespace ContactCenter.Server.EscalationPartners;

/// <summary>A tenant named by slug, e.g. to accept escalations from it.</summary>
public sealed record PartnerInput(string? Slug);

public sealed record PartnerTenant(Guid TenantId, string Slug, string Name);

public sealed record RemoteCategory(Guid Id, string Name);
