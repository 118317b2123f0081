using ContactCenter.Data.Tenant;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ContactCenter.Migrations.Tenant;

/// <summary>Mail account configuration: inbound accounts, system (reply) accounts and outbound SMTP servers.</summary>
[DbContext(typeof(TenantDbContext))]
[Migration("20261202050000_AddMailAccounts")]
public sealed class AddMailAccounts : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "InboundAccounts",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Name = table.Column<string>(maxLength: 200, nullable: false),
                Protocol = table.Column<string>(maxLength: 20, nullable: false),
                Host = table.Column<string>(maxLength: 253, nullable: false),
                Port = table.Column<int>(nullable: false),
                TlsMode = table.Column<string>(maxLength: 20, nullable: false),
                UserName = table.Column<string>(maxLength: 320, nullable: false),
                ProtectedSecret = table.Column<string>(maxLength: 4000, nullable: true),
                Folder = table.Column<string>(maxLength: 200, nullable: true),
                Weighting = table.Column<int>(nullable: false),
                KeepOnServer = table.Column<bool>(nullable: false),
                Enabled = table.Column<bool>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_InboundAccounts", x => x.Id));

        migrationBuilder.CreateTable(
            name: "SystemAccounts",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Type = table.Column<string>(maxLength: 20, nullable: false),
                Name = table.Column<string>(maxLength: 200, nullable: false),
                EmailAddress = table.Column<string>(maxLength: 320, nullable: false),
                Protocol = table.Column<string>(maxLength: 20, nullable: false),
                Weighting = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_SystemAccounts", x => x.Id));

        migrationBuilder.CreateTable(
            name: "OutboundSmtpServers",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Name = table.Column<string>(maxLength: 200, nullable: false),
                Host = table.Column<string>(maxLength: 253, nullable: false),
                Port = table.Column<int>(nullable: false),
                TlsMode = table.Column<string>(maxLength: 20, nullable: false),
                Authenticate = table.Column<bool>(nullable: false),
                UserName = table.Column<string>(maxLength: 320, nullable: true),
                ProtectedSecret = table.Column<string>(maxLength: 4000, nullable: true),
                SenderAddresses = table.Column<string>(maxLength: 4000, nullable: false),
                Active = table.Column<bool>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_OutboundSmtpServers", x => x.Id));

        migrationBuilder.CreateIndex("IX_InboundAccounts_Name", "InboundAccounts", "Name", unique: true);
        migrationBuilder.CreateIndex("IX_SystemAccounts_Name", "SystemAccounts", "Name", unique: true);
        migrationBuilder.CreateIndex("IX_OutboundSmtpServers_Name", "OutboundSmtpServers", "Name", unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("OutboundSmtpServers");
        migrationBuilder.DropTable("SystemAccounts");
        migrationBuilder.DropTable("InboundAccounts");
    }
}
