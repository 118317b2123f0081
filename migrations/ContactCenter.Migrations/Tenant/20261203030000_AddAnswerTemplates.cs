using ContactCenter.Data.Tenant;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ContactCenter.Migrations.Tenant;

/// <summary>
/// Several answer templates per category. A category's single template (three columns of its profile) becomes its
/// default template "Standard"; the old columns go.
/// </summary>
[DbContext(typeof(TenantDbContext))]
[Migration("20261203030000_AddAnswerTemplates")]
public sealed class AddAnswerTemplates : Migration
{
    private static readonly string[] OldColumns = ["TemplateLetterhead", "TemplateBody", "TemplateFooter"];

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "AnswerTemplates",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                CategoryId = table.Column<Guid>(nullable: false),
                Name = table.Column<string>(maxLength: 200, nullable: false),
                Letterhead = table.Column<string>(maxLength: 20_000, nullable: true),
                Body = table.Column<string>(maxLength: 20_000, nullable: true),
                Footer = table.Column<string>(maxLength: 20_000, nullable: true),
                IsDefault = table.Column<bool>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AnswerTemplates", x => x.Id);
                table.ForeignKey("FK_AnswerTemplates_Categories_CategoryId", x => x.CategoryId, "Categories", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_AnswerTemplates_CategoryId_Name", "AnswerTemplates", ["CategoryId", "Name"], unique: true);

        // A profile has the category's id and at most one template, so the profile id is a fresh, deterministic
        // template id on every provider (SQL cannot make a version-7 Guid). TRUE is a boolean in PostgreSQL and 1 in
        // SQLite (3.23 and later), matching how each provider stores bool; SQL Server has no TRUE and gets a bit 1.
        migrationBuilder.SqlOnEveryProvider(
            $"""
            INSERT INTO "AnswerTemplates" ("Id", "CategoryId", "Name", "Letterhead", "Body", "Footer", "IsDefault")
            SELECT "Id", "Id", 'Standard', "TemplateLetterhead", "TemplateBody", "TemplateFooter", {migrationBuilder.TrueLiteral()}
            FROM "CategoryProfiles"
            WHERE COALESCE("TemplateLetterhead", '') <> '' OR COALESCE("TemplateBody", '') <> '' OR COALESCE("TemplateFooter", '') <> ''
            """);

        foreach (var column in OldColumns)
        {
            // EF's SQLite provider rebuilds a table to drop a column, which needs the target model a hand-written
            // migration lacks; SQLite 3.35 and later drops an unindexed column itself.
            if (migrationBuilder.IsSqlite())
            {
                migrationBuilder.Sql($"""ALTER TABLE "CategoryProfiles" DROP COLUMN "{column}";""");
            }
            else
            {
                migrationBuilder.DropColumn(column, "CategoryProfiles");
            }
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var column in OldColumns)
        {
            migrationBuilder.AddColumn<string>(column, "CategoryProfiles", maxLength: 20_000, nullable: true);
        }

        // Only the default template fits back into the single-template columns.
        var isDefault = migrationBuilder.TrueLiteral();
        migrationBuilder.SqlOnEveryProvider(
            $"""
            UPDATE "CategoryProfiles" SET
                "TemplateLetterhead" = (SELECT t."Letterhead" FROM "AnswerTemplates" t WHERE t."CategoryId" = "CategoryProfiles"."Id" AND t."IsDefault" = {isDefault}),
                "TemplateBody" = (SELECT t."Body" FROM "AnswerTemplates" t WHERE t."CategoryId" = "CategoryProfiles"."Id" AND t."IsDefault" = {isDefault}),
                "TemplateFooter" = (SELECT t."Footer" FROM "AnswerTemplates" t WHERE t."CategoryId" = "CategoryProfiles"."Id" AND t."IsDefault" = {isDefault})
            """);
        migrationBuilder.DropTable("AnswerTemplates");
    }
}
