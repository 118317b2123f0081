using ContactCenter.Data.Catalog;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ContactCenter.Migrations.Catalog;

/// <summary>The platform operator's global system accounts, used by tenants without system accounts of their own.</summary>
[DbContext(typeof(CatalogDbContext))]
[Migration("20261203050000_AddGlobalSystemAccounts")]
public sealed class AddGlobalSystemAccounts : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "GlobalSystemAccounts",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Type = table.Column<string>(maxLength: 20, nullable: false),
                Name = table.Column<string>(maxLength: 200, nullable: false),
                EmailAddress = table.Column<string>(maxLength: 320, nullable: false),
                Protocol = table.Column<string>(maxLength: 20, nullable: false),
                Weighting = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_GlobalSystemAccounts", x => x.Id));

        migrationBuilder.CreateIndex("IX_GlobalSystemAccounts_Name", "GlobalSystemAccounts", "Name", unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("GlobalSystemAccounts");
}
