using ContactCenter.Data.Tenant;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ContactCenter.Migrations.Tenant;

/// <summary>
/// Indexes for the request list and inbox at a hundred thousand requests and more (docs/benchmarks.md), and for their
/// text search: PostgreSQL creates pg_trgm (where the server has it and the role may) and indexes the lower-cased
/// searched columns with trigrams, so that LIKE '%term%' reads the index; without the extension nothing is indexed and
/// the search scans as before. SQLite gets two FTS5 trigram tables over the requests' and the messages' searched
/// columns (external content: they index the tables' own rows by rowid), kept current by triggers and filled here.
/// SQL Server keeps scanning (a documented limitation). A later migration that makes SQLite rebuild the Requests or
/// RequestMessages table drops the triggers with it and changes the rowids: it has to call
/// <see cref="CreateSqliteSearch"/> again (the FTS tables first dropped).
/// </summary>
[DbContext(typeof(TenantDbContext))]
[Migration("20261210010000_IndexRequestLists")]
public sealed class IndexRequestLists : Migration
{
    /// <summary>The searched columns of each table, in the names of their FTS5 table and triggers.</summary>
    private static readonly (string Table, string Search, string[] Columns)[] Searched =
    [
        ("Requests", "RequestSearch", ["Subject", "ContactEmail"]),
        ("RequestMessages", "MessageSearch", ["FromAddress", "FromName", "Text"]),
    ];

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateIndex("IX_Requests_Status_DueAt_Number_CategoryId_Id", "Requests", ["Status", "DueAt", "Number", "CategoryId", "Id"]);
        // Leads with the category, so it serves the foreign key as the index it replaces did.
        migrationBuilder.CreateIndex("IX_Requests_CategoryId_UpdatedAt_Number_Status_Id", "Requests", ["CategoryId", "UpdatedAt", "Number", "Status", "Id"]);
        migrationBuilder.DropIndex("IX_Requests_CategoryId", "Requests");
        if (migrationBuilder.IsNpgsql())
        {
            CreatePostgresSearch(migrationBuilder);
        }
        else if (migrationBuilder.IsSqlite())
        {
            CreateSqliteSearch(migrationBuilder);
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateIndex("IX_Requests_CategoryId", "Requests", "CategoryId");
        migrationBuilder.DropIndex("IX_Requests_CategoryId_UpdatedAt_Number_Status_Id", "Requests");
        migrationBuilder.DropIndex("IX_Requests_Status_DueAt_Number_CategoryId_Id", "Requests");
        if (migrationBuilder.IsNpgsql())
        {
            // The extension stays: other databases' objects of the server may use it, and it costs nothing unused.
            migrationBuilder.Sql(string.Concat(Searched.SelectMany(s => s.Columns.Select(c => $"""DROP INDEX IF EXISTS "IX_{s.Table}_Search_{c}"; """))));
        }
        else if (migrationBuilder.IsSqlite())
        {
            migrationBuilder.Sql(string.Concat(Searched.Select(s =>
                $"""DROP TRIGGER "{s.Table}_Search_Insert"; DROP TRIGGER "{s.Table}_Search_Delete"; DROP TRIGGER "{s.Table}_Search_Update"; DROP TABLE "{s.Search}"; """)));
        }
    }

    /// <summary>
    /// pg_trgm where available (trusted since PostgreSQL 13: a database owner may create it), then a GIN trigram index
    /// per searched column over lower(column), naming the operator class in the extension's own schema.
    /// </summary>
    private static void CreatePostgresSearch(MigrationBuilder migrationBuilder)
    {
        var indexes = string.Concat(Searched.SelectMany(s => s.Columns.Select(c =>
            $"""EXECUTE format('CREATE INDEX "IX_{s.Table}_Search_{c}" ON "{s.Table}" USING gin (lower("{c}") %I.gin_trgm_ops)', trgm); """)));
        migrationBuilder.Sql($"""
            DO $trgm$
            DECLARE trgm name;
            BEGIN
                IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') THEN
                    BEGIN
                        CREATE EXTENSION IF NOT EXISTS pg_trgm;
                    EXCEPTION WHEN insufficient_privilege THEN
                        RAISE NOTICE 'pg_trgm could not be created (%): the request search scans without indexes', SQLERRM;
                    END;
                END IF;
                SELECT n.nspname INTO trgm FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm';
                IF trgm IS NOT NULL THEN
                    {indexes}
                END IF;
            END $trgm$;
            """);
    }

    /// <summary>The FTS5 trigram tables (case folded, as lower() folds and beyond ASCII), their triggers, and their contents.</summary>
    public static void CreateSqliteSearch(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        foreach (var (table, search, columns) in Searched)
        {
            var names = string.Join(", ", columns.Select(c => $"\"{c}\""));
            var newValues = string.Join(", ", columns.Select(c => $"new.\"{c}\""));
            var oldValues = string.Join(", ", columns.Select(c => $"old.\"{c}\""));
            var insert = $"""INSERT INTO "{search}" (rowid, {names}) VALUES (new.rowid, {newValues});""";
            var delete = $"""INSERT INTO "{search}" ("{search}", rowid, {names}) VALUES ('delete', old.rowid, {oldValues});""";
            migrationBuilder.Sql($"""
                CREATE VIRTUAL TABLE "{search}" USING fts5({names}, content='{table}', tokenize='trigram');
                CREATE TRIGGER "{table}_Search_Insert" AFTER INSERT ON "{table}" BEGIN {insert} END;
                CREATE TRIGGER "{table}_Search_Delete" AFTER DELETE ON "{table}" BEGIN {delete} END;
                CREATE TRIGGER "{table}_Search_Update" AFTER UPDATE OF {names} ON "{table}" BEGIN {delete} {insert} END;
                INSERT INTO "{search}" ("{search}") VALUES ('rebuild');
                """);
        }
    }
}
