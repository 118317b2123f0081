using ContactCenter.Data.Tenant;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ContactCenter.Migrations.Tenant;

/// <summary>
/// Classification rules of the routing plan link the classification instead of naming it. Existing rules get the id
/// of the classification their text names (exact name first, otherwise without regard to case, as matching was);
/// rules whose text names no classification keep a null link and match nothing until one is chosen.
/// </summary>
[DbContext(typeof(TenantDbContext))]
[Migration("20261203020000_LinkRoutingClassification")]
public sealed class LinkRoutingClassification : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        if (migrationBuilder.IsSqlite())
        {
            // EF cannot add a foreign key to an existing SQLite table without rebuilding it from a target model,
            // which a hand-written migration has not; SQLite itself accepts a REFERENCES clause on a new column
            // whose default is NULL (https://www.sqlite.org/lang_altertable.html#altertabaddcol).
            migrationBuilder.Sql("""
                ALTER TABLE "RoutingRules" ADD COLUMN "ClassificationId" TEXT NULL
                    REFERENCES "Classifications" ("Id") ON DELETE RESTRICT;
                """);
        }
        else
        {
            migrationBuilder.AddColumn<Guid>("ClassificationId", "RoutingRules", nullable: true);
            migrationBuilder.AddForeignKey("FK_RoutingRules_Classifications_ClassificationId", "RoutingRules", "ClassificationId",
                "Classifications", principalColumn: "Id", onDelete: ReferentialAction.Restrict);
        }

        migrationBuilder.CreateIndex("IX_RoutingRules_ClassificationId", "RoutingRules", "ClassificationId");

        // Plain SQL every provider runs alike: the exact name first (names are unique), then, for rules still unlinked,
        // the name without regard to case as matching was (SQLite's lower() folds ASCII letters only). SQL Server has
        // TOP where the others have LIMIT (and compares case-insensitively by default, so its first pass finds most).
        migrationBuilder.SqlOnEveryProvider("""
            UPDATE "RoutingRules" SET "ClassificationId" =
                (SELECT c."Id" FROM "Classifications" c WHERE c."Name" = trim("RoutingRules"."Value"))
            WHERE "Condition" = 'Classification';
            """);
        var (top, limit) = migrationBuilder.IsSqlServer() ? ("TOP 1 ", "") : ("", " LIMIT 1");
        migrationBuilder.SqlOnEveryProvider($"""
            UPDATE "RoutingRules" SET "ClassificationId" =
                (SELECT {top}c."Id" FROM "Classifications" c WHERE lower(c."Name") = lower(trim("RoutingRules"."Value")) ORDER BY c."Name"{limit})
            WHERE "Condition" = 'Classification' AND "ClassificationId" IS NULL;
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("IX_RoutingRules_ClassificationId", "RoutingRules");
        if (!migrationBuilder.IsSqlite())
        {
            migrationBuilder.DropForeignKey("FK_RoutingRules_Classifications_ClassificationId", "RoutingRules");
        }

        migrationBuilder.DropColumn("ClassificationId", "RoutingRules");
    }
}
