using ContactCenter.Data.Tenant;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ContactCenter.Migrations.Tenant;

/// <summary>Invitations of existing accounts, waiting for their owners to accept them.</summary>
[DbContext(typeof(TenantDbContext))]
[Migration("20261206010000_AddPendingInvitations")]
public sealed class AddPendingInvitations : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "PendingInvitations",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                PersonId = table.Column<Guid>(nullable: false),
                Email = table.Column<string>(maxLength: 256, nullable: false),
                TokenHash = table.Column<string>(maxLength: 64, nullable: false),
                AgentGroupIds = table.Column<string>(nullable: false),
                SupervisorGroupIds = table.Column<string>(nullable: false),
                InvitedAt = table.Column<DateTime>(nullable: false),
                ExpiresAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_PendingInvitations", x => x.Id));

        migrationBuilder.CreateIndex("IX_PendingInvitations_PersonId", "PendingInvitations", "PersonId");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("PendingInvitations");
}
