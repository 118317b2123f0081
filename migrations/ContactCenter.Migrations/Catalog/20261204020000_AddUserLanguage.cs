using ContactCenter.Data.Catalog;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ContactCenter.Migrations.Catalog;

/// <summary>The language a person reads, so mails to them (a password reset) are written in it.</summary>
[DbContext(typeof(CatalogDbContext))]
[Migration("20261204020000_AddUserLanguage")]
public sealed class AddUserLanguage : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>(name: "Language", table: "AspNetUsers", maxLength: PlatformUser.LanguageMaxLength, nullable: true);

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropColumn(name: "Language", table: "AspNetUsers");
}
