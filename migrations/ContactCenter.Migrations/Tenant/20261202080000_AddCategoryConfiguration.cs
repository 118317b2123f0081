using ContactCenter.Data.Tenant;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ContactCenter.Migrations.Tenant;

/// <summary>Category configuration (KPI, answer template, escalation rule), text blocks and classifications.</summary>
[DbContext(typeof(TenantDbContext))]
[Migration("20261202080000_AddCategoryConfiguration")]
public sealed class AddCategoryConfiguration : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "CategoryProfiles",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                ServiceLevelOverrideHours = table.Column<int>(nullable: true),
                KpiGoalHours = table.Column<int>(nullable: true),
                KpiWarningPercent = table.Column<int>(nullable: true),
                KpiSupervisorIds = table.Column<string>(maxLength: 4000, nullable: false),
                KpiNotifyByWeb = table.Column<bool>(nullable: false),
                KpiNotifyByEmail = table.Column<bool>(nullable: false),
                TemplateLetterhead = table.Column<string>(maxLength: 20_000, nullable: true),
                TemplateFooter = table.Column<string>(maxLength: 20_000, nullable: true),
                TemplateBody = table.Column<string>(maxLength: 20_000, nullable: true),
                TextBlockIds = table.Column<string>(maxLength: 4000, nullable: false),
                PreparedAttachmentIds = table.Column<string>(maxLength: 4000, nullable: false),
                ClassificationIds = table.Column<string>(maxLength: 4000, nullable: false),
                EscalationBacklogThreshold = table.Column<int>(nullable: true),
                EscalationDeadlineHours = table.Column<int>(nullable: true),
                EscalationTargetTenantId = table.Column<Guid>(nullable: true),
                EscalationTargetCategoryId = table.Column<Guid>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_CategoryProfiles", x => x.Id);
                table.ForeignKey("FK_CategoryProfiles_Categories_Id", x => x.Id, "Categories", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "TextBlocks",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Name = table.Column<string>(maxLength: 200, nullable: false),
                Subject = table.Column<string>(maxLength: 500, nullable: true),
                Body = table.Column<string>(maxLength: 20_000, nullable: false),
                Channel = table.Column<string>(maxLength: 10, nullable: false),
                Enabled = table.Column<bool>(nullable: false),
                EditableByAgents = table.Column<bool>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_TextBlocks", x => x.Id));
        migrationBuilder.CreateIndex("IX_TextBlocks_Name", "TextBlocks", "Name", unique: true);

        migrationBuilder.CreateTable(
            name: "Classifications",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Name = table.Column<string>(maxLength: 200, nullable: false),
                Description = table.Column<string>(maxLength: 2000, nullable: true),
                Channels = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Classifications", x => x.Id));
        migrationBuilder.CreateIndex("IX_Classifications_Name", "Classifications", "Name", unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("Classifications");
        migrationBuilder.DropTable("TextBlocks");
        migrationBuilder.DropTable("CategoryProfiles");
    }
}
