namespace ContactCenter.Data.Catalog;

/// <summary>One ASP.NET Core Data Protection key, kept in the catalog so every server instance shares it.</summary>
public sealed class DataProtectionKey
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string? FriendlyName { get; set; }

    public required string Xml { get; set; }
}
