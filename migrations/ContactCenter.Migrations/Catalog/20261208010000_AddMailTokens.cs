using ContactCenter.Data.Catalog;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ContactCenter.Migrations.Catalog;

/// <summary>The request tokens' tenants, by which mail at a global system account finds its tenant.</summary>
[DbContext(typeof(CatalogDbContext))]
[Migration("20261208010000_AddMailTokens")]
public sealed class AddMailTokens : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "MailTokens",
            columns: table => new
            {
                Token = table.Column<string>(maxLength: 16, nullable: false),
                TenantId = table.Column<Guid>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_MailTokens", x => x.Token);
                table.ForeignKey("FK_MailTokens_Tenants_TenantId", x => x.TenantId, "Tenants", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("IX_MailTokens_TenantId", "MailTokens", "TenantId");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("MailTokens");
}
