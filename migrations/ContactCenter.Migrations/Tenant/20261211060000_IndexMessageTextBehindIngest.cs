using ContactCenter.Data.Tenant;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ContactCenter.Migrations.Tenant;

/// <summary>
/// Takes the messages' text out of the ingest's search indexing (<see cref="IndexRequestLists"/>): trigrams of whole
/// 50 KB bodies cost the ingest about 80 % of its rate (docs/benchmarks.md). A message is now written with
/// <c>TextIndexed</c> false and indexed behind the ingest, in batches, by setting it true; the search scans the few rows
/// not indexed yet, which a small partial index lists. PostgreSQL: the trigram index over lower("Text") becomes partial
/// (only indexed rows). SQLite: the FTS5 table of the messages keeps the sender's address and name (kept by triggers
/// as before); the text has its own FTS5 table, filled by a trigger when a row's flag turns true. Rows written before
/// this migration count as indexed: PostgreSQL builds the partial index over them, SQLite fills the text table. SQL
/// Server only gains the column (it scans, a documented limitation). No table is rebuilt: SQLite adds the column in
/// place, so rowids and the triggers of <see cref="IndexRequestLists"/> on other tables stay.
/// </summary>
[DbContext(typeof(TenantDbContext))]
[Migration("20261211060000_IndexMessageTextBehindIngest")]
public sealed class IndexMessageTextBehindIngest : Migration
{
    private const string Messages = "RequestMessages";

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        if (migrationBuilder.IsNpgsql())
        {
            // Added as true and then defaulted to false: both only change the catalog, and the earlier rows (whose text
            // the full index held) land in the partial index built next.
            migrationBuilder.Sql($"""
                ALTER TABLE "{Messages}" ADD "TextIndexed" boolean NOT NULL DEFAULT TRUE;
                ALTER TABLE "{Messages}" ALTER COLUMN "TextIndexed" SET DEFAULT FALSE;
                CREATE INDEX "IX_RequestMessages_Search_Pending" ON "{Messages}" ("Id") WHERE NOT "TextIndexed";
                {TextTrigramIndex("IX_RequestMessages_Search_IndexedText", " WHERE \"TextIndexed\"")}
                DROP INDEX IF EXISTS "IX_RequestMessages_Search_Text";
                """);
            return;
        }

        if (migrationBuilder.IsSqlite())
        {
            migrationBuilder.Sql($"""
                DROP TRIGGER "{Messages}_Search_Insert";
                DROP TRIGGER "{Messages}_Search_Delete";
                DROP TRIGGER "{Messages}_Search_Update";
                DROP TABLE "MessageSearch";
                """);
        }

        migrationBuilder.AddColumn<bool>("TextIndexed", Messages, nullable: false, defaultValue: false);
        if (migrationBuilder.IsSqlite())
        {
            CreateSqliteSearch(migrationBuilder);
            // Fires the trigger that puts each earlier row's text into its table.
            migrationBuilder.Sql($"""UPDATE "{Messages}" SET "TextIndexed" = 1;""");
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        if (migrationBuilder.IsNpgsql())
        {
            migrationBuilder.Sql($"""
                {TextTrigramIndex("IX_RequestMessages_Search_Text", "")}
                DROP INDEX IF EXISTS "IX_RequestMessages_Search_IndexedText";
                DROP INDEX "IX_RequestMessages_Search_Pending";
                ALTER TABLE "{Messages}" DROP COLUMN "TextIndexed";
                """);
            return;
        }

        if (migrationBuilder.IsSqlite())
        {
            // SQLite drops the column in place (no rebuild) once nothing refers to it; then the earlier search tables
            // come back as IndexRequestLists made them, the requests' table included (it creates both).
            migrationBuilder.Sql($"""
                DROP TRIGGER "{Messages}_Search_Insert"; DROP TRIGGER "{Messages}_Search_Delete"; DROP TRIGGER "{Messages}_Search_Update";
                DROP TRIGGER "{Messages}_Search_TextIndexed"; DROP TRIGGER "{Messages}_Search_TextUnindexed"; DROP TRIGGER "{Messages}_Search_TextDelete"; DROP TRIGGER "{Messages}_Search_TextUpdate";
                DROP INDEX "IX_RequestMessages_Search_Pending";
                DROP TABLE "MessageSearch"; DROP TABLE "MessageTextSearch";
                DROP TRIGGER "Requests_Search_Insert"; DROP TRIGGER "Requests_Search_Delete"; DROP TRIGGER "Requests_Search_Update";
                DROP TABLE "RequestSearch";
                ALTER TABLE "{Messages}" DROP COLUMN "TextIndexed";
                """);
            IndexRequestLists.CreateSqliteSearch(migrationBuilder);
            return;
        }

        migrationBuilder.DropColumn("TextIndexed", Messages);
    }

