using ContactCenter.Data.Tenant;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ContactCenter.Migrations.Tenant;

/// <summary>The audit trail: who changed which field of which entity, when, old and new value.</summary>
[DbContext(typeof(TenantDbContext))]
[Migration("20261202040000_AddAuditTrail")]
public sealed class AddAuditTrail : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "AuditEntries",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                At = table.Column<DateTime>(nullable: false),
                Actor = table.Column<string>(maxLength: 256, nullable: false),
                Entity = table.Column<string>(maxLength: 100, nullable: false),
                EntityId = table.Column<Guid>(nullable: false),
                Change = table.Column<string>(maxLength: 10, nullable: false),
                Field = table.Column<string>(maxLength: 100, nullable: true),
                OldValue = table.Column<string>(maxLength: 4000, nullable: true),
                NewValue = table.Column<string>(maxLength: 4000, nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_AuditEntries", x => x.Id));

        migrationBuilder.CreateIndex("IX_AuditEntries_At", "AuditEntries", "At");
        migrationBuilder.CreateIndex("IX_AuditEntries_Entity_EntityId", "AuditEntries", ["Entity", "EntityId"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("AuditEntries");
}
