using ContactCenter.Data.Tenant;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ContactCenter.Migrations.Tenant;

/// <summary>
/// The backlog escalation: on a partner's copy the request it came from (unique: the move's idempotency key), on the
/// source's stub where it went; and the index the scan counts a category's open requests and picks the oldest from
/// (with the id, so that the picked ids come from the index too).
/// </summary>
[DbContext(typeof(TenantDbContext))]
[Migration("20261211020000_AddRequestEscalation")]
public sealed class AddRequestEscalation : Migration
{
    private static readonly string[] FromColumns = ["EscalatedFromTenantId", "EscalatedFromRequestId"];

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<Guid>("EscalatedFromTenantId", "Requests", nullable: true);
        migrationBuilder.AddColumn<Guid>("EscalatedFromRequestId", "Requests", nullable: true);
        migrationBuilder.AddColumn<Guid>("EscalatedToTenantId", "Requests", nullable: true);
        migrationBuilder.AddColumn<string>("EscalatedToTenantName", "Requests", maxLength: Request.EscalatedToTenantNameMaxLength, nullable: true);
        migrationBuilder.AddColumn<Guid>("EscalatedToRequestId", "Requests", nullable: true);
        migrationBuilder.AddColumn<long>("EscalatedToNumber", "Requests", nullable: true);
        migrationBuilder.CreateIndex("IX_Requests_EscalatedFromTenantId_EscalatedFromRequestId", "Requests", FromColumns,
            unique: true, filter: migrationBuilder.FilterForUniqueNullable(FromColumns));
        migrationBuilder.CreateIndex("IX_Requests_CategoryId_Status_CreatedAt_Id", "Requests", ["CategoryId", "Status", "CreatedAt", "Id"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("IX_Requests_CategoryId_Status_CreatedAt_Id", "Requests");
        migrationBuilder.DropIndex("IX_Requests_EscalatedFromTenantId_EscalatedFromRequestId", "Requests");
        foreach (var column in new[] { "EscalatedToNumber", "EscalatedToRequestId", "EscalatedToTenantName", "EscalatedToTenantId", "EscalatedFromRequestId", "EscalatedFromTenantId" })
        {
            // SQLite 3.35 and later drops a column without an index itself; EF's SQLite provider would want the target model.
            if (migrationBuilder.IsSqlite())
            {
                migrationBuilder.Sql($"""ALTER TABLE "Requests" DROP COLUMN "{column}";""");
            }
            else
            {
                migrationBuilder.DropColumn(column, "Requests");
            }
        }
    }
}
