using ContactCenter.Data.Tenant;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ContactCenter.Migrations.Tenant;

/// <summary>The tenant's request counter, which hands out request numbers, started at the highest number given so far.</summary>
[DbContext(typeof(TenantDbContext))]
[Migration("20261209010000_AddRequestCounter")]
public sealed class AddRequestCounter : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "RequestCounters",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false),
                Last = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_RequestCounters", x => x.Id));

        // Quoted identifiers as SQL writes them: PostgreSQL, SQLite and SQL Server (QUOTED_IDENTIFIER ON) read them alike.
        migrationBuilder.SqlOnEveryProvider($"""INSERT INTO "RequestCounters" ("Id", "Last") SELECT {RequestCounter.SingleId}, COALESCE(MAX("Number"), 0) FROM "Requests";""");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("RequestCounters");
}
