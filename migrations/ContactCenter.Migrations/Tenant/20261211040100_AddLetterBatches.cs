using ContactCenter.Data.Tenant;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ContactCenter.Migrations.Tenant;

/// <summary>Batch letter exports: the durable state of each batch (its requests, progress, failures) its job works from.</summary>
[DbContext(typeof(TenantDbContext))]
[Migration("20261211040100_AddLetterBatches")]
public sealed class AddLetterBatches : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "LetterBatches",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                CreatedBy = table.Column<string>(maxLength: LetterBatch.CreatorMaxLength, nullable: false),
                CreatorName = table.Column<string>(maxLength: LetterBatch.CreatorMaxLength, nullable: true),
                Filter = table.Column<string>(maxLength: LetterBatch.FilterMaxLength, nullable: false),
                RequestIds = table.Column<string>(nullable: false),
                State = table.Column<string>(maxLength: 20, nullable: false),
                Total = table.Column<int>(nullable: false),
                Done = table.Column<int>(nullable: false),
                Failed = table.Column<int>(nullable: false),
                Failures = table.Column<string>(nullable: false),
                StartedAt = table.Column<DateTime>(nullable: true),
                FinishedAt = table.Column<DateTime>(nullable: true),
                Error = table.Column<string>(maxLength: LetterBatch.ErrorMaxLength, nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_LetterBatches", x => x.Id));
        migrationBuilder.CreateIndex("IX_LetterBatches_CreatedBy_CreatedAt", "LetterBatches", ["CreatedBy", "CreatedAt"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("LetterBatches");
}
