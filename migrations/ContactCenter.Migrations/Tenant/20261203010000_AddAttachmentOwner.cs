using ContactCenter.Data.Tenant;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ContactCenter.Migrations.Tenant;

/// <summary>Own attachments: a prepared attachment may belong to one person (null keeps the tenant's prepared ones).</summary>
[DbContext(typeof(TenantDbContext))]
[Migration("20261203010000_AddAttachmentOwner")]
public sealed class AddAttachmentOwner : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<Guid>(name: "OwnerId", table: "PreparedAttachments", nullable: true);
        migrationBuilder.CreateIndex("IX_PreparedAttachments_OwnerId", "PreparedAttachments", "OwnerId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("IX_PreparedAttachments_OwnerId", "PreparedAttachments");
        migrationBuilder.DropColumn("OwnerId", "PreparedAttachments");
    }
}
