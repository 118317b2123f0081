using ContactCenter.Data.Tenant;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ContactCenter.Migrations.Tenant;

/// <summary>
/// Roles with permission flags and custom-role assignments; allowed attachment types and prepared attachments.
/// Seeds the built-in roles and the default allowlist with fixed ids, so new and existing tenants get the same rows.
/// </summary>
[DbContext(typeof(TenantDbContext))]
[Migration("20261202090000_AddRolesAndAssets")]
public sealed class AddRolesAndAssets : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Roles",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Name = table.Column<string>(maxLength: 100, nullable: false),
                Description = table.Column<string>(maxLength: 2000, nullable: true),
                BuiltIn = table.Column<int>(nullable: true),
                Permissions = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Roles", x => x.Id));
        migrationBuilder.CreateIndex("IX_Roles_Name", "Roles", "Name", unique: true);
        migrationBuilder.CreateIndex("IX_Roles_BuiltIn", "Roles", "BuiltIn", unique: true, filter: migrationBuilder.FilterForUniqueNullable("BuiltIn"));

        migrationBuilder.CreateTable(
            name: "RoleAssignments",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                RoleId = table.Column<Guid>(nullable: false),
                PersonId = table.Column<Guid>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_RoleAssignments", x => x.Id);
                table.ForeignKey("FK_RoleAssignments_Roles_RoleId", x => x.RoleId, "Roles", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_RoleAssignments_RoleId_PersonId", "RoleAssignments", ["RoleId", "PersonId"], unique: true);
        migrationBuilder.CreateIndex("IX_RoleAssignments_PersonId", "RoleAssignments", "PersonId");

        migrationBuilder.CreateTable(
            name: "AttachmentTypes",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Extension = table.Column<string>(maxLength: 20, nullable: false),
                MediaType = table.Column<string>(maxLength: 127, nullable: false),
                MaxSizeMegabytes = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_AttachmentTypes", x => x.Id));
        migrationBuilder.CreateIndex("IX_AttachmentTypes_Extension", "AttachmentTypes", "Extension", unique: true);

        migrationBuilder.CreateTable(
            name: "PreparedAttachments",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                FileName = table.Column<string>(maxLength: 255, nullable: false),
                MediaType = table.Column<string>(maxLength: 127, nullable: false),
                Size = table.Column<long>(nullable: false),
                Content = table.Column<byte[]>(nullable: false),
                UploadedBy = table.Column<string>(maxLength: 256, nullable: false),
                UploadedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_PreparedAttachments", x => x.Id));
        migrationBuilder.CreateIndex("IX_PreparedAttachments_FileName", "PreparedAttachments", "FileName");

        // A hand-written migration has no target model, so the seed names its column types per provider.
        var (sqlite, sqlServer) = (migrationBuilder.IsSqlite(), migrationBuilder.IsSqlServer());
        string Type(string sqliteType, string postgresType, string sqlServerType) => sqlite ? sqliteType : sqlServer ? sqlServerType : postgresType;
        foreach (var role in BuiltInRoles.Defaults)
        {
            migrationBuilder.InsertData("Roles", ["Id", "Name", "Description", "BuiltIn", "Permissions"],
                [Type("TEXT", "uuid", "uniqueidentifier"), Type("TEXT", "character varying(100)", "nvarchar(100)"),
                    Type("TEXT", "character varying(2000)", "nvarchar(2000)"), Type("INTEGER", "integer", "int"), Type("INTEGER", "bigint", "bigint")],
                [role.Id, role.Name, role.Description, (int)role.BuiltIn!.Value, (long)role.Permissions]);
        }

        foreach (var type in DefaultAttachmentTypes.All)
        {
            migrationBuilder.InsertData("AttachmentTypes", ["Id", "Extension", "MediaType", "MaxSizeMegabytes"],
                [Type("TEXT", "uuid", "uniqueidentifier"), Type("TEXT", "character varying(20)", "nvarchar(20)"),
                    Type("TEXT", "character varying(127)", "nvarchar(127)"), Type("INTEGER", "integer", "int")],
                [type.Id, type.Extension, type.MediaType, type.MaxSizeMegabytes]);
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("PreparedAttachments");
        migrationBuilder.DropTable("AttachmentTypes");
        migrationBuilder.DropTable("RoleAssignments");
        migrationBuilder.DropTable("Roles");
    }
}
