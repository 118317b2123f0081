using ContactCenter.Data.Tenant;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ContactCenter.Migrations.Tenant;

/// <summary>Contacts get a postal address of their own (street, postal code, city, country) for letters.</summary>
[DbContext(typeof(TenantDbContext))]
[Migration("20261211040000_AddContactAddress")]
public sealed class AddContactAddress : Migration
{
    private static readonly string[] Added = ["Street", "PostalCode", "City", "Country"];

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>("Street", "Contacts", maxLength: Company.LineMaxLength, nullable: true);
        migrationBuilder.AddColumn<string>("PostalCode", "Contacts", maxLength: 20, nullable: true);
        migrationBuilder.AddColumn<string>("City", "Contacts", maxLength: Company.LineMaxLength, nullable: true);
        migrationBuilder.AddColumn<string>("Country", "Contacts", maxLength: 100, nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var column in Added)
        {
            // EF's SQLite provider rebuilds a table to drop a column, which needs the target model a hand-written
            // migration lacks; SQLite 3.35 and later drops an unindexed column itself.
            if (migrationBuilder.IsSqlite())
            {
                migrationBuilder.Sql($"""ALTER TABLE "Contacts" DROP COLUMN "{column}";""");
            }
            else
            {
                migrationBuilder.DropColumn(column, "Contacts");
            }
        }
    }
}
