using ContactCenter.Data.Tenant;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ContactCenter.Migrations.Tenant;

/// <summary>Who works on a request: the person it is assigned to.</summary>
[DbContext(typeof(TenantDbContext))]
[Migration("20261209030000_AddRequestAssignee")]
public sealed class AddRequestAssignee : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<Guid>("AssigneeId", "Requests", nullable: true);
        migrationBuilder.CreateIndex("IX_Requests_AssigneeId", "Requests", "AssigneeId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("IX_Requests_AssigneeId", "Requests");
        // SQLite 3.35 and later drops a column without an index itself; EF's SQLite provider would want the target model.
        if (migrationBuilder.IsSqlite())
        {
            migrationBuilder.Sql("""ALTER TABLE "Requests" DROP COLUMN "AssigneeId";""");
        }
        else
        {
            migrationBuilder.DropColumn("AssigneeId", "Requests");
        }
    }
}
