using ContactCenter.Data.Tenant;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ContactCenter.Migrations.Tenant;

/// <summary>The tenant's language (General tab): e-mails go out in it when the recipient's own language is not known.</summary>
[DbContext(typeof(TenantDbContext))]
[Migration("20261204010000_AddTenantLanguage")]
public sealed class AddTenantLanguage : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        // Existing tenants speak English, as the product did before; the column keeps no default afterwards, as in the model.
        migrationBuilder.AddColumn<string>("Language", "Settings", maxLength: 8, nullable: false, defaultValue: "en");
        // SQLite cannot drop a column default without rebuilding the table; there a default does no harm
        // (every insert names every column).
        if (migrationBuilder.IsSqlite())
        {
            return;
        }

        migrationBuilder.AlterColumn<string>("Language", "Settings", maxLength: 8, nullable: false,
            oldClrType: typeof(string), oldMaxLength: 8, oldNullable: false, oldDefaultValue: "en");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        // EF's SQLite provider rebuilds a table to drop a column, which needs the target model a hand-written
        // migration lacks; SQLite 3.35 and later drops an unindexed column itself.
        if (migrationBuilder.IsSqlite())
        {
            migrationBuilder.Sql("""ALTER TABLE "Settings" DROP COLUMN "Language";""");
        }
        else
        {
            migrationBuilder.DropColumn("Language", "Settings");
        }
    }
}
