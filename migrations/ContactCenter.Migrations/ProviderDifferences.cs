using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ContactCenter.Migrations;

/// <summary>
/// What a hand-written migration has to say differently on SQL Server, where EF's SQL Server model would differ from the
/// other providers' (a migration has no target model to take it from). PostgreSQL and SQLite get exactly what they got.
/// </summary>
internal static class ProviderDifferences
{
    /// <summary>
    /// SQL Server lets a unique index hold one NULL only, so EF's SQL Server model filters a unique index over nullable
    /// columns to the rows where they are all set (as NULLs are distinct on the other engines); null elsewhere.
    /// </summary>
    public static string? FilterForUniqueNullable(this MigrationBuilder migrationBuilder, params string[] columns) =>
        migrationBuilder.IsSqlServer() ? string.Join(" AND ", columns.Select(c => $"[{c}] IS NOT NULL")) : null;

    /// <summary>
    /// The length of a string key column that EF leaves unbounded elsewhere: SQL Server cannot key an nvarchar(max)
    /// column, and two nvarchar(450) columns would pass its 900-byte key limit.
    /// </summary>
    public static int? StringKeyMaxLength(this MigrationBuilder migrationBuilder, int sqlServerMaxLength) =>
        migrationBuilder.IsSqlServer() ? sqlServerMaxLength : null;

    /// <summary>The literal true in raw SQL: SQL Server has no boolean literal, only the bit 1.</summary>
    public static string TrueLiteral(this MigrationBuilder migrationBuilder) =>
        migrationBuilder.IsSqlServer() ? "CAST(1 AS bit)" : "TRUE";

    /// <summary>
    /// Raw SQL that every provider runs. SQL Server compiles a whole batch of the idempotent script before it runs any
    /// of it, and refuses a statement naming a column that the batch adds or that a later migration has dropped, even
    /// where the history check skips it; run through EXEC, the statement is compiled only when it runs.
    /// </summary>
    public static void SqlOnEveryProvider(this MigrationBuilder migrationBuilder, string sql) =>
        migrationBuilder.Sql(migrationBuilder.IsSqlServer() ? "EXEC(N'" + sql.Replace("'", "''", StringComparison.Ordinal) + "');" : sql);

    /// <summary>
    /// Adds a required column, giving the existing rows <paramref name="value"/>; the default is dropped afterwards, as
    /// the model has none. SQLite cannot drop a column default without rebuilding the table; there a default does no
    /// harm (every insert names every column).
    /// </summary>
    public static void AddColumnForExistingRows<T>(this MigrationBuilder migrationBuilder, string column, string table, T value, int? maxLength = null)
    {
        migrationBuilder.AddColumn<T>(column, table, maxLength: maxLength, nullable: false, defaultValue: value);
        if (!migrationBuilder.IsSqlite())
        {
            migrationBuilder.AlterColumn<T>(column, table, maxLength: maxLength, nullable: false,
                oldClrType: typeof(T), oldMaxLength: maxLength, oldNullable: false, oldDefaultValue: value);
        }
    }
}
