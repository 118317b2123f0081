using ContactCenter.Data.Tenant;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ContactCenter.Migrations.Tenant;

/// <summary>Answers being written, one per person and request.</summary>
[DbContext(typeof(TenantDbContext))]
[Migration("20261210010000_AddReplyDrafts")]
public sealed class AddReplyDrafts : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "ReplyDrafts",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                RequestId = table.Column<Guid>(nullable: false),
                PersonId = table.Column<Guid>(nullable: false),
                Body = table.Column<string>(nullable: false),
                To = table.Column<string>(maxLength: ReplyDraft.AddressesMaxLength, nullable: true),
                Cc = table.Column<string>(maxLength: ReplyDraft.AddressesMaxLength, nullable: true),
                TemplateId = table.Column<Guid>(nullable: true),
                AttachmentIds = table.Column<string>(maxLength: ReplyDraft.AttachmentIdsMaxLength, nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_ReplyDrafts", x => x.Id);
                table.ForeignKey("FK_ReplyDrafts_Requests_RequestId", x => x.RequestId, "Requests", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_ReplyDrafts_RequestId_PersonId", "ReplyDrafts", ["RequestId", "PersonId"], unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("ReplyDrafts");
}
