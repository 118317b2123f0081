using ContactCenter.Data.Tenant;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ContactCenter.Migrations.Tenant;

/// <summary>
/// The KPI clock of each request: when its category's warning threshold and goal are reached, since when the clock
/// stands still, and which crossing the supervisors were told of. Existing requests start without KPI times (the clock
/// sets them when they next change) and in time.
/// </summary>
[DbContext(typeof(TenantDbContext))]
[Migration("20261211050000_AddKpiTimes")]
public sealed class AddKpiTimes : Migration
{
    private static readonly string[] Columns = ["KpiWarnAt", "KpiDueAt", "KpiPausedAt", "KpiState"];

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<DateTime>("KpiWarnAt", "Requests", nullable: true);
        migrationBuilder.AddColumn<DateTime>("KpiDueAt", "Requests", nullable: true);
        migrationBuilder.AddColumn<DateTime>("KpiPausedAt", "Requests", nullable: true);
        migrationBuilder.AddColumn<string>("KpiState", "Requests", maxLength: 20, nullable: false, defaultValue: nameof(KpiState.InTime));
        if (!migrationBuilder.IsSqlite())
        {
            migrationBuilder.AlterColumn<string>("KpiState", "Requests", maxLength: 20, nullable: false,
                oldClrType: typeof(string), oldMaxLength: 20, oldNullable: false, oldDefaultValue: nameof(KpiState.InTime));
        }

        migrationBuilder.CreateIndex("IX_Requests_KpiWarnAt_Status_KpiState", "Requests", ["KpiWarnAt", "Status", "KpiState"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("IX_Requests_KpiWarnAt_Status_KpiState", "Requests");
        foreach (var column in Columns)
        {
            // SQLite 3.35 and later drops an unindexed column itself; EF's SQLite provider would want the target model.
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
