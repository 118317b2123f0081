using ContactCenter.Data.Catalog;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ContactCenter.Migrations.Catalog;

/// <summary>When an account's fetch last worked: the fetch lag that <c>/metrics</c> reports counts from it.</summary>
[DbContext(typeof(CatalogDbContext))]
[Migration("20261212010000_AddFetchSuccessTime")]
public sealed class AddFetchSuccessTime : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<DateTime>(name: "LastSucceededAt", table: "MailFetchAccounts", nullable: true);
        // Until now a fetch that worked left no error behind: that is the best guess for the rows already there.
        migrationBuilder.SqlOnEveryProvider("UPDATE \"MailFetchAccounts\" SET \"LastSucceededAt\" = \"LastFetchAt\" WHERE \"LastError\" IS NULL");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropColumn(name: "LastSucceededAt", table: "MailFetchAccounts");
}
