using ContactCenter.Data.Catalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ContactCenter.Migrations.Catalog;

/// <summary>Which tenants accept escalations from which other tenants.</summary>
[DbContext(typeof(CatalogDbContext))]
[Migration("20261202080000_AddEscalationPartners")]
public sealed class AddEscalationPartners : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "EscalationPartners",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                TenantId = table.Column<Guid>(nullable: false),
                SourceTenantId = table.Column<Guid>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_EscalationPartners", x => x.Id);
                table.ForeignKey("FK_EscalationPartners_Tenants_TenantId", x => x.TenantId, "Tenants", "Id", onDelete: ReferentialAction.Cascade);
                // SQL Server refuses a second cascading path from Tenants; there deleting a tenant removes these rows itself.
                table.ForeignKey("FK_EscalationPartners_Tenants_SourceTenantId", x => x.SourceTenantId, "Tenants", "Id",
                    onDelete: migrationBuilder.IsSqlServer() ? ReferentialAction.NoAction : ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("IX_EscalationPartners_SourceTenantId", "EscalationPartners", "SourceTenantId");
        migrationBuilder.CreateIndex("IX_EscalationPartners_TenantId_SourceTenantId", "EscalationPartners", ["TenantId", "SourceTenantId"], unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("EscalationPartners");
}