    /// <summary>
    /// A GIN trigram index over lower("Text") of the messages, with the operator class in pg_trgm's own schema; nothing
    /// where the extension is missing (IndexRequestLists created it where it could).
    /// </summary>
    private static string TextTrigramIndex(string name, string where) => $"""
        DO $trgm$
        DECLARE trgm name;
        BEGIN
            SELECT n.nspname INTO trgm FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm';
            IF trgm IS NOT NULL THEN
                EXECUTE format('CREATE INDEX "{name}" ON "{Messages}" USING gin (lower("Text") %I.gin_trgm_ops){where}', trgm);
            END IF;
        END $trgm$;
        """;

    /// <summary>
    /// The sender's FTS5 table as before, without the text; the text's own FTS5 table (external content, like the others)
    /// holds the rows whose flag is true: a row enters when its flag turns true and leaves (with the values it was
    /// indexed with, as external content requires) when it is deleted or its flag turns false (to index it anew); a
    /// changed text of an indexed row is indexed anew at once. The partial index lists the rows not indexed yet.
    /// </summary>
    private static void CreateSqliteSearch(MigrationBuilder migrationBuilder)
    {
        const string senders = "\"FromAddress\", \"FromName\"";
        const string insertSenders = $"""INSERT INTO "MessageSearch" (rowid, {senders}) VALUES (new.rowid, new."FromAddress", new."FromName");""";
        const string deleteSenders = $"""INSERT INTO "MessageSearch" ("MessageSearch", rowid, {senders}) VALUES ('delete', old.rowid, old."FromAddress", old."FromName");""";
        const string insertText = """INSERT INTO "MessageTextSearch" (rowid, "Text") VALUES (new.rowid, new."Text");""";
        const string deleteText = """INSERT INTO "MessageTextSearch" ("MessageTextSearch", rowid, "Text") VALUES ('delete', old.rowid, old."Text");""";
        migrationBuilder.Sql($"""
            CREATE VIRTUAL TABLE "MessageSearch" USING fts5({senders}, content='{Messages}', tokenize='trigram');
            CREATE TRIGGER "{Messages}_Search_Insert" AFTER INSERT ON "{Messages}" BEGIN {insertSenders} END;
            CREATE TRIGGER "{Messages}_Search_Delete" AFTER DELETE ON "{Messages}" BEGIN {deleteSenders} END;
            CREATE TRIGGER "{Messages}_Search_Update" AFTER UPDATE OF {senders} ON "{Messages}" BEGIN {deleteSenders} {insertSenders} END;
            INSERT INTO "MessageSearch" ("MessageSearch") VALUES ('rebuild');
            CREATE VIRTUAL TABLE "MessageTextSearch" USING fts5("Text", content='{Messages}', tokenize='trigram');
            CREATE TRIGGER "{Messages}_Search_TextIndexed" AFTER UPDATE OF "TextIndexed" ON "{Messages}"
                WHEN new."TextIndexed" AND NOT old."TextIndexed" BEGIN {insertText} END;
            CREATE TRIGGER "{Messages}_Search_TextUnindexed" AFTER UPDATE OF "TextIndexed" ON "{Messages}"
                WHEN old."TextIndexed" AND NOT new."TextIndexed" BEGIN {deleteText} END;
            CREATE TRIGGER "{Messages}_Search_TextDelete" AFTER DELETE ON "{Messages}" WHEN old."TextIndexed" BEGIN {deleteText} END;
            CREATE TRIGGER "{Messages}_Search_TextUpdate" AFTER UPDATE OF "Text" ON "{Messages}"
                WHEN old."TextIndexed" AND new."TextIndexed" BEGIN {deleteText} {insertText} END;
            CREATE INDEX "IX_RequestMessages_Search_Pending" ON "{Messages}" ("TextIndexed") WHERE NOT "TextIndexed";
            """);
    }
}
