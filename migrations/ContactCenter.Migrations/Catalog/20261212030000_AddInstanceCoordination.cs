using ContactCenter.Data.Catalog;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ContactCenter.Migrations.Catalog;

/// <summary>What several server instances share: changes for instances that cannot LISTEN, and rate-limit counters.</summary>
[DbContext(typeof(CatalogDbContext))]
[Migration("20261212030000_AddInstanceCoordination")]
public sealed class AddInstanceCoordination : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "CatalogChanges",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                At = table.Column<DateTime>(nullable: false),
                Instance = table.Column<string>(maxLength: CatalogChange.InstanceMaxLength, nullable: false),
                Kind = table.Column<string>(maxLength: CatalogChange.KindMaxLength, nullable: false),
                Key = table.Column<string>(maxLength: CatalogChange.KeyMaxLength, nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_CatalogChanges", x => x.Id));
        migrationBuilder.CreateIndex("IX_CatalogChanges_At", "CatalogChanges", "At");

        migrationBuilder.CreateTable(
            name: "RateLimitCounters",
            columns: table => new
            {
                Key = table.Column<string>(maxLength: RateLimitCounter.KeyMaxLength, nullable: false),
                Window = table.Column<long>(nullable: false),
                Count = table.Column<int>(nullable: false),
                ExpiresAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_RateLimitCounters", x => new { x.Key, x.Window }));
        migrationBuilder.CreateIndex("IX_RateLimitCounters_ExpiresAt", "RateLimitCounters", "ExpiresAt");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("RateLimitCounters");
        migrationBuilder.DropTable("CatalogChanges");
    }
}
