using ContactCenter.Data.Tenant;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ContactCenter.Migrations.Tenant;

/// <summary>
/// Requests from mail: requests, their messages, attachments, notes and history; the raw mail store, the receipts that
/// make fetching idempotent, the quarantine and the outbox; the system accounts' server tab, the inbound accounts'
/// imported folder and partition, and the tenant's size limit for received mail.
/// </summary>
[DbContext(typeof(TenantDbContext))]
[Migration("20261207010000_AddRequests")]
public sealed class AddRequests : Migration
{
    private static readonly (string Table, string Column)[] AddedColumns =
    [
        ("InboundAccounts", "ImportedFolder"), ("InboundAccounts", "PartitionId"),
        ("SystemAccounts", "Host"), ("SystemAccounts", "Port"), ("SystemAccounts", "TlsMode"), ("SystemAccounts", "UserName"),
        ("SystemAccounts", "ProtectedSecret"), ("SystemAccounts", "Folder"), ("SystemAccounts", "KeepOnServer"),
        ("Settings", "MaxInboundMailMegabytes"),
    ];

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "RawMails",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Sha256 = table.Column<string>(maxLength: 64, nullable: false),
                Size = table.Column<long>(nullable: false),
                Content = table.Column<byte[]>(nullable: true),
                StoredAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_RawMails", x => x.Id));

        migrationBuilder.CreateTable(
            name: "Requests",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Number = table.Column<long>(nullable: false),
                Token = table.Column<string>(maxLength: 16, nullable: false),
                Subject = table.Column<string>(maxLength: 1000, nullable: false),
                Status = table.Column<string>(maxLength: 20, nullable: false),
                CategoryId = table.Column<Guid>(nullable: true),
                Priority = table.Column<string>(maxLength: 20, nullable: false),
                ContactId = table.Column<Guid>(nullable: true),
                ContactEmail = table.Column<string>(maxLength: 320, nullable: true),
                PartitionId = table.Column<Guid>(nullable: true),
                LinkedRequestId = table.Column<Guid>(nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
                DueAt = table.Column<DateTime>(nullable: true),
                ClosedAt = table.Column<DateTime>(nullable: true),
                MessageCount = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Requests", x => x.Id);
                table.ForeignKey("FK_Requests_Categories_CategoryId", x => x.CategoryId, "Categories", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_Requests_ClientPartitions_PartitionId", x => x.PartitionId, "ClientPartitions", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_Requests_Contacts_ContactId", x => x.ContactId, "Contacts", "Id", onDelete: ReferentialAction.SetNull);
            });

