using ContactCenter.Data.Tenant;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ContactCenter.Migrations.Tenant;

/// <summary>
/// External forwarding and 2nd-level queries: what a message is to its request (its kind) and who wrote it, the
/// 2nd-level folder (a request waiting for an external contact) with its reminder, the reminder hours (tenant and
/// category), and the people's notifications.
/// </summary>
[DbContext(typeof(TenantDbContext))]
[Migration("20261211010000_AddForwarding")]
public sealed class AddForwarding : Migration
{
    private static readonly (string Table, string Column)[] Added =
    [
        ("RequestMessages", "Kind"), ("RequestMessages", "AuthorId"), ("Requests", "SecondLevelSince"), ("Requests", "ForwardedTo"),
        ("Requests", "ForwardReminderAt"), ("Settings", "ForwardReminderHours"), ("CategoryProfiles", "ForwardReminderHours"),
    ];

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        // Every message so far belongs to the conversation with the customer; the defaults fill the existing rows and
        // are dropped again where the provider can (the model has none; SQLite keeps them harmlessly, as every insert
        // names every column).
        migrationBuilder.AddColumn<string>("Kind", "RequestMessages", maxLength: 20, nullable: false, defaultValue: nameof(MessageKind.Customer));
        migrationBuilder.AddColumn<Guid>("AuthorId", "RequestMessages", nullable: true);
        migrationBuilder.AddColumn<DateTime>("SecondLevelSince", "Requests", nullable: true);
        migrationBuilder.AddColumn<string>("ForwardedTo", "Requests", maxLength: RequestMessage.AddressMaxLength, nullable: true);
        migrationBuilder.AddColumn<DateTime>("ForwardReminderAt", "Requests", nullable: true);
        migrationBuilder.AddColumn<int>("ForwardReminderHours", "Settings", nullable: false, defaultValue: Data.Tenant.TenantSettings.DefaultForwardReminderHours);
        migrationBuilder.AddColumn<int>("ForwardReminderHours", "CategoryProfiles", nullable: true);
        if (!migrationBuilder.IsSqlite())
        {
            migrationBuilder.AlterColumn<string>("Kind", "RequestMessages", maxLength: 20, nullable: false,
                oldClrType: typeof(string), oldMaxLength: 20, oldNullable: false, oldDefaultValue: nameof(MessageKind.Customer));
            migrationBuilder.AlterColumn<int>("ForwardReminderHours", "Settings", nullable: false,
                oldClrType: typeof(int), oldNullable: false, oldDefaultValue: Data.Tenant.TenantSettings.DefaultForwardReminderHours);
        }

        // The reminder job looks for requests whose reminder is due.
        migrationBuilder.CreateIndex("IX_Requests_ForwardReminderAt", "Requests", "ForwardReminderAt");
        migrationBuilder.CreateTable(
            name: "Notifications",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                PersonId = table.Column<Guid>(nullable: false),
                Kind = table.Column<string>(maxLength: Notification.KindMaxLength, nullable: false),
                Key = table.Column<string>(maxLength: Notification.KeyMaxLength, nullable: false),
                RequestId = table.Column<Guid>(nullable: true),
                Detail = table.Column<string>(maxLength: Notification.DetailMaxLength, nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
                ReadAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Notifications", x => x.Id);
                table.ForeignKey("FK_Notifications_Requests_RequestId", x => x.RequestId, "Requests", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_Notifications_PersonId_Key", "Notifications", ["PersonId", "Key"], unique: true);
        migrationBuilder.CreateIndex("IX_Notifications_PersonId_CreatedAt", "Notifications", ["PersonId", "CreatedAt"]);
        migrationBuilder.CreateIndex("IX_Notifications_RequestId", "Notifications", "RequestId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("Notifications");
        migrationBuilder.DropIndex("IX_Requests_ForwardReminderAt", "Requests");
        foreach (var (table, column) in Added)
        {
            // EF's SQLite provider rebuilds a table to drop a column, which needs the target model a hand-written
            // migration lacks; SQLite 3.35 and later drops an unindexed column itself.
            if (migrationBuilder.IsSqlite())
            {
                migrationBuilder.Sql($"""ALTER TABLE "{table}" DROP COLUMN "{column}";""");
            }
            else
            {
                migrationBuilder.DropColumn(column, table);
            }
        }
    }
}
