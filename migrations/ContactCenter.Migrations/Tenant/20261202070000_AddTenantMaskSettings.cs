using ContactCenter.Data.Tenant;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ContactCenter.Migrations.Tenant;

/// <summary>The tenant mask's further tabs: business hours, account settings, PDF, call connector, phone tickets, app settings.</summary>
[DbContext(typeof(TenantDbContext))]
[Migration("20261202070000_AddTenantMaskSettings")]
public sealed class AddTenantMaskSettings : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        // Existing rows get the defaults; the columns keep no default afterwards, as in the model.
        AddFilled(migrationBuilder, "BusinessHoursJson", DefaultBusinessHours, 20_000);
        AddFilled(migrationBuilder, "DoNotReplyAddresses", "", 20_000);
        migrationBuilder.AddColumn<string>("LetterStylesheetJson", "Settings", nullable: true);
        AddFilled(migrationBuilder, "LetterOutputDirectory", "letters", 500);
        AddFilled(migrationBuilder, "CallIntegrationEnabled", false);
        AddFilled(migrationBuilder, "CallPrefix", "", 20);
        AddFilled(migrationBuilder, "CallPostfix", "", 20);
        migrationBuilder.AddColumn<Guid>("PhoneTicketCategoryId", "Settings", nullable: true);
        AddFilled(migrationBuilder, "TicketPerCall", true);
        AddFilled(migrationBuilder, "WrapUpSeconds", 60);

        migrationBuilder.CreateTable(
            name: "AppSettings",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Key = table.Column<string>(maxLength: 200, nullable: false),
                JsonValue = table.Column<string>(maxLength: 20_000, nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_AppSettings", x => x.Id));
        migrationBuilder.CreateIndex("IX_AppSettings_Key", "AppSettings", "Key", unique: true);
    }

    /// <summary>Monday to Friday 08:00–17:00, as the model's default was when this migration was written.</summary>
    private const string DefaultBusinessHours =
        """{"intervals":[{"day":"Monday","from":"08:00:00","to":"17:00:00"},{"day":"Tuesday","from":"08:00:00","to":"17:00:00"},{"day":"Wednesday","from":"08:00:00","to":"17:00:00"},{"day":"Thursday","from":"08:00:00","to":"17:00:00"},{"day":"Friday","from":"08:00:00","to":"17:00:00"}],"holidays":[]}""";

    private static void AddFilled<T>(MigrationBuilder migrationBuilder, string column, T value, int? maxLength = null)
    {
        migrationBuilder.AddColumn<T>(column, "Settings", maxLength: maxLength, nullable: false, defaultValue: value);
        // SQLite cannot drop a column default without rebuilding the table; there a default does no harm
        // (every insert names every column).
        if (migrationBuilder.IsSqlite())
        {
            return;
        }

        migrationBuilder.AlterColumn<T>(column, "Settings", maxLength: maxLength, nullable: false,
            oldClrType: typeof(T), oldMaxLength: maxLength, oldNullable: false, oldDefaultValue: value);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("AppSettings");
        foreach (var column in new[]
                 {
                     "BusinessHoursJson", "DoNotReplyAddresses", "LetterStylesheetJson", "LetterOutputDirectory", "CallIntegrationEnabled",
                     "CallPrefix", "CallPostfix", "PhoneTicketCategoryId", "TicketPerCall", "WrapUpSeconds",
                 })
        {
            migrationBuilder.DropColumn(column, "Settings");
        }
    }
}