        migrationBuilder.CreateTable(
            name: "RequestMessages",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                RequestId = table.Column<Guid>(nullable: false),
                Direction = table.Column<string>(maxLength: 10, nullable: false),
                MessageId = table.Column<string>(maxLength: 998, nullable: true),
                MessageIdHash = table.Column<string>(maxLength: 64, nullable: true),
                ContentHash = table.Column<string>(maxLength: 64, nullable: true),
                InReplyTo = table.Column<string>(maxLength: 998, nullable: true),
                References = table.Column<string>(maxLength: 20000, nullable: true),
                FromName = table.Column<string>(maxLength: 320, nullable: true),
                FromAddress = table.Column<string>(maxLength: 320, nullable: true),
                To = table.Column<string>(maxLength: 20000, nullable: false),
                Cc = table.Column<string>(maxLength: 20000, nullable: false),
                Subject = table.Column<string>(maxLength: 1000, nullable: true),
                Date = table.Column<DateTime>(nullable: true),
                ReceivedAt = table.Column<DateTime>(nullable: false),
                Headers = table.Column<string>(nullable: true),
                Text = table.Column<string>(nullable: true),
                Html = table.Column<string>(nullable: true),
                RawMailId = table.Column<Guid>(nullable: true),
                AccountId = table.Column<Guid>(nullable: true),
                IsAutomatic = table.Column<bool>(nullable: false),
                Delivery = table.Column<string>(maxLength: 20, nullable: true),
                DeliveryError = table.Column<string>(maxLength: 2000, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_RequestMessages", x => x.Id);
                table.ForeignKey("FK_RequestMessages_RawMails_RawMailId", x => x.RawMailId, "RawMails", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_RequestMessages_Requests_RequestId", x => x.RequestId, "Requests", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "MessageAttachments",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                MessageId = table.Column<Guid>(nullable: false),
                Position = table.Column<int>(nullable: false),
                Name = table.Column<string>(maxLength: 255, nullable: true),
                ContentType = table.Column<string>(maxLength: 255, nullable: false),
                ContentId = table.Column<string>(maxLength: 998, nullable: true),
                IsInline = table.Column<bool>(nullable: false),
                Size = table.Column<long>(nullable: false),
                Sha256 = table.Column<string>(maxLength: 64, nullable: false),
                Content = table.Column<byte[]>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_MessageAttachments", x => x.Id);
                table.ForeignKey("FK_MessageAttachments_RequestMessages_MessageId", x => x.MessageId, "RequestMessages", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "RequestNotes",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                RequestId = table.Column<Guid>(nullable: false),
                At = table.Column<DateTime>(nullable: false),
                Author = table.Column<string>(maxLength: 320, nullable: false),
                Text = table.Column<string>(maxLength: 20000, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_RequestNotes", x => x.Id);
                table.ForeignKey("FK_RequestNotes_Requests_RequestId", x => x.RequestId, "Requests", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "RequestHistory",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                RequestId = table.Column<Guid>(nullable: false),
                At = table.Column<DateTime>(nullable: false),
                Actor = table.Column<string>(maxLength: 320, nullable: false),
                Change = table.Column<string>(maxLength: 50, nullable: false),
                Field = table.Column<string>(maxLength: 100, nullable: true),
                OldValue = table.Column<string>(maxLength: 4000, nullable: true),
                NewValue = table.Column<string>(maxLength: 4000, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_RequestHistory", x => x.Id);
                table.ForeignKey("FK_RequestHistory_Requests_RequestId", x => x.RequestId, "Requests", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "MailReceipts",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                AccountId = table.Column<Guid>(nullable: false),
                UidValidity = table.Column<long>(nullable: false),
                Uid = table.Column<string>(maxLength: 200, nullable: false),
                RawMailId = table.Column<Guid>(nullable: false),
                ReceivedAt = table.Column<DateTime>(nullable: false),
                Outcome = table.Column<string>(maxLength: 20, nullable: false),
                RequestMessageId = table.Column<Guid>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_MailReceipts", x => x.Id);
                table.ForeignKey("FK_MailReceipts_RawMails_RawMailId", x => x.RawMailId, "RawMails", "Id", onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "Quarantine",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                AccountId = table.Column<Guid>(nullable: true),
                RawMailId = table.Column<Guid>(nullable: false),
                ReceivedAt = table.Column<DateTime>(nullable: false),
                ReasonCode = table.Column<string>(maxLength: 50, nullable: false),
                Reason = table.Column<string>(maxLength: 2000, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Quarantine", x => x.Id);
                table.ForeignKey("FK_Quarantine_RawMails_RawMailId", x => x.RawMailId, "RawMails", "Id", onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "Outbox",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                RequestMessageId = table.Column<Guid>(nullable: false),
                MessageId = table.Column<string>(maxLength: 998, nullable: false),
                Sender = table.Column<string>(maxLength: 320, nullable: false),
                Recipients = table.Column<string>(maxLength: 20000, nullable: false),
                Content = table.Column<byte[]>(nullable: false),
                State = table.Column<string>(maxLength: 20, nullable: false),
                Attempts = table.Column<int>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                NextAttemptAt = table.Column<DateTime>(nullable: false),
                ClaimedUntil = table.Column<DateTime>(nullable: true),
                SentAt = table.Column<DateTime>(nullable: true),
                LastError = table.Column<string>(maxLength: 2000, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Outbox", x => x.Id);
                table.ForeignKey("FK_Outbox_RequestMessages_RequestMessageId", x => x.RequestMessageId, "RequestMessages", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("IX_RawMails_Sha256", "RawMails", "Sha256", unique: true);
        migrationBuilder.CreateIndex("IX_Requests_Number", "Requests", "Number", unique: true);
        migrationBuilder.CreateIndex("IX_Requests_Token", "Requests", "Token", unique: true);
        migrationBuilder.CreateIndex("IX_Requests_Status_UpdatedAt", "Requests", ["Status", "UpdatedAt"]);
        migrationBuilder.CreateIndex("IX_Requests_ContactEmail", "Requests", "ContactEmail");
        migrationBuilder.CreateIndex("IX_Requests_CategoryId", "Requests", "CategoryId");
        migrationBuilder.CreateIndex("IX_Requests_ContactId", "Requests", "ContactId");
        migrationBuilder.CreateIndex("IX_Requests_PartitionId", "Requests", "PartitionId");
        migrationBuilder.CreateIndex("IX_RequestMessages_RequestId_ReceivedAt", "RequestMessages", ["RequestId", "ReceivedAt"]);
        migrationBuilder.CreateIndex("IX_RequestMessages_MessageIdHash", "RequestMessages", "MessageIdHash");
        migrationBuilder.CreateIndex("IX_RequestMessages_RawMailId", "RequestMessages", "RawMailId");
        migrationBuilder.CreateIndex("IX_MessageAttachments_MessageId_Position", "MessageAttachments", ["MessageId", "Position"]);
        migrationBuilder.CreateIndex("IX_RequestNotes_RequestId_At", "RequestNotes", ["RequestId", "At"]);
        migrationBuilder.CreateIndex("IX_RequestHistory_RequestId_At", "RequestHistory", ["RequestId", "At"]);
        migrationBuilder.CreateIndex("IX_MailReceipts_AccountId_UidValidity_Uid", "MailReceipts", ["AccountId", "UidValidity", "Uid"], unique: true);
        migrationBuilder.CreateIndex("IX_MailReceipts_RawMailId", "MailReceipts", "RawMailId");
        migrationBuilder.CreateIndex("IX_Quarantine_ReceivedAt", "Quarantine", "ReceivedAt");
        migrationBuilder.CreateIndex("IX_Quarantine_RawMailId", "Quarantine", "RawMailId");
        migrationBuilder.CreateIndex("IX_Outbox_State_NextAttemptAt", "Outbox", ["State", "NextAttemptAt"]);
        migrationBuilder.CreateIndex("IX_Outbox_RequestMessageId", "Outbox", "RequestMessageId", unique: true);

        migrationBuilder.AddColumn<string>("ImportedFolder", "InboundAccounts", maxLength: 200, nullable: true);
        migrationBuilder.AddColumn<Guid>("PartitionId", "InboundAccounts", nullable: true);
        migrationBuilder.AddColumn<string>("Host", "SystemAccounts", maxLength: 253, nullable: true);
        migrationBuilder.AddColumn<string>("UserName", "SystemAccounts", maxLength: 320, nullable: true);
        migrationBuilder.AddColumn<string>("ProtectedSecret", "SystemAccounts", maxLength: 4000, nullable: true);
        migrationBuilder.AddColumn<string>("Folder", "SystemAccounts", maxLength: 200, nullable: true);
        // Existing rows get what a new account starts with; the defaults are dropped afterwards, as in the model.
        migrationBuilder.AddColumnForExistingRows("Port", "SystemAccounts", 0);
        migrationBuilder.AddColumnForExistingRows("TlsMode", "SystemAccounts", nameof(MailTlsMode.Implicit), maxLength: 20);
        migrationBuilder.AddColumnForExistingRows("KeepOnServer", "SystemAccounts", true);
        migrationBuilder.AddColumnForExistingRows("MaxInboundMailMegabytes", "Settings", Data.Tenant.TenantSettings.DefaultMaxInboundMailMegabytes);
    }


    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var (table, column) in AddedColumns)
        {
            // SQLite 3.35 and later drops an unindexed column itself; EF's SQLite provider would want the target model.
            if (migrationBuilder.IsSqlite())
            {
                migrationBuilder.Sql($"""ALTER TABLE "{table}" DROP COLUMN "{column}";""");
            }
            else
            {
                migrationBuilder.DropColumn(column, table);
            }
        }

        migrationBuilder.DropTable("Outbox");
        migrationBuilder.DropTable("Quarantine");
        migrationBuilder.DropTable("MailReceipts");
        migrationBuilder.DropTable("RequestHistory");
        migrationBuilder.DropTable("RequestNotes");
        migrationBuilder.DropTable("MessageAttachments");
        migrationBuilder.DropTable("RequestMessages");
        migrationBuilder.DropTable("Requests");
        migrationBuilder.DropTable("RawMails");
    }
}
