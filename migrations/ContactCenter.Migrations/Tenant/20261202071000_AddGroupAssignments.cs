using ContactCenter.Data.Tenant;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ContactCenter.Migrations.Tenant;

/// <summary>People assigned to agent groups (agents) and supervisor groups (supervisors).</summary>
[DbContext(typeof(TenantDbContext))]
[Migration("20261202071000_AddGroupAssignments")]
public sealed class AddGroupAssignments : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "GroupAssignments",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                PersonId = table.Column<Guid>(nullable: false),
                AgentGroupId = table.Column<Guid>(nullable: true),
                SupervisorGroupId = table.Column<Guid>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_GroupAssignments", x => x.Id);
                table.ForeignKey("FK_GroupAssignments_AgentGroups_AgentGroupId", x => x.AgentGroupId, "AgentGroups", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_GroupAssignments_SupervisorGroups_SupervisorGroupId", x => x.SupervisorGroupId, "SupervisorGroups", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("IX_GroupAssignments_AgentGroupId", "GroupAssignments", "AgentGroupId");
        migrationBuilder.CreateIndex("IX_GroupAssignments_SupervisorGroupId", "GroupAssignments", "SupervisorGroupId");
        migrationBuilder.CreateIndex("IX_GroupAssignments_PersonId_AgentGroupId_SupervisorGroupId", "GroupAssignments",
            ["PersonId", "AgentGroupId", "SupervisorGroupId"], unique: true,
            filter: migrationBuilder.FilterForUniqueNullable("AgentGroupId", "SupervisorGroupId"));
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("GroupAssignments");
}
