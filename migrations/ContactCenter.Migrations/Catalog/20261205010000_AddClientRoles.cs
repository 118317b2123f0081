using ContactCenter.Data.Catalog;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ContactCenter.Migrations.Catalog;

/// <summary>A tenant's API clients act with a role of that tenant.</summary>
[DbContext(typeof(CatalogDbContext))]
[Migration("20261205010000_AddClientRoles")]
public sealed class AddClientRoles : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>(name: "Role", table: "OidcClients", maxLength: 100, nullable: true);

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropColumn(name: "Role", table: "OidcClients");
}
