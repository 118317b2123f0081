using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ContactCenter.Migrations.Catalog;

/// <summary>
/// The fetch cycle's directory of accounts with their leases and status, the global system accounts' quarantine, and
/// the global system accounts' server tab.
/// </summary>
[DbContext(typeof(CatalogDbContext))]
[Migration("20261207010000_AddMailFetching")]
public sealed class AddMailFetching : Migration
{
    private static readonly string[] AddedColumns = ["Host", "Port", "TlsMode", "UserName", "ProtectedSecret", "Folder", "KeepOnServer"];

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "MailFetchAccounts",
            columns: table => new
            {
                AccountId = table.Column<Guid>(nullable: false),
                TenantId = table.Column<Guid>(nullable: true),
                Kind = table.Column<string>(maxLength: 20, nullable: false),
                Enabled = table.Column<bool>(nullable: false),
                LeaseHolder = table.Column<string>(maxLength: 100, nullable: true),
                LeaseExpiresAt = table.Column<DateTime>(nullable: true),
                LastFetchAt = table.Column<DateTime>(nullable: true),
                LastError = table.Column<string>(maxLength: 2000, nullable: true),
                MessagesTaken = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_MailFetchAccounts", x => x.AccountId));

        migrationBuilder.CreateTable(
            name: "GlobalQuarantine",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                AccountId = table.Column<Guid>(nullable: false),
                UidValidity = table.Column<long>(nullable: false),
                Uid = table.Column<string>(maxLength: 200, nullable: false),
                Sha256 = table.Column<string>(maxLength: 64, nullable: false),
                Size = table.Column<long>(nullable: false),
                Content = table.Column<byte[]>(nullable: false),
                ReceivedAt = table.Column<DateTime>(nullable: false),
                ReasonCode = table.Column<string>(maxLength: 50, nullable: false),
                Reason = table.Column<string>(maxLength: 2000, nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_GlobalQuarantine", x => x.Id));

        migrationBuilder.CreateIndex("IX_MailFetchAccounts_TenantId", "MailFetchAccounts", "TenantId");
        migrationBuilder.CreateIndex("IX_GlobalQuarantine_AccountId_UidValidity_Uid", "GlobalQuarantine", ["AccountId", "UidValidity", "Uid"], unique: true);

        migrationBuilder.AddColumn<string>("Host", "GlobalSystemAccounts", maxLength: 253, nullable: true);
        migrationBuilder.AddColumn<string>("UserName", "GlobalSystemAccounts", maxLength: 320, nullable: true);
        migrationBuilder.AddColumn<string>("ProtectedSecret", "GlobalSystemAccounts", maxLength: 4000, nullable: true);
        migrationBuilder.AddColumn<string>("Folder", "GlobalSystemAccounts", maxLength: 200, nullable: true);
        migrationBuilder.AddColumnForExistingRows("Port", "GlobalSystemAccounts", 0);
        migrationBuilder.AddColumnForExistingRows("TlsMode", "GlobalSystemAccounts", nameof(MailTlsMode.Implicit), maxLength: 20);
        migrationBuilder.AddColumnForExistingRows("KeepOnServer", "GlobalSystemAccounts", true);
    }


    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var column in AddedColumns)
        {
            // SQLite 3.35 and later drops an unindexed column itself; EF's SQLite provider would want the target model.
            if (migrationBuilder.IsSqlite())
            {
                migrationBuilder.Sql($"""ALTER TABLE "GlobalSystemAccounts" DROP COLUMN "{column}";""");
            }
            else
            {
                migrationBuilder.DropColumn(column, "GlobalSystemAccounts");
            }
        }

        migrationBuilder.DropTable("GlobalQuarantine");
        migrationBuilder.DropTable("MailFetchAccounts");
    }
}
