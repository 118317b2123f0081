using ContactCenter.Data.Tenant;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ContactCenter.Migrations.Tenant;

/// <summary>A tenant database: settings and the org tree down to categories.</summary>
[DbContext(typeof(TenantDbContext))]
[Migration("20261122080000_CreateTenant")]
public sealed class CreateTenant : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Settings",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Name = table.Column<string>(maxLength: 200, nullable: false),
                Description = table.Column<string>(maxLength: 2000, nullable: true),
                TakeCcIntoReply = table.Column<bool>(nullable: false),
                SpellCheckEnabled = table.Column<bool>(nullable: false),
                SpellCheckLanguage = table.Column<string>(maxLength: 20, nullable: false),
                ServiceLevelGoalHours = table.Column<int>(nullable: false),
                ServiceLevelWarningPercent = table.Column<int>(nullable: false),
                TimeZone = table.Column<string>(maxLength: 64, nullable: false),
                Channels = table.Column<int>(nullable: false),
                AllowAllTenantsLogin = table.Column<bool>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Settings", x => x.Id));

        migrationBuilder.CreateTable(
            name: "SystemGroups",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Name = table.Column<string>(maxLength: 200, nullable: false),
                Description = table.Column<string>(maxLength: 2000, nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_SystemGroups", x => x.Id));

        CreateChildTable(migrationBuilder, "SupervisorGroups", "SystemGroupId", "SystemGroups");
        CreateChildTable(migrationBuilder, "AgentGroups", "SupervisorGroupId", "SupervisorGroups");

        migrationBuilder.CreateTable(
            name: "Categories",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                AgentGroupId = table.Column<Guid>(nullable: false),
                Name = table.Column<string>(maxLength: 200, nullable: false),
                Description = table.Column<string>(maxLength: 2000, nullable: true),
                IsDefault = table.Column<bool>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Categories", x => x.Id);
                table.ForeignKey("FK_Categories_AgentGroups_AgentGroupId", x => x.AgentGroupId, "AgentGroups", "Id", onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateIndex("IX_SystemGroups_Name", "SystemGroups", "Name", unique: true);
        migrationBuilder.CreateIndex("IX_SupervisorGroups_SystemGroupId_Name", "SupervisorGroups", ["SystemGroupId", "Name"], unique: true);
        migrationBuilder.CreateIndex("IX_AgentGroups_SupervisorGroupId_Name", "AgentGroups", ["SupervisorGroupId", "Name"], unique: true);
        migrationBuilder.CreateIndex("IX_Categories_AgentGroupId", "Categories", "AgentGroupId");
        migrationBuilder.CreateIndex("IX_Categories_Name", "Categories", "Name", unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("Categories");
        migrationBuilder.DropTable("AgentGroups");
        migrationBuilder.DropTable("SupervisorGroups");
        migrationBuilder.DropTable("SystemGroups");
        migrationBuilder.DropTable("Settings");
    }

    /// <summary>A group below another group of the org tree: name unique within its parent.</summary>
    private static void CreateChildTable(MigrationBuilder migrationBuilder, string name, string parentColumn, string parentTable) =>
        migrationBuilder.CreateTable(
            name: name,
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                ParentId = table.Column<Guid>(name: parentColumn, nullable: false),
                Name = table.Column<string>(maxLength: 200, nullable: false),
                Description = table.Column<string>(maxLength: 2000, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey($"PK_{name}", x => x.Id);
                table.ForeignKey($"FK_{name}_{parentTable}_{parentColumn}", x => x.ParentId, parentTable, "Id", onDelete: ReferentialAction.Restrict);
            });
}
