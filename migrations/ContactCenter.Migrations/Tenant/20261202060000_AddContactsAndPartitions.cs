using ContactCenter.Data.Tenant;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ContactCenter.Migrations.Tenant;

/// <summary>The minimal CRM: client partitions (BPO clients) with their categories, companies, contacts, activity history.</summary>
[DbContext(typeof(TenantDbContext))]
[Migration("20261202060000_AddContactsAndPartitions")]
public sealed class AddContactsAndPartitions : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "ClientPartitions",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Name = table.Column<string>(maxLength: 200, nullable: false),
                Description = table.Column<string>(maxLength: 2000, nullable: true),
                Enabled = table.Column<bool>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_ClientPartitions", x => x.Id));

        migrationBuilder.CreateTable(
            name: "ClientPartitionCategories",
            columns: table => new
            {
                PartitionId = table.Column<Guid>(nullable: false),
                CategoryId = table.Column<Guid>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_ClientPartitionCategories", x => new { x.PartitionId, x.CategoryId });
                table.ForeignKey("FK_ClientPartitionCategories_Categories_CategoryId", x => x.CategoryId, "Categories", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_ClientPartitionCategories_ClientPartitions_PartitionId", x => x.PartitionId, "ClientPartitions", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "Companies",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Name = table.Column<string>(maxLength: 200, nullable: false),
                AddressLine1 = table.Column<string>(maxLength: 200, nullable: true),
                AddressLine2 = table.Column<string>(maxLength: 200, nullable: true),
                PostalCode = table.Column<string>(maxLength: 20, nullable: true),
                City = table.Column<string>(maxLength: 200, nullable: true),
                Country = table.Column<string>(maxLength: 100, nullable: true),
                Phone = table.Column<string>(maxLength: 50, nullable: true),
                Email = table.Column<string>(maxLength: 320, nullable: true),
                Website = table.Column<string>(maxLength: 500, nullable: true),
                PartitionId = table.Column<Guid>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Companies", x => x.Id);
                table.ForeignKey("FK_Companies_ClientPartitions_PartitionId", x => x.PartitionId, "ClientPartitions", "Id", onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "Contacts",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Salutation = table.Column<string>(maxLength: 50, nullable: true),
                FirstName = table.Column<string>(maxLength: 100, nullable: true),
                LastName = table.Column<string>(maxLength: 100, nullable: true),
                Email = table.Column<string>(maxLength: 320, nullable: true),
                Phone = table.Column<string>(maxLength: 50, nullable: true),
                CompanyId = table.Column<Guid>(nullable: true),
                PartitionId = table.Column<Guid>(nullable: true),
                Notes = table.Column<string>(maxLength: 4000, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Contacts", x => x.Id);
                table.ForeignKey("FK_Contacts_ClientPartitions_PartitionId", x => x.PartitionId, "ClientPartitions", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_Contacts_Companies_CompanyId", x => x.CompanyId, "Companies", "Id", onDelete: ReferentialAction.SetNull);
            });

        migrationBuilder.CreateTable(
            name: "ActivityEntries",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                ContactId = table.Column<Guid>(nullable: false),
                At = table.Column<DateTime>(nullable: false),
                Kind = table.Column<string>(maxLength: 50, nullable: false),
                Text = table.Column<string>(maxLength: 4000, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_ActivityEntries", x => x.Id);
                table.ForeignKey("FK_ActivityEntries_Contacts_ContactId", x => x.ContactId, "Contacts", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("IX_ClientPartitions_Name", "ClientPartitions", "Name", unique: true);
        migrationBuilder.CreateIndex("IX_ClientPartitionCategories_CategoryId", "ClientPartitionCategories", "CategoryId");
        migrationBuilder.CreateIndex("IX_Companies_Name", "Companies", "Name");
        migrationBuilder.CreateIndex("IX_Companies_PartitionId", "Companies", "PartitionId");
        migrationBuilder.CreateIndex("IX_Contacts_CompanyId", "Contacts", "CompanyId");
        migrationBuilder.CreateIndex("IX_Contacts_Email", "Contacts", "Email");
        migrationBuilder.CreateIndex("IX_Contacts_LastName", "Contacts", "LastName");
        migrationBuilder.CreateIndex("IX_Contacts_PartitionId", "Contacts", "PartitionId");
        migrationBuilder.CreateIndex("IX_ActivityEntries_ContactId_At", "ActivityEntries", ["ContactId", "At"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("ActivityEntries");
        migrationBuilder.DropTable("Contacts");
        migrationBuilder.DropTable("Companies");
        migrationBuilder.DropTable("ClientPartitionCategories");
        migrationBuilder.DropTable("ClientPartitions");
    }
}
