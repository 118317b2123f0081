using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContactCenter.Data.Tenant;

// The minimal CRM that requests and client partitions need: companies, contacts, their activity history,
// and the BPO clients (partitions) a contact may belong to.

/// <summary>A BPO client of the tenant. Contacts and companies may belong to one; deleting it deletes them.</summary>
public sealed class ClientPartition : IAudited
{
    public const int NameMaxLength = 200;
    public const int DescriptionMaxLength = 2000;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public required string Name { get; set; }

    public string? Description { get; set; }

    /// <summary>Offered in the agents' drop-downs and assignable to incoming mail and calls.</summary>
    public bool Enabled { get; set; } = true;

    public List<ClientPartitionCategory> Categories { get; } = [];
}

/// <summary>A category (queue) a partition is associated with: the Associations tab.</summary>
public sealed class ClientPartitionCategory
{
    public Guid PartitionId { get; set; }

    public Guid CategoryId { get; set; }

    public Category? Category { get; set; }
}

public sealed class Company : IAudited
{
    public const int NameMaxLength = 200;
    public const int LineMaxLength = 200;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public required string Name { get; set; }

    public string? AddressLine1 { get; set; }

    public string? AddressLine2 { get; set; }

    public string? PostalCode { get; set; }

    public string? City { get; set; }

    public string? Country { get; set; }

    public string? Phone { get; set; }

    public string? Email { get; set; }

    public string? Website { get; set; }

    public Guid? PartitionId { get; set; }

    public ClientPartition? Partition { get; set; }
}

public sealed class Contact : IAudited
{
    public const int NameMaxLength = 100;
    public const int EmailMaxLength = 320;
    public const int NotesMaxLength = 4000;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string? Salutation { get; set; }

    public string? FirstName { get; set; }

    public string? LastName { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }

    /// <summary>The postal address; letters go to the company's when the contact has no street of their own.</summary>
    public string? Street { get; set; }

    public string? PostalCode { get; set; }

    public string? City { get; set; }

    public string? Country { get; set; }

    public Guid? CompanyId { get; set; }

    public Company? Company { get; set; }

    /// <summary>Optional: contacts may exist without a BPO client.</summary>
    public Guid? PartitionId { get; set; }

    public ClientPartition? Partition { get; set; }

    public string? Notes { get; set; }
}

/// <summary>
/// One entry of a contact's activity history (a call, a note, a letter). E-mails and requests will reference
/// contacts the same way when they arrive, and partition deletion must then delete them too.
/// </summary>
public sealed class ActivityEntry
{
    public const int KindMaxLength = 50;
    public const int TextMaxLength = 4000;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ContactId { get; set; }

    public Contact? Contact { get; set; }

    public DateTime At { get; set; } = DateTime.UtcNow;

    public required string Kind { get; set; }

    public string? Text { get; set; }
}

internal sealed class ClientPartitionConfiguration : IEntityTypeConfiguration<ClientPartition>
{
    public void Configure(EntityTypeBuilder<ClientPartition> partition)
    {
        partition.Property(p => p.Id).ValueGeneratedNever();
        partition.Property(p => p.Name).HasMaxLength(ClientPartition.NameMaxLength);
        partition.Property(p => p.Description).HasMaxLength(ClientPartition.DescriptionMaxLength);
        partition.HasIndex(p => p.Name).IsUnique();
        partition.HasMany(p => p.Categories).WithOne().HasForeignKey(c => c.PartitionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ClientPartitionCategoryConfiguration : IEntityTypeConfiguration<ClientPartitionCategory>
{
    public void Configure(EntityTypeBuilder<ClientPartitionCategory> association)
    {
        association.HasKey(a => new { a.PartitionId, a.CategoryId });
        association.HasOne(a => a.Category).WithMany().HasForeignKey(a => a.CategoryId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CompanyConfiguration : IEntityTypeConfiguration<Company>
{
    public void Configure(EntityTypeBuilder<Company> company)
    {
        company.Property(c => c.Id).ValueGeneratedNever();
        company.Property(c => c.Name).HasMaxLength(Company.NameMaxLength);
        company.Property(c => c.AddressLine1).HasMaxLength(Company.LineMaxLength);
        company.Property(c => c.AddressLine2).HasMaxLength(Company.LineMaxLength);
        company.Property(c => c.PostalCode).HasMaxLength(20);
        company.Property(c => c.City).HasMaxLength(Company.LineMaxLength);
        company.Property(c => c.Country).HasMaxLength(100);
        company.Property(c => c.Phone).HasMaxLength(50);
        company.Property(c => c.Email).HasMaxLength(Contact.EmailMaxLength);
        company.Property(c => c.Website).HasMaxLength(500);
        company.HasIndex(c => c.Name);
        // Partition deletion removes a partition's companies explicitly (and counts them), so the database refuses a silent cascade.
        company.HasOne(c => c.Partition).WithMany().HasForeignKey(c => c.PartitionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ContactConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> contact)
    {
        contact.Property(c => c.Id).ValueGeneratedNever();
        contact.Property(c => c.Salutation).HasMaxLength(50);
        contact.Property(c => c.FirstName).HasMaxLength(Contact.NameMaxLength);
        contact.Property(c => c.LastName).HasMaxLength(Contact.NameMaxLength);
        contact.Property(c => c.Email).HasMaxLength(Contact.EmailMaxLength);
        contact.Property(c => c.Phone).HasMaxLength(50);
        contact.Property(c => c.Street).HasMaxLength(Company.LineMaxLength);
        contact.Property(c => c.PostalCode).HasMaxLength(20);
        contact.Property(c => c.City).HasMaxLength(Company.LineMaxLength);
        contact.Property(c => c.Country).HasMaxLength(100);
        contact.Property(c => c.Notes).HasMaxLength(Contact.NotesMaxLength);
        contact.HasIndex(c => c.LastName);
        contact.HasIndex(c => c.Email);
        // A contact outlives its company (of another partition, or deleted): it just loses the reference.
        contact.HasOne(c => c.Company).WithMany().HasForeignKey(c => c.CompanyId).OnDelete(DeleteBehavior.SetNull);
        contact.HasOne(c => c.Partition).WithMany().HasForeignKey(c => c.PartitionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ActivityEntryConfiguration : IEntityTypeConfiguration<ActivityEntry>
{
    public void Configure(EntityTypeBuilder<ActivityEntry> activity)
    {
        activity.Property(a => a.Id).ValueGeneratedNever();
        activity.Property(a => a.Kind).HasMaxLength(ActivityEntry.KindMaxLength);
        activity.Property(a => a.Text).HasMaxLength(ActivityEntry.TextMaxLength);
        activity.HasIndex(a => new { a.ContactId, a.At });
        activity.HasOne(a => a.Contact).WithMany().HasForeignKey(a => a.ContactId).OnDelete(DeleteBehavior.Cascade);
    }
}
