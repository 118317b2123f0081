using ContactCenter.Data.Tenant;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ContactCenter.Migrations.Tenant;

/// <summary>The routing plan: ordered rules to a category and priority (the default category is Category.IsDefault).</summary>
[DbContext(typeof(TenantDbContext))]
[Migration("20261202051000_AddRoutingPlan")]
public sealed class AddRoutingPlan : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "RoutingRules",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Position = table.Column<int>(nullable: false),
                Condition = table.Column<string>(maxLength: 30, nullable: false),
                Value = table.Column<string>(maxLength: 320, nullable: false),
                CategoryId = table.Column<Guid>(nullable: false),
                Priority = table.Column<string>(maxLength: 20, nullable: false),
                Enabled = table.Column<bool>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_RoutingRules", x => x.Id);
                table.ForeignKey("FK_RoutingRules_Categories_CategoryId", x => x.CategoryId, "Categories", "Id", onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateIndex("IX_RoutingRules_CategoryId", "RoutingRules", "CategoryId");
        migrationBuilder.CreateIndex("IX_RoutingRules_Position", "RoutingRules", "Position");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("RoutingRules");
}
