using ContactCenter.Data.Catalog;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ContactCenter.Migrations.Catalog;

/// <summary>First-party clients, and the consents people give every other client per tenant and scope set.</summary>
[DbContext(typeof(CatalogDbContext))]
[Migration("20261205020000_AddConsents")]
public sealed class AddConsents : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<bool>("IsFirstParty", "OidcClients", nullable: false, defaultValue: false);

        migrationBuilder.CreateTable(
            name: "Consents",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                UserId = table.Column<Guid>(nullable: false),
                ClientId = table.Column<string>(maxLength: OidcApplication.ClientIdMaxLength, nullable: false),
                Tenant = table.Column<string>(maxLength: 100, nullable: false),
                Scopes = table.Column<string>(maxLength: 1000, nullable: false),
                GrantedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Consents", x => x.Id);
                table.ForeignKey("FK_Consents_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("IX_Consents_UserId_ClientId_Tenant", "Consents", ["UserId", "ClientId", "Tenant"], unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("Consents");
        migrationBuilder.DropColumn("IsFirstParty", "OidcClients");
    }
}
