using ContactCenter.Data.Tenant;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ContactCenter.Migrations.Tenant;

/// <summary>The default inbound accounts chosen on the account-settings tab; a row goes when its account is deleted.</summary>
[DbContext(typeof(TenantDbContext))]
[Migration("20261203050000_AddDefaultInboundAccounts")]
public sealed class AddDefaultInboundAccounts : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateTable(
            name: "DefaultInboundAccounts",
            columns: table => new
            {
                InboundAccountId = table.Column<Guid>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_DefaultInboundAccounts", x => x.InboundAccountId);
                table.ForeignKey("FK_DefaultInboundAccounts_InboundAccounts_InboundAccountId", x => x.InboundAccountId, "InboundAccounts", "Id",
                    onDelete: ReferentialAction.Cascade);
            });

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("DefaultInboundAccounts");
}
